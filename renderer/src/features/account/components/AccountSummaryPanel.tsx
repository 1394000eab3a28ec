import type { AccountSummary } from '../../../../../shared/contract';
import { SignedMoney } from '../../../components/Numbers';
import { ErrorState, LoadingState } from '../../../components/States';
import { directionOf, formatMoney, formatPercent } from '../../../lib/format';
import { useAccountSummary } from '../api/getAccountSummary';

/** Day P&L as a share of the day's starting equity; a display figure only. */
function dayPnlFraction(account: AccountSummary): number | null {
  const start = Number(account.dayStartEquity);
  return start > 0 ? Number(account.dayPnl) / start : null;
}

/** Cash, equity, day P&L and buying power of the paper account. */
export function AccountSummaryPanel() {
  const account = useAccountSummary();
  if (account.isPending) return <LoadingState>Loading account…</LoadingState>;
  if (account.isError) return <ErrorState error={account.error} what="the account" onRetry={() => void account.refetch()} />;
  const summary = account.data;
  const currency = summary.currency;
  return (
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
  );
}
