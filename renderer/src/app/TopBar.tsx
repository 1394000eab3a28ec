import { useState } from 'react';
import type { TradingAccount } from '../../../shared/contract';
import { AccountPicker } from '../features/accounts/components/AccountPicker';
import { LiveBadge } from '../features/connections/components/LiveBadge';
import { useOpenIssueCount } from '../features/reconcile/api/listReconcileIssues';
import { KillSwitchButton } from '../features/risk/components/KillSwitchButton';
import { TradingStateBanner } from '../features/risk/components/TradingStateBanner';
import { SessionControls } from '../features/session/components/SessionControls';
import { ConnectionIndicator } from './ConnectionIndicator';
import { TOOL_VIEWS } from './toolViews';
import { useConnectionStatus } from './useConnectionStatus';
import { useKillSwitchShortcut } from './useKeyboardShortcuts';

/** The built-in views, or the id of one of TOOL_VIEWS. */
export type View = 'trading' | 'reconcile' | 'audit' | 'connections' | (string & {});

const VIEWS: ReadonlyArray<{ id: View; label: string }> = [
  { id: 'trading', label: 'Trading' },
  ...TOOL_VIEWS.map((v) => ({ id: v.id, label: v.label })),
  { id: 'reconcile', label: 'Reconciliation' },
  { id: 'audit', label: 'Audit' },
  { id: 'connections', label: 'Connections' },
];

interface TopBarProps {
  accounts: readonly TradingAccount[];
  /** The account the trading view works on. */
  account: TradingAccount | undefined;
  onSelectAccount(accountId: string): void;
  view: View;
  onViewChange(view: View): void;
}

/**
 * Brand, the views (Reconciliation with a count of open issues), the account picker with the
 * selected account's PAPER / LIVE badge, the red LIVE badge while any real-money account may
 * trade, the kill switch (button and Ctrl/Cmd+Shift+K), the replay clock and the engine
 * connection; under it, on every view, the HALTED (or reduce-only) banner.
 */
export function TopBar({ accounts, account, onSelectAccount, view, onViewChange }: TopBarProps) {
  const live = account?.mode === 'live';
  const connected = useConnectionStatus().state === 'connected';
  const openIssues = useOpenIssueCount();
  const [killSwitchOpen, setKillSwitchOpen] = useState(false);
  useKillSwitchShortcut(() => setKillSwitchOpen(true));
  // The kill switch is one for every account; the state banner follows the account on screen.
  const riskAccountId = account?.accountId ?? 'paper';
  return (
    <>
      <header className="topbar">
        <div className="topbar__brand">
          <span className="topbar__logo" aria-hidden="true">
            ◆
          </span>
          <h1 className="topbar__title">Trading Workstation</h1>
        </div>
        <nav className="topbar__nav" aria-label="Views">
          {VIEWS.map((item) => {
            const badge = item.id === 'reconcile' && openIssues > 0 ? openIssues : null;
            return (
              <button
                key={item.id}
                type="button"
                className={`topbar__tab${view === item.id ? ' is-current' : ''}`}
                aria-current={view === item.id ? 'page' : undefined}
                aria-label={badge ? `${item.label}, ${badge} open ${badge === 1 ? 'issue' : 'issues'}` : undefined}
                onClick={() => onViewChange(item.id)}
              >
                {item.label}
                {badge ? (
                  <span className="tab-badge" aria-hidden="true">
                    {badge}
                  </span>
                ) : null}
              </button>
            );
          })}
        </nav>
        <span
          className={`mode-badge ${live ? 'mode-badge--live' : 'mode-badge--paper'}`}
          title={
            live
              ? 'Orders from the ticket go to a real-money account'
              : account && account.venue !== 'paper'
                ? 'A paper account at the venue: no real money is involved'
                : 'Simulated orders: no real money is involved'
          }
        >
          {live ? 'LIVE' : 'PAPER'}
        </span>
        <AccountPicker accounts={accounts} selected={account} onSelect={onSelectAccount} />
        <LiveBadge onOpen={() => onViewChange('connections')} />
        <span className="topbar__note" title="Sample market data · fictional symbols">
          Sample market data · fictional symbols
        </span>
        <div className="topbar__spacer" />
        <KillSwitchButton accountId={riskAccountId} dialogOpen={killSwitchOpen} onDialogOpenChange={setKillSwitchOpen} />
        <SessionControls live={connected} />
        <ConnectionIndicator />
      </header>
      <TradingStateBanner accountId={riskAccountId} onOpenRisk={() => onViewChange('risk')} />
    </>
  );
}
