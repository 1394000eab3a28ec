import { useState } from 'react';
import { formatTime } from '../../../lib/format';
import { useRiskStatus } from '../api/getRiskStatus';
import { ResumeTradingDialog } from './ResumeTradingDialog';
import '../risk.css';

interface TradingStateBannerProps {
  accountId: string;
  /** Opens the Risk view (from the reduce-only banner). */
  onOpenRisk?: () => void;
}

/**
 * Under the top bar on every view: HALTED while the kill switch is engaged, with the way
 * back; a quieter line while the account on screen is reduce-only.
 */
export function TradingStateBanner({ accountId, onOpenRisk }: TradingStateBannerProps) {
  const status = useRiskStatus(accountId);
  const [resuming, setResuming] = useState(false);
  const data = status.data;
  if (!data) return null;
  if (data.state === 'HALTED') {
    const kill = data.killSwitch;
    const what = [kill.cancelOpen ? 'open orders cancelled' : null, kill.flatten ? 'positions flattened' : null].filter(Boolean).join(', ');
    return (
      <div className="halt-banner" role="alert" aria-label="Trading halted">
        <span className="halt-banner__word">HALTED</span>
        <span className="halt-banner__text">
          Kill switch engaged{kill.at ? ` at ${formatTime(kill.at)}` : ''}
          {kill.by ? ` by ${kill.by}` : ''}
          {what ? ` (${what})` : ''}. No order is sent on any account until trading is resumed.
        </span>
        <button type="button" className="button button--small halt-banner__resume" aria-haspopup="dialog" onClick={() => setResuming(true)}>
          Resume trading…
        </button>
        {resuming ? <ResumeTradingDialog onClose={() => setResuming(false)} /> : null}
      </div>
    );
  }
  if (data.state === 'REDUCING') {
    return (
      <div className="reducing-banner" role="status" aria-label="Reduce-only">
        <span className="reducing-banner__word">REDUCING</span>
        <span>{data.stateReason ?? 'Reduce-only'}: only orders that make a position smaller are sent.</span>
        {onOpenRisk ? (
          <button type="button" className="button button--small" onClick={onOpenRisk}>
            Risk view
          </button>
        ) : null}
      </div>
    );
  }
  return null;
}
