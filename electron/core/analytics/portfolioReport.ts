/**
 * portfolio.report: the equity curve, P&L, metrics, exposure and correlations of an
 * account, or of one bot's or one symbol's slice of it.
 *
 * - The account: the curve is the recorded equity snapshots plus the equity now; P&L is the
 *   account's own books (what AccountView shows), so the numbers agree with the account panel.
 * - A bot or a symbol: everything comes from that scope's fills: P&L from replaying them with
 *   the OMS's average-cost rule, trades from FIFO lots, and a curve rebuilt as
 *   (account equity when the scope began) + (the scope's cash flow + its open units marked),
 *   so its returns are its contribution to the account's returns.
 *
 * P&L is since the account (or scope) began; `from` narrows the curve, the daily returns,
 * the metrics and the trades counted, never the P&L totals. Money is decimal until the
 * curve and the metrics, which are floats by contract.
 */
import type { Fill } from '../../../shared/contract/orders';
import type { PortfolioReport } from '../../../shared/contract/portfolio';
import { notFound } from '../api/errors';
import { Decimal, ZERO, decStr } from '../domain/decimal';
import type { PositionState } from '../domain/position';
import type { AccountView } from '../oms/accountView';
import type { AccountRecord, AccountRepo } from '../store/repos/accountRepo';
import type { FillRepo } from '../store/repos/fillRepo';
import type { OrderRepo } from '../store/repos/orderRepo';
import { bookFills, type BookedFill } from './bookedFill';
import { correlationMatrix } from './correlation';
import type { EquityRecorder } from './equitySnapshots';
import { exposureRows, sectorKeys, UNASSIGNED, type SymbolGroup, type ValuedPosition } from './exposure';
import { computeMetrics } from './metrics';
import { positionIntervals } from './positionTime';
import { matchRoundTrips } from './roundTrips';
import { replayBooks, unrealizedAt, valueAt, type PriceAt } from './scopeBooks';
import { settle } from './settle';
import { cumulative, dailyReturns, daySpans, type DayOf } from './series';

export interface PortfolioDeps {
  fills: Pick<FillRepo, 'list'>;
  /** Order owners tell bots apart: 'bot:<id>'. */
  orders: Pick<OrderRepo, 'list'>;
  accounts: { view: Pick<AccountView, 'summary'>; repo: Pick<AccountRepo, 'get' | 'positions'> };
  equity: Pick<EquityRecorder, 'curve' | 'pointAtOrBefore'>;
  /** The last price now; null when there is none (positions are then valued at their average cost). */
  mark: (symbol: string) => Decimal | null;
  /** Risk groups; those of kind 'sector' give the sectors. Without them every symbol is 'Unassigned'. */
  groups?: () => readonly SymbolGroup[];
  /**
   * Now on the account's clock: the sample market's time for the paper account, wall time for
   * a broker account (its fills carry the venue's times).
   */
  now: (accountId: string) => number;
  /** The market day of a time; default the UTC date, as the paper account rolls its day. */
  dayOf?: DayOf;
  /**
   * The price of a symbol at or before t (e.g. the close of the last 1-minute bar). Marks a
   * bot's or symbol's open units between fills (without it they keep the last fill's
   * price) and gives the correlations (without it the matrix is null).
   */
  priceAt?: PriceAt;
  /** Asset class of a symbol (instruments' assetClass): the keys of exposure.byGroup. */
  assetClassOf?: (symbol: string) => string | undefined;
}

export interface PortfolioQuery {
  accountId: string;
  botId?: string;
  symbol?: string;
  from?: number;
}

/** Every row: the stores cap a list, and a report must see all of an account's history. */
const ALL_ROWS = 1_000_000_000;
/** A correlation matrix beyond this many symbols is unreadable and quadratic to build. */
export const MAX_CORRELATED_SYMBOLS = 50;

const utcDay: DayOf = (t) => new Date(t).toISOString().slice(0, 10);
const cents = (d: Decimal) => decStr(d.toDecimalPlaces(2, Decimal.ROUND_HALF_UP));

interface Curve {
  t: number[];
  v: number[];
}

/** What differs between the account and a slice of it; the rest of the report is shared. */
interface ScopeView {
  curve: Curve;
  realized: Decimal;
  unrealized: Decimal;
  today: Decimal;
  fees: Decimal;
  positions: ValuedPosition[];
}

