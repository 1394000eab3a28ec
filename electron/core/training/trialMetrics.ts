/**
 * Metrics for optimizer trials, fast. The equity-curve metrics (return, Sharpe, Sortino,
 * Calmar, drawdown, VaR) come from the analytics module's computeMetrics, as everywhere; the
 * trade statistics (win rate, profit factor, averages, exposure, turnover) are computed here
 * in floats over the trade log's columns, because computeMetrics sums trade P&L in decimals,
 * which costs ~10 us a trade (a fifth of a second for a busy million-bar trial). Same
 * definitions as analytics/tradeStats.ts; they agree with computeMetrics to ~1e-12 relative
 * (tested). Final reports (report.ts) use computeMetrics all the way.
 */
import type { Metrics } from '../../../shared/contract/portfolio';
import { computeMetrics, finiteOrNull, timeWeightedMean } from '../analytics/metrics';
import type { BacktestResult } from './backtester';
import { roundMetrics, utcDay } from './report';

export function trialMetrics(result: BacktestResult, timesMs: Float64Array): Metrics {
  const n = result.equity.length;
  const t = timesMs.subarray(result.from, result.from + n);
  const curve = computeMetrics({ equity: { t, v: result.equity }, dayOf: utcDay });
  const log = result.trades;
  const count = log.length;
  let grossProfit = 0;
  let grossLoss = 0;
  let wins = 0;
  let losses = 0;
  let holdingMs = 0;
  let exposedMs = 0;
  const windowFrom = n > 0 ? t[0]! : 0;
  const windowTo = n > 0 ? t[n - 1]! : 0;
  for (let k = 0; k < count; k++) {
    const tr = log.get(k);
    if (tr.pnl > 0) {
      grossProfit += tr.pnl;
      wins++;
    } else if (tr.pnl < 0) {
      grossLoss += tr.pnl;
      losses++;
    }
    const from = tr.entryT * 1000;
    const to = tr.exitT * 1000;
    holdingMs += to - from;
    const a = Math.max(from, windowFrom);
    const b = Math.min(to, windowTo);
    if (b > a) exposedMs += b - a;
  }
  const average = timeWeightedMean({ t, v: result.equity });
  return roundMetrics({
    ...curve,
    tradeCount: count,
    winRate: count === 0 ? null : wins / count,
    profitFactor: losses === 0 ? null : finiteOrNull(grossProfit / -grossLoss),
    avgWin: wins === 0 ? null : finiteOrNull(grossProfit / wins),
    avgLoss: losses === 0 ? null : finiteOrNull(grossLoss / losses),
    avgHoldingMs: count === 0 ? null : finiteOrNull(holdingMs / count),
    exposure: n < 2 || !(windowTo > windowFrom) ? null : Math.min(1, exposedMs / (windowTo - windowFrom)),
    turnover: n === 0 || average === null || !(average > 0) ? null : finiteOrNull(result.tradedNotional / average),
  });
}
