import type { AccountSummary } from '../../../shared/contract';
import { LiveBadge } from '../features/connections/components/LiveBadge';
import { SessionControls } from '../features/session/components/SessionControls';
import { ConnectionIndicator } from './ConnectionIndicator';
import { useConnectionStatus } from './useConnectionStatus';

export type View = 'trading' | 'connections';

const VIEWS: ReadonlyArray<{ id: View; label: string }> = [
  { id: 'trading', label: 'Trading' },
  { id: 'connections', label: 'Connections' },
];

interface TopBarProps {
  account: AccountSummary | undefined;
  view: View;
  onViewChange(view: View): void;
}

/**
 * Brand, the views, the unmistakable PAPER badge (the session) and, while any real-money
 * account may trade, the red LIVE badge after the session's name; the replay clock and the connection.
 */
export function TopBar({ account, view, onViewChange }: TopBarProps) {
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
      <nav className="topbar__nav" aria-label="Views">
        {VIEWS.map((item) => (
          <button
            key={item.id}
            type="button"
            className={`topbar__tab${view === item.id ? ' is-current' : ''}`}
            aria-current={view === item.id ? 'page' : undefined}
            onClick={() => onViewChange(item.id)}
          >
            {item.label}
          </button>
        ))}
      </nav>
      <span
        className={`mode-badge ${live ? 'mode-badge--live' : 'mode-badge--paper'}`}
        title={live ? 'Orders go to a real venue' : 'Simulated orders: no real money is involved'}
      >
        {live ? 'LIVE' : 'PAPER'}
      </span>
      <span className="topbar__account">{account?.name ?? 'Local paper session'}</span>
      <LiveBadge onOpen={() => onViewChange('connections')} />
      <span className="topbar__note">Sample market data · fictional symbols</span>
      <div className="topbar__spacer" />
      <SessionControls live={connected} />
      <ConnectionIndicator />
    </header>
  );
}
