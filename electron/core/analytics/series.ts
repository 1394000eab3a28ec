/**
 * Equity-curve arithmetic over binary floats: daily returns, compounding, drawdown and a
 * time-weighted mean. These are analytics, not books (ARCHITECTURE.md rule 7): the money
 * that feeds them is summed in decimals first and converted once.
 *
 * Tolerance: every result is a handful of float operations per point, so it agrees with
 * exact arithmetic to about 1e-12 relative for equity values up to 1e12 and a year of
 * one-minute points; the tests compare hand-computed values to 10 significant digits.
 */

/** Parallel columns: t[i] (epoch ms, ascending) and v[i]. */
export interface TimeSeries {
  readonly t: ArrayLike<number>;
  readonly v: ArrayLike<number>;
}

/** One return per market day, with the day's label (dayOf of its points). */
export interface DailyReturns {
  day: string[];
  ret: number[];
}

/** Maps a time to its market day label (e.g. YYYY-MM-DD); must not decrease as t grows. */
export type DayOf = (t: number) => string;

/** Below this a standard deviation (of fractional returns) is float noise, not variance. */
export const NO_VARIANCE = 1e-12;

export function finiteOrNull(x: number | null | undefined): number | null {
  return x === null || x === undefined || !Number.isFinite(x) ? null : x;
}

/** Index ranges [first, last] of each market day in an ascending series. */
export interface DaySpan {
  day: string;
  first: number;
  last: number;
}

/**
 * Splits ascending times into market days. dayOf is called O(days * log(points)) times,
 * not once per point: from each day's first point it gallops forward, then bisects to the
 * day's last point. That is what makes a year of one-minute points cheap (dayOf is usually
 * a Date formatting call, the most expensive thing here by far).
 */
export function daySpans(t: ArrayLike<number>, dayOf: DayOf): DaySpan[] {
  const spans: DaySpan[] = [];
  const n = t.length;
  let first = 0;
  while (first < n) {
    const day = dayOf(t[first]!);
    // Gallop: find an index known to be past the day (or the end).
    let inDay = first;
    let step = 1;
    let beyond = n;
    while (inDay + step < n) {
      if (dayOf(t[inDay + step]!) === day) {
        inDay += step;
        step *= 2;
      } else {
        beyond = inDay + step;
        break;
      }
    }
    // Bisect between the last index known in the day and the first known outside it.
    let lo = inDay;
    let hi = beyond;
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (dayOf(t[mid]!) === day) lo = mid;
      else hi = mid;
    }
    spans.push({ day, first, last: lo });
    first = lo + 1;
  }
  return spans;
}

/**
 * Daily returns: each day's last equity against the previous day's last. The first day
 * has no previous close, so it is measured from the series' first point (the opening
 * equity), and only when it has a second point to measure to: a return needs an interval.
 * A day whose base is not a positive finite number has no defined return and is left out.
 */
export function dailyReturns(equity: TimeSeries, dayOf: DayOf): DailyReturns {
  const out: DailyReturns = { day: [], ret: [] };
  const n = Math.min(equity.t.length, equity.v.length);
  if (n === 0) return out;
  const spans = daySpans(n === equity.t.length ? equity.t : Array.from(equity.t).slice(0, n), dayOf);
  let base = equity.v[0]!;
  spans.forEach((span, i) => {
    const close = equity.v[span.last]!;
    const measurable = i > 0 || span.last > span.first;
    if (measurable && base > 0 && Number.isFinite(base) && Number.isFinite(close)) {
      out.day.push(span.day);
      out.ret.push(close / base - 1);
    }
    base = close;
  });
  return out;
}

/** Compounded growth to each period: c[i] = (1 + r[0]) * ... * (1 + r[i]) - 1. */
export function cumulative(returns: readonly number[]): number[] {
  const out = new Array<number>(returns.length);
  let growth = 1;
  for (let i = 0; i < returns.length; i++) {
    growth *= 1 + returns[i]!;
    out[i] = growth - 1;
  }
  return out;
}

export interface Drawdown {
  /** Deepest fall from a running peak, as a positive fraction of that peak. */
  maxDrawdown: number;
  /** From that drawdown's peak to the first point back at the peak, or to the last point if it never got back. */
  durationMs: number;
  peakAt: number;
  troughAt: number;
  /** Null while not recovered. */
  recoveredAt: number | null;
}

/**
 * Maximum drawdown and its duration. Null for fewer than two usable points. A curve that
 * never falls has a drawdown of 0 and a duration of 0. Non-finite values are skipped, and
 * falls from a peak that is not positive are not a fraction of anything, so are skipped too.
 */
export function maxDrawdown(equity: TimeSeries): Drawdown | null {
  const n = Math.min(equity.t.length, equity.v.length);
  let usable = 0;
  let peak = Number.NaN;
  let peakAt = 0;
  let lastAt = 0;
  let best: Drawdown = { maxDrawdown: 0, durationMs: 0, peakAt: 0, troughAt: 0, recoveredAt: null };
  let awaitingRecovery = false;
  for (let i = 0; i < n; i++) {
    const v = equity.v[i]!;
    const t = equity.t[i]!;
    if (!Number.isFinite(v) || !Number.isFinite(t)) continue;
    usable++;
    lastAt = t;
    if (usable === 1 || v >= peak) {
      // Back at (or above) the peak: the deepest drawdown so far, if it started from this peak, has recovered.
      if (awaitingRecovery) {
        best.recoveredAt = t;
        awaitingRecovery = false;
      }
      if (usable === 1 || v > peak) {
        peak = v;
        peakAt = t;
      }
      continue;
    }
    if (peak <= 0) continue;
    const fall = (peak - v) / peak;
    if (fall > best.maxDrawdown) {
      best = { maxDrawdown: fall, durationMs: 0, peakAt, troughAt: t, recoveredAt: null };
      awaitingRecovery = true;
    }
  }
  if (usable < 2) return null;
  if (best.maxDrawdown > 0) best.durationMs = (best.recoveredAt ?? lastAt) - best.peakAt;
  return best;
}

/**
 * Mean of a step curve weighted by how long each value held (a value holds until the next
 * point). Snapshots are irregular (written when the account changes), so a plain mean would
 * over-weight busy minutes. A single point is its own mean.
 */
export function timeWeightedMean(series: TimeSeries): number | null {
  const n = Math.min(series.t.length, series.v.length);
  if (n === 0) return null;
  const span = series.t[n - 1]! - series.t[0]!;
  if (!(span > 0)) return finiteOrNull(series.v[n - 1]);
  let area = 0;
  for (let i = 0; i < n - 1; i++) area += series.v[i]! * (series.t[i + 1]! - series.t[i]!);
  return finiteOrNull(area / span);
}
