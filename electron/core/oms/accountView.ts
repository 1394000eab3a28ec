import type { AccountSummary, Position } from '../../../shared/contract';
import { notFound } from '../api/errors';
import { Decimal, ZERO, decStr } from '../domain/decimal';
import { unrealizedPnl, type PositionState } from '../domain/position';
import type { AccountRepo } from '../store/repos/accountRepo';

const cents = (d: Decimal) => decStr(d.toDecimalPlaces(2, Decimal.ROUND_HALF_UP));

/**
 * Account and positions as the user sees them: the OMS books valued at the last price.
 * Today's P&L is equity now minus equity at the start of the market day; total P&L is
 * realised plus unrealised since the account opened. They are different numbers.
 */
export class AccountView {
  constructor(
    private readonly d: {
      accounts: AccountRepo;
      mark: (symbol: string) => Decimal | null;
      /** The current market day, YYYY-MM-DD. */
      marketDay: () => string;
      now: () => number;
    },
  ) {}

  positions(accountId: string): Position[] {
    return this.d.accounts
      .positions(accountId)
      .filter((p) => !p.qty.isZero())
      .map((p) => this.toDto(p));
  }

  summary(accountId: string): AccountSummary {
    const account = this.d.accounts.get(accountId);
    if (!account) throw notFound(`No account ${accountId}`);
    const positions = this.d.accounts.positions(accountId);
    let positionsValue = ZERO;
    let unrealized = ZERO;
    let realized = ZERO;
    for (const p of positions) {
      const mark = this.d.mark(p.symbol) ?? p.avgPrice;
      positionsValue = positionsValue.plus(p.qty.times(mark));
      unrealized = unrealized.plus(unrealizedPnl(p, mark));
      realized = realized.plus(p.realizedPnl);
    }
    const equity = account.cash.plus(positionsValue);
    const today = this.d.marketDay();
    let dayStartEquity = account.dayStartEquity;
    if (account.dayStartDate !== today) {
      // First look at the account on a new market day: today's P&L starts from here.
      this.d.accounts.rollDay(accountId, today, equity);
      dayStartEquity = equity;
    }
    return {
      accountId,
      name: account.name,
      venue: account.venue,
      mode: account.mode,
      currency: account.currency,
      cash: cents(account.cash),
      equity: cents(equity),
      // A cash account: what can be spent is the cash (never below zero).
      buyingPower: cents(Decimal.max(account.cash, ZERO)),
      positionsValue: cents(positionsValue),
      realizedPnl: cents(realized),
      unrealizedPnl: cents(unrealized),
      dayPnl: cents(equity.minus(dayStartEquity)),
      dayStartEquity: cents(dayStartEquity),
      updatedAt: this.d.now(),
    };
  }

  private toDto(p: PositionState): Position {
    const mark = this.d.mark(p.symbol);
    const valuation = mark ?? p.avgPrice;
    return {
      accountId: p.accountId,
      symbol: p.symbol,
      qty: decStr(p.qty),
      avgPrice: decStr(p.avgPrice.toDecimalPlaces(8)),
      marketPrice: mark ? decStr(mark) : null,
      marketValue: cents(p.qty.times(valuation)),
      costBasis: cents(p.qty.times(p.avgPrice)),
      unrealizedPnl: cents(unrealizedPnl(p, valuation)),
      realizedPnl: cents(p.realizedPnl),
      updatedAt: p.updatedAt,
    };
  }
}
