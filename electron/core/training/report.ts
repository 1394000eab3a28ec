/**
 * The edge of a backtest: metrics (through the analytics module, the same code accounts and
 * bots use) and a plain, rounded report for the CLI, the store and the UI.
 *
 * Rounding: every float leaves here at 10 significant digits. The loop's float error is far
 * below that (backtester.ts), so the digits shown are exact, and float noise such as
 * 100.00000000000001 does not reach a person.
 */
import type { Metrics } from '../../../shared/contract/portfolio';
import { computeMetrics, type Interval, type TradeOutcome } from '../analytics/metrics';
import { Decimal } from '../domain/decimal';
import type { Bars } from './bars';
import type { BacktestResult, Pruned } from './backtester';

export function round10(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x === 0 ? 0 : x;
  return Number(x.toPrecision(10));
}

export function roundOrNull(x: number | null): number | null {
  return x === null ? null : round10(x);
}

export function isoOfSeconds(t: number): string {
  return new Date(t * 1000).toISOString();
}

/** Market days are UTC calendar days (the analytics' daily returns group by them). */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Bar open times in epoch ms, the time base of the analytics. Compute once per data set and reuse. */
export function barTimesMs(bars: Bars): Float64Array {
  const out = new Float64Array(bars.length);
  for (let i = 0; i < bars.length; i++) out[i] = bars.t[i]! * 1000;
  return out;
}

/**
 * Metrics of a run over its window: equity at each bar's close (timed at the bar's open, the
 * bar's only time we have), closed trades, the time a position was open, traded notional.
 */
export function backtestMetrics(result: BacktestResult, timesMs: Float64Array): Metrics {
  const n = result.equity.length;
  const t = timesMs.subarray(result.from, result.from + n);
  const trades: TradeOutcome[] = [];
  const intervals: Interval[] = [];
  const log = result.trades;
  for (let k = 0; k < log.length; k++) {
    const tr = log.get(k);
    const holdingMs = (tr.exitT - tr.entryT) * 1000;
    trades.push({ pnl: new Decimal(tr.pnl), holdingMs });
    if (holdingMs > 0) intervals.push({ from: tr.entryT * 1000, to: tr.exitT * 1000 });
  }
  const m = computeMetrics({
    equity: { t, v: result.equity },
    dayOf: utcDay,
    trades,
    positionIntervals: intervals,
    tradedNotional: new Decimal(result.tradedNotional),
  });
  return roundMetrics(m);
}

export function roundMetrics(m: Metrics): Metrics {
  const out = { ...m };
  for (const key of Object.keys(out) as (keyof Metrics)[]) {
    const v = out[key];
    if (typeof v === 'number' && key !== 'tradeCount') (out as Record<string, number | null>)[key] = round10(v);
  }
  return out;
}

export interface TradeRow {
  side: 'long' | 'short';
  qty: number;
  entry_time: string;
  entry_price: number;
  exit_time: string;
  exit_price: number;
  pnl: number;
  fees: number;
  bars_held: number;
  entry_reason: string;
  exit_reason: string;
}

export interface BacktestReport {
  /** Bars measured (the window; fewer when pruned). */
  bars: number;
  from_time: string | null;
  to_time: string | null;
  initial_cash: number;
  final_equity: number;
  net_profit: number;
  fees: number;
  fills: number;
  trades: number;
  pruned: Pruned | null;
  elapsed_ms: number;
  bars_per_s: number;
  metrics: Metrics;
  trade_list: TradeRow[];
}

export function tradeRows(result: BacktestResult): TradeRow[] {
  const rows: TradeRow[] = [];
  for (let k = 0; k < result.trades.length; k++) {
    const tr = result.trades.get(k);
    rows.push({
      side: tr.side > 0 ? 'long' : 'short',
      qty: round10(tr.qty),
      entry_time: isoOfSeconds(tr.entryT),
      entry_price: round10(tr.entryPrice),
      exit_time: isoOfSeconds(tr.exitT),
      exit_price: round10(tr.exitPrice),
      pnl: round10(tr.pnl),
      fees: round10(tr.fees),
      bars_held: tr.exitBar - tr.entryBar,
      entry_reason: tr.entryReason,
      exit_reason: tr.exitReason,
    });
  }
  return rows;
}

export function backtestReport(bars: Bars, result: BacktestResult, timesMs: Float64Array = barTimesMs(bars)): BacktestReport {
  const n = result.equity.length;
  const elapsed = result.elapsedMs;
  return {
    bars: n,
    from_time: n > 0 ? isoOfSeconds(bars.t[result.from]!) : null,
    to_time: n > 0 ? isoOfSeconds(bars.t[result.from + n - 1]!) : null,
    initial_cash: round10(result.initialCash),
    final_equity: round10(result.finalEquity),
    net_profit: round10(result.finalEquity - result.initialCash),
    fees: round10(result.fees),
    fills: result.fills,
    trades: result.trades.length,
    pruned: result.pruned ? { bar: result.pruned.bar, drawdown: round10(result.pruned.drawdown) } : null,
    elapsed_ms: Math.round(elapsed * 1000) / 1000,
    bars_per_s: elapsed > 0 ? Math.round((n / elapsed) * 1000) : 0,
    metrics: backtestMetrics(result, timesMs),
    trade_list: tradeRows(result),
  };
}
