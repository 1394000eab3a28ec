/**
 * Risk-adjusted ratios over periodic (daily) returns, as floats. Conventions, stated once:
 * the risk-free rate is 0; a year has 252 trading days; Sharpe uses the sample standard
 * deviation (n - 1); Sortino's downside deviation is taken over all periods, gains counting
 * as zero shortfall (PerformanceAnalytics' DownsideDeviation, method "full", target 0).
 * Each function returns null, never NaN or Infinity, when the data do not define it.
 */
import { NO_VARIANCE, finiteOrNull } from './series';

export const TRADING_DAYS_PER_YEAR = 252;

function mean(xs: readonly number[]): number {
  let sum = 0;
  for (const x of xs) sum += x;
  return sum / xs.length;
}

/** Sample standard deviation (n - 1); null below two observations. */
export function sampleStd(xs: readonly number[]): number | null {
  if (xs.length < 2) return null;
  const m = mean(xs);
  let ss = 0;
  for (const x of xs) ss += (x - m) ** 2;
  return Math.sqrt(ss / (xs.length - 1));
}

/** Annualised Sharpe ratio: mean / sample std * sqrt(252). Null without two returns or without variance. */
export function sharpe(returns: readonly number[], periodsPerYear = TRADING_DAYS_PER_YEAR): number | null {
  const sd = sampleStd(returns);
  if (sd === null || !(sd > NO_VARIANCE)) return null;
  return finiteOrNull((mean(returns) / sd) * Math.sqrt(periodsPerYear));
}

/** sqrt(sum(min(r, 0)^2) / n) over all n periods. */
export function downsideDeviation(returns: readonly number[]): number | null {
  if (returns.length === 0) return null;
  let ss = 0;
  for (const r of returns) if (r < 0) ss += r * r;
  return Math.sqrt(ss / returns.length);
}

/** Annualised Sortino ratio: mean / downside deviation * sqrt(252). Null without two returns or without a losing period. */
export function sortino(returns: readonly number[], periodsPerYear = TRADING_DAYS_PER_YEAR): number | null {
  if (returns.length < 2) return null;
  const dd = downsideDeviation(returns);
  if (dd === null || !(dd > NO_VARIANCE)) return null;
  return finiteOrNull((mean(returns) / dd) * Math.sqrt(periodsPerYear));
}

/**
 * Compound annual growth implied by the periodic returns: growth^(252 / n) - 1. A curve
 * that lost everything (growth <= 0) annualises to -1 (a total loss), not to a complex number.
 */
export function annualisedReturn(returns: readonly number[], periodsPerYear = TRADING_DAYS_PER_YEAR): number | null {
  if (returns.length === 0) return null;
  let growth = 1;
  for (const r of returns) growth *= 1 + r;
  if (!Number.isFinite(growth)) return null;
  if (growth <= 0) return -1;
  return finiteOrNull(growth ** (periodsPerYear / returns.length) - 1);
}

/** Calmar ratio over the window: annualised return / maximum drawdown. Null when there was no drawdown. */
export function calmar(returns: readonly number[], maxDrawdown: number | null, periodsPerYear = TRADING_DAYS_PER_YEAR): number | null {
  if (maxDrawdown === null || !(maxDrawdown > NO_VARIANCE)) return null;
  const annual = annualisedReturn(returns, periodsPerYear);
  return annual === null ? null : finiteOrNull(annual / maxDrawdown);
}

/** Fewer returns than this cannot resolve a 5% tail: the worst of 19 is already a 1-in-19 event. */
export const VAR95_MIN_OBSERVATIONS = 20;

/**
 * Historical one-day Value at Risk at 95%, as a positive fraction. The quantile is the
 * inverse of the empirical distribution function (Hyndman & Fan type 1, no interpolation):
 * with returns sorted ascending, the k-th smallest where k = ceil(0.05 * n). VaR is minus
 * that return, floored at 0 (if even the bad tail is a gain, nothing is at risk). Null
 * below 20 returns.
 */
export function historicalVar95(returns: readonly number[]): number | null {
  const usable = returns.filter(Number.isFinite);
  if (usable.length < VAR95_MIN_OBSERVATIONS) return null;
  const sorted = [...usable].sort((a, b) => a - b);
  const k = Math.ceil(0.05 * sorted.length);
  const q = sorted[k - 1]!;
  return Math.max(0, -q);
}
