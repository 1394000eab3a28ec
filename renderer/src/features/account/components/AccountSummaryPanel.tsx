import type { AccountSummary } from '../../../../../shared/contract';
import { SignedMoney } from '../../../components/Numbers';
import { isApiError } from '../../../api';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States';
import { directionOf, formatMoney, formatPercent, formatTime } from '../../../lib/format';
import { useAccountSummary } from '../api/getAccountSummary';

/** Day P&L as a share of the day's starting equity; a display figure only. */
function dayPnlFraction(account: AccountSummary): number | null {
  const start = Number(account.dayStartEquity);
  return start > 0 ? Number(account.dayPnl) / start : null;
}

interface AccountSummaryPanelProps {
  accountId: string;
  /** False while the account's venue is unreachable: the figures are the last known. */
  connected: boolean;
}

/** Cash, equity, day P&L and buying power of the selected trading account. */
export function AccountSummaryPanel({ accountId, connected }: AccountSummaryPanelProps) {
  const account = useAccountSummary(accountId);
  if (account.isPending) return <LoadingState>Loading account…</LoadingState>;
  if (account.isError) {
    // A broker account the engine has never reached has no books yet: not an error to retry by hand.
    if (isApiError(account.error) && account.error.code === 'NOT_FOUND') {
      return (
        <EmptyState>
          {account.error.message}. Its cash and positions appear once it connects; see Connections if it does not.
        </EmptyState>
      );
    }
    return <ErrorState error={account.error} what="the account" onRetry={() => void account.refetch()} />;
  }
  const summary = account.data;
  const currency = summary.currency;
  return (
    <>
      <p className={`account-summary__source${connected ? '' : ' is-stale'}`}>
        <span className="account-summary__name">{summary.name}</span>
        <span>{connected ? `as of ${formatTime(summary.updatedAt)}` : `last known · ${formatTime(summary.updatedAt)}`}</span>
      </p>
      <dl className="account-summary" aria-label="Account summary">
        <div className="account-summary__item account-summary__item--major">
          <dt>Equity</dt>
          <dd className="num">{formatMoney(summary.equity, currency)}</dd>
        </div>
        <div className="account-summary__item account-summary__item--major">
          <dt>Day P&amp;L</dt>
          <dd className="num">
            <SignedMoney value={summary.dayPnl} currency={currency} />{' '}
            <span className={`num account-summary__pct ${directionOf(summary.dayPnl)}`}>
              {formatPercent(dayPnlFraction(summary))}
            </span>
          </dd>
        </div>
        <div className="account-summary__item">
          <dt>Cash</dt>
          <dd className="num">{formatMoney(summary.cash, currency)}</dd>
        </div>
        <div className="account-summary__item">
          <dt>Buying power</dt>
          <dd className="num">{formatMoney(summary.buyingPower, currency)}</dd>
        </div>
        <div className="account-summary__item">
          <dt>Positions value</dt>
          <dd className="num">{formatMoney(summary.positionsValue, currency)}</dd>
        </div>
        <div className="account-summary__item">
          <dt>Unrealized P&amp;L</dt>
          <dd className="num">
            <SignedMoney value={summary.unrealizedPnl} currency={currency} />
          </dd>
        </div>
        <div className="account-summary__item">
          <dt>Realized P&amp;L</dt>
          <dd className="num">
            <SignedMoney value={summary.realizedPnl} currency={currency} />
          </dd>
        </div>
      </dl>
    </>
  );
}
