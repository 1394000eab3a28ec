/**
 * Performance metrics of an equity curve and its trades: the one place that turns them into
 * the contract's Metrics, for accounts, bots, symbols and backtests alike. Pure functions
 * over floats (see series.ts for the tolerance); money totals arrive as decimals.
 *
 * Every field is null when the data do not define it (no trades, no variance, a single
 * point), and the output never holds NaN or Infinity: each value passes finiteOrNull.
 */
import type { Metrics } from '../../../shared/contract/portfolio';
import type { Decimal } from '../domain/decimal';
import { exposureFraction, type Interval } from './positionTime';
import { calmar, historicalVar95, sharpe, sortino } from './ratios';
import { dailyReturns, finiteOrNull, maxDrawdown, timeWeightedMean, type DailyReturns, type DayOf, type TimeSeries } from './series';
import { tradeStats, type TradeOutcome } from './tradeStats';

export { correlationMatrix, pearson, type AlignedReturns } from './correlation';
export { exposureFraction, positionIntervals, type Interval } from './positionTime';
export { annualisedReturn, calmar, downsideDeviation, historicalVar95, sampleStd, sharpe, sortino, TRADING_DAYS_PER_YEAR, VAR95_MIN_OBSERVATIONS } from './ratios';
export { cumulative, dailyReturns, daySpans, finiteOrNull, maxDrawdown, timeWeightedMean, type DailyReturns, type DayOf, type Drawdown, type TimeSeries } from './series';
export { tradeStats, type TradeOutcome, type TradeStats } from './tradeStats';

export interface MetricsInput {
  /** The equity curve of the window, ascending in time. */
  equity: TimeSeries;
  dayOf: DayOf;
  /** Trades closed in the window. */
  trades?: readonly TradeOutcome[];
  /** When a position was open (any part may fall outside the window; it is clipped). Without it, exposure is null. */
  positionIntervals?: readonly Interval[];
  /** Traded notional in the window, summed in decimals. Without it, turnover is null. */
  tradedNotional?: Decimal;
  /** Daily returns already computed from `equity` with `dayOf` (saves a second pass). */
  daily?: DailyReturns;
}

/** Traded notional over the time-weighted average equity of the window (not annualised). */
export function turnover(tradedNotional: Decimal, equity: TimeSeries): number | null {
  const average = timeWeightedMean(equity);
  if (average === null || !(average > 0)) return null;
  return finiteOrNull(tradedNotional.toNumber() / average);
}

/** Last over first equity of the window, minus one; null without two points or from a base that is not positive. */
export function totalReturn(equity: TimeSeries): number | null {
  const n = Math.min(equity.t.length, equity.v.length);
  if (n < 2) return null;
  const first = equity.v[0]!;
  const last = equity.v[n - 1]!;
  if (!(first > 0)) return null;
  return finiteOrNull(last / first - 1);
}

export function computeMetrics(input: MetricsInput): Metrics {
  const { equity } = input;
  const n = Math.min(equity.t.length, equity.v.length);
  const returns = (input.daily ?? dailyReturns(equity, input.dayOf)).ret;
  const drawdown = maxDrawdown(equity);
  const trades = tradeStats(input.trades ?? []);
  const windowFrom = n > 0 ? equity.t[0]! : 0;
  const windowTo = n > 0 ? equity.t[n - 1]! : 0;
  return {
    totalReturn: totalReturn(equity),
    sharpe: sharpe(returns),
    sortino: sortino(returns),
    calmar: calmar(returns, drawdown?.maxDrawdown ?? null),
    maxDrawdown: finiteOrNull(drawdown?.maxDrawdown),
    maxDrawdownDurationMs: finiteOrNull(drawdown?.durationMs),
    var95: finiteOrNull(historicalVar95(returns)),
    tradeCount: trades.tradeCount,
    winRate: finiteOrNull(trades.winRate),
    profitFactor: finiteOrNull(trades.profitFactor),
    avgWin: finiteOrNull(trades.avgWin),
    avgLoss: finiteOrNull(trades.avgLoss),
    avgHoldingMs: finiteOrNull(trades.avgHoldingMs),
    exposure: n < 2 || input.positionIntervals === undefined ? null : finiteOrNull(exposureFraction(input.positionIntervals, windowFrom, windowTo)),
    turnover: n === 0 || input.tradedNotional === undefined ? null : turnover(input.tradedNotional, equity),
  };
}