export function buildPortfolioReport(deps: PortfolioDeps, query: PortfolioQuery): PortfolioReport {
  const account = deps.accounts.repo.get(query.accountId);
  if (!account) throw notFound(`No account ${query.accountId}`);
  const dayOf = deps.dayOf ?? utcDay;
  const now = deps.now(query.accountId);
  const from = query.from ?? 0;
  const booked = bookFills(scopeFills(deps, query), account.currency);
  const isAccount = query.botId === undefined && query.symbol === undefined;
  const view = isAccount ? accountScope(deps, account, booked, from, now) : sliceScope(deps, account, booked, from, now, dayOf);

  const { curve } = view;
  const daily = dailyReturns(curve, dayOf);
  const windowFrom = curve.t[0] ?? from;
  const windowTo = curve.t[curve.t.length - 1] ?? now;
  const trades = matchRoundTrips(booked).trades.filter((t) => t.exitAt >= from);
  const tradedNotional = booked.filter((f) => f.at >= windowFrom && f.at <= windowTo).reduce((sum, f) => sum.plus(f.notional), ZERO);
  const metrics = computeMetrics({ equity: curve, dayOf, daily, trades, positionIntervals: positionIntervals(booked, now), tradedNotional });

  const groups = deps.groups?.() ?? [];
  const assetClass = deps.assetClassOf;
  return {
    accountId: account.id,
    scope: { botId: query.botId ?? null, symbol: query.symbol ?? null },
    currency: account.currency,
    equityCurve: { t: curve.t, equity: curve.v },
    pnl: {
      realized: cents(view.realized),
      unrealized: cents(view.unrealized),
      today: cents(view.today),
      total: cents(view.realized.plus(view.unrealized)),
      fees: cents(view.fees),
    },
    dailyReturns: { day: daily.day, ret: daily.ret, cumulative: cumulative(daily.ret) },
    metrics,
    exposure: {
      bySymbol: exposureRows(view.positions, (s) => [s]),
      bySector: exposureRows(view.positions, sectorKeys(groups)),
      byGroup: exposureRows(view.positions, (s) => [assetClass?.(s) ?? UNASSIGNED]),
    },
    correlation: correlations(deps, correlatedSymbols(booked, view.positions), curve, now, dayOf),
  };
}

/** The account's fills, narrowed to a bot's orders and/or a symbol; in the store's order (newest first). */
function scopeFills(deps: PortfolioDeps, q: PortfolioQuery): Fill[] {
  const fills = deps.fills.list({ symbol: q.symbol, limit: ALL_ROWS }).filter((f) => f.accountId === q.accountId);
  if (q.botId === undefined) return fills;
  const owner = `bot:${q.botId}`;
  const botOrders = new Set(
    deps.orders
      .list({ scope: 'all', accountId: q.accountId, symbol: q.symbol, limit: ALL_ROWS })
      .filter((o) => o.owner === owner)
      .map((o) => o.id),
  );
  return fills.filter((f) => botOrders.has(f.orderId));
}

/**
 * The whole account, from its books: realised (net of cash fees: the position rows keep it
 * gross, the fees left through cash) plus unrealised at the mark; today's P&L is the
 * account view's (equity now minus equity at the start of the market day).
 */
function accountScope(deps: PortfolioDeps, account: AccountRecord, booked: readonly BookedFill[], from: number, now: number): ScopeView {
  const summary = deps.accounts.view.summary(account.id);
  const positions = deps.accounts.repo.positions(account.id);
  let realizedGross = ZERO;
  for (const p of positions) realizedGross = realizedGross.plus(p.realizedPnl);
  let cashFees = ZERO;
  let fees = ZERO;
  for (const f of booked) {
    cashFees = cashFees.plus(f.cashFee);
    fees = fees.plus(f.feeValue);
  }
  const valued = valuedPositions(positions, deps.mark);
  const equityNow = valued.reduce((sum, p) => sum.plus(p.qty.times(p.price)), account.cash);
  const curve: Curve = deps.equity.curve(account.id, from);
  appendNow(curve, now, equityNow.toNumber());
  return {
    curve,
    realized: settle(realizedGross).minus(cashFees),
    unrealized: unrealizedAt(positions, deps.mark),
    today: new Decimal(summary.dayPnl),
    fees,
    positions: valued,
  };
}

/**
 * A bot's or a symbol's slice: books replayed from its fills; its curve evaluated at each
 * fill, at the end of each market day the account was recorded on, at the start of today,
 * and now. The first point, just before the first fill, is the base: the account's equity
 * then (its recorded snapshot, or its starting cash).
 */
