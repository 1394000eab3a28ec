import type { AccountSummary } from '../../../shared/contract';
import { SessionControls } from '../features/session/components/SessionControls';
import { ConnectionIndicator } from './ConnectionIndicator';
import { useConnectionStatus } from './useConnectionStatus';

/** Brand, the unmistakable PAPER badge, the replay clock and the connection. */
export function TopBar({ account }: { account: AccountSummary | undefined }) {
  const live = account?.mode === 'live';
  const connected = useConnectionStatus().state === 'connected';
  return (
    <header className="topbar">
      <div className="topbar__brand">
        <span className="topbar__logo" aria-hidden="true">
          ◆
        </span>
        <h1 className="topbar__title">Trading Workstation</h1>
      </div>
      <span
        className={`mode-badge ${live ? 'mode-badge--live' : 'mode-badge--paper'}`}
        title={live ? 'Orders go to a real venue' : 'Simulated orders: no real money is involved'}
      >
        {live ? 'LIVE' : 'PAPER'}
      </span>
      <span className="topbar__account">{account?.name ?? 'Local paper session'}</span>
      <span className="topbar__note">Sample market data · fictional symbols</span>
      <div className="topbar__spacer" />
      <SessionControls live={connected} />
      <ConnectionIndicator />
    </header>
  );
}
