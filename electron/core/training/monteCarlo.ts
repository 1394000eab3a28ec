/**
 * Monte Carlo over a trade list: resample the trades' P&L with replacement (bootstrap) `runs`
 * times, each path as long as the original, seeded; the distribution of final equity and of
 * maximum drawdown (on the trade-by-trade equity path, as a fraction of its running peak)
 * says how much of a result was the order and luck of its trades. Percentiles are nearest-rank.
 */
import { randomInt, seededRandom } from './random';
import { round10 } from './report';

export interface Percentiles {
  p5: number;
  p25: number;
  p50: number;
  p75: number;
  p95: number;
}

export interface MonteCarloResult {
  runs: number;
  trades: number;
  seed: number;
  final_equity: Percentiles;
  max_drawdown: Percentiles;
  /** Fraction of paths ending below the starting cash. */
  loss_probability: number;
}

export function percentiles(sorted: Float64Array): Percentiles {
  const at = (p: number) => round10(sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!);
  return { p5: at(5), p25: at(25), p50: at(50), p75: at(75), p95: at(95) };
}

/** Null without trades (nothing to resample). */
export function monteCarlo(pnl: ArrayLike<number>, initialCash: number, runs: number, seed: number): MonteCarloResult | null {
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`Monte Carlo runs must be a whole number >= 1, got ${runs}`);
  const n = pnl.length;
  if (n === 0) return null;
  const random = seededRandom(seed, 'monte-carlo');
  const finals = new Float64Array(runs);
  const drawdowns = new Float64Array(runs);
  let losses = 0;
  for (let r = 0; r < runs; r++) {
    let equity = initialCash;
    let peak = initialCash;
    let worst = 0;
    for (let k = 0; k < n; k++) {
      equity += pnl[randomInt(random, n)]!;
      if (equity > peak) peak = equity;
      else if (peak > 0) {
        const dd = (peak - equity) / peak;
        if (dd > worst) worst = dd;
      }
    }
    finals[r] = equity;
    drawdowns[r] = worst;
    if (equity < initialCash) losses++;
  }
  finals.sort();
  drawdowns.sort();
  return { runs, trades: n, seed, final_equity: percentiles(finals), max_drawdown: percentiles(drawdowns), loss_probability: round10(losses / runs) };
}