function sliceScope(deps: PortfolioDeps, account: AccountRecord, booked: readonly BookedFill[], from: number, now: number, dayOf: DayOf): ScopeView {
  const books = replayBooks(account.id, booked);
  const open = [...books.positions.values()];
  const valued = valuedPositions(open, deps.mark);
  const realized = books.realizedGross.minus(books.cashFees);
  const unrealized = unrealizedAt(open, deps.mark);
  const first = booked[0];
  if (!first) return { curve: { t: [], v: [] }, realized, unrealized, today: ZERO, fees: books.feeValue, positions: valued };

  const startedAt = first.at - 1;
  const base = new Decimal(deps.equity.pointAtOrBefore(account.id, startedAt)?.equity ?? account.startingCash);
  const recorded = deps.equity.curve(account.id, first.at, now).t;
  const dayEnds = daySpans(recorded, dayOf).map((s) => recorded[s.last]!);
  const today = dayOf(now);
  const todayStartsAt = startOfDay(now, startedAt, dayOf);
  const times = uniqueAscending([
    startedAt,
    ...booked.map((f) => f.at),
    ...dayEnds,
    ...(todayStartsAt > startedAt ? [todayStartsAt - 1] : []),
    ...(from > startedAt && from < now ? [from] : []),
    now,
  ]).filter((t) => t >= startedAt && t <= now);

  const avgPrice = new Map(open.map((p) => [p.symbol, p.avgPrice]));
  // Now is valued exactly as the P&L is (mark, else average cost); earlier points at the price then.
  const price: PriceAt = (symbol, t) => (t >= now ? (deps.mark(symbol) ?? avgPrice.get(symbol) ?? null) : (deps.priceAt?.(symbol, t) ?? null));
  const values = valueAt(booked, times, base, price);

  // Today starts from the last point of an earlier day (times ascend, dayOf never decreases).
  let dayStartValue = base;
  times.forEach((t, i) => {
    if (t < todayStartsAt && dayOf(t) !== today) dayStartValue = values[i]!;
  });
  const nowValue = values[values.length - 1]!;
  const curve: Curve = { t: [], v: [] };
  times.forEach((t, i) => {
    if (t >= from) {
      curve.t.push(t);
      curve.v.push(values[i]!.toNumber());
    }
  });
  return { curve, realized, unrealized, today: nowValue.minus(dayStartValue), fees: books.feeValue, positions: valued };
}

function valuedPositions(positions: readonly PositionState[], mark: (symbol: string) => Decimal | null): ValuedPosition[] {
  return positions.filter((p) => !p.qty.isZero()).map((p) => ({ symbol: p.symbol, qty: p.qty, price: mark(p.symbol) ?? p.avgPrice }));
}

/** The curve ends at the equity now: the last snapshot can be up to a minute old. */
function appendNow(curve: Curve, now: number, equity: number): void {
  const last = curve.t.length - 1;
  if (last >= 0 && curve.t[last]! > now) return;
  if (last >= 0 && curve.t[last] === now) curve.v[last] = equity;
  else {
    curve.t.push(now);
    curve.v.push(equity);
  }
}

/**
 * The first millisecond of now's market day, found by bisection over [lowerBound, now]
 * (dayOf never decreases, so ~40 calls). When lowerBound is already in today, the scope
 * began today and its day starts with it.
 */
export function startOfDay(now: number, lowerBound: number, dayOf: DayOf): number {
  const today = dayOf(now);
  if (dayOf(lowerBound) === today) return lowerBound;
  let before = lowerBound;
  let inDay = now;
  while (inDay - before > 1) {
    const mid = Math.floor((before + inDay) / 2);
    if (dayOf(mid) === today) inDay = mid;
    else before = mid;
  }
  return inDay;
}

function uniqueAscending(xs: number[]): number[] {
  const sorted = xs.filter(Number.isFinite).sort((a, b) => a - b);
  return sorted.filter((x, i) => i === 0 || x !== sorted[i - 1]);
}

/** Symbols with open positions, then the most traded by notional; at most MAX_CORRELATED_SYMBOLS. */
function correlatedSymbols(booked: readonly BookedFill[], open: readonly ValuedPosition[]): string[] {
  const notional = new Map<string, Decimal>();
  for (const f of booked) notional.set(f.symbol, (notional.get(f.symbol) ?? ZERO).plus(f.notional));
  const held = open.map((p) => p.symbol);
  const traded = [...notional.entries()].sort((a, b) => b[1].comparedTo(a[1]) || a[0].localeCompare(b[0])).map(([s]) => s);
  return [...new Set([...held, ...traded])].slice(0, MAX_CORRELATED_SYMBOLS);
}

/**
 * Pearson correlations of the symbols' daily price returns over the report's days: close
 * to close, a day's close being the price at its last curve point (now for today).
 */
function correlations(deps: PortfolioDeps, symbols: string[], curve: Curve, now: number, dayOf: DayOf): PortfolioReport['correlation'] {
  const priceAt = deps.priceAt;
  if (!priceAt || symbols.length === 0) return { symbols, matrix: symbols.map(() => symbols.map(() => null)) };
  const closesAt = daySpans(curve.t, dayOf).map((s) => curve.t[s.last]!);
  const returnsOf = (symbol: string): Array<number | null> => {
    const closes = closesAt.map((t) => (t >= now ? (deps.mark(symbol) ?? priceAt(symbol, t)) : priceAt(symbol, t)));
    return closes.slice(1).map((close, i) => {
      const prev = closes[i];
      return close && prev && prev.gt(0) ? close.div(prev).minus(1).toNumber() : null;
    });
  };
  // fromEntries defines own properties, so even a symbol spelled like "__proto__" is just a key.
  return correlationMatrix(Object.fromEntries(symbols.map((s) => [s, returnsOf(s)])));
}
