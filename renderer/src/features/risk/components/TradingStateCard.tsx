import type { RiskStatus } from '../../../../../shared/contract';
import { describeError } from '../../../api';
import { formatDateTime } from '../../../lib/format';
import { useSetTradingState } from '../api/setTradingState';
import { STATE_TEXT } from '../lib/describeRisk';

interface TradingStateCardProps {
  status: RiskStatus;
  accountName: string;
  onResume(): void;
}

/** The state in big letters with why, and the user's choice between ACTIVE and reduce-only. */
export function TradingStateCard({ status, accountName, onResume }: TradingStateCardProps) {
  const setState = useSetTradingState();
  const { state, stateReason, killSwitch } = status;
  const halted = state === 'HALTED';
  const choose = (next: 'ACTIVE' | 'REDUCING') => setState.mutate({ accountId: status.accountId, state: next });
  return (
    <div className="risk-state">
      <div className={`risk-state__banner risk-state__banner--${state.toLowerCase()}`} role="status" aria-label="Trading state">
        <span className="risk-state__word">{STATE_TEXT[state].label}</span>
        <span className="risk-state__account">{accountName}</span>
      </div>
      <p className="risk-state__reason">
        {stateReason ?? 'Every order is checked against the limits below before it reaches a venue.'}
      </p>
      <p className="risk-state__meaning">{STATE_TEXT[state].meaning}</p>
      {halted ? (
        <div className="risk-state__kill">
          <p>
            {[
              killSwitch.at ? `Engaged ${formatDateTime(killSwitch.at)}` : 'Engaged',
              killSwitch.cancelOpen ? 'open orders cancelled' : 'open orders left working',
              killSwitch.flatten ? 'positions flattened' : 'positions kept',
            ].join(' · ')}
            {killSwitch.reason ? `. Reason: ${killSwitch.reason}` : ''}
          </p>
          <button type="button" className="button button--primary" aria-haspopup="dialog" onClick={onResume}>
            Resume trading…
          </button>
        </div>
      ) : (
        <div className="risk-state__actions" role="group" aria-label="Set the trading state">
          <button
            type="button"
            className={`button risk-state__choice${state === 'ACTIVE' ? ' is-current' : ''}`}
            aria-pressed={state === 'ACTIVE'}
            disabled={setState.isPending}
            onClick={() => choose('ACTIVE')}
            title="Orders are checked against the limits and sent"
          >
            Set ACTIVE
          </button>
          <button
            type="button"
            className={`button risk-state__choice risk-state__choice--reducing${state === 'REDUCING' ? ' is-current' : ''}`}
            aria-pressed={state === 'REDUCING'}
            disabled={setState.isPending}
            onClick={() => choose('REDUCING')}
            title="Only orders that make a position smaller are sent"
          >
            Set REDUCING
          </button>
        </div>
      )}
      {setState.isError ? (
        <p className="form-error" role="alert">
          Could not change the state: {describeError(setState.error)}
        </p>
      ) : null}
    </div>
  );
}
