/**
 * Straightforward, obviously-correct (and slow: O(n * period)) versions of the indicators,
 * written from their textbook / TA-Lib definitions without sharing any code with
 * shared/indicators. The property tests check the incremental classes against them.
 */

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

function windows(values: number[], period: number, f: (window: number[]) => number): number[] {
  return values.map((_, i) => (i + 1 >= period ? f(values.slice(i + 1 - period, i + 1)) : Number.NaN));
}

export function refSma(values: number[], period: number): number[] {
  return windows(values, period, mean);
}

/** Seeded with the mean of the first `period` values at index period - 1, then e = a*x + (1-a)*e. */
function refSeededAverage(values: number[], period: number, alpha: number, start = 0): number[] {
  const out: number[] = values.map(() => Number.NaN);
  const seedAt = start + period - 1;
  if (seedAt >= values.length) return out;
  let e = mean(values.slice(start, seedAt + 1));
  out[seedAt] = e;
  for (let i = seedAt + 1; i < values.length; i++) {
    e = alpha * values[i]! + (1 - alpha) * e;
    out[i] = e;
  }
  return out;
}

export function refEma(values: number[], period: number): number[] {
  return refSeededAverage(values, period, 2 / (period + 1));
}

export function refRsi(values: number[], period: number): number[] {
  const out: number[] = values.map(() => Number.NaN);
  if (values.length <= period) return out;
  const gains: number[] = [];
  const losses: number[] = [];
  for (let i = 1; i < values.length; i++) {
    const d = values[i]! - values[i - 1]!;
    gains.push(Math.max(d, 0));
    losses.push(Math.max(-d, 0));
  }
  let g = mean(gains.slice(0, period));
  let l = mean(losses.slice(0, period));
  const rsiOf = (gain: number, loss: number) => (gain + loss === 0 ? 50 : 100 - 100 / (1 + gain / loss));
  out[period] = rsiOf(g, l);
  for (let i = period + 1; i < values.length; i++) {
    g = (g * (period - 1) + gains[i - 1]!) / period;
    l = (l * (period - 1) + losses[i - 1]!) / period;
    out[i] = rsiOf(g, l);
  }
  return out;
}

export function refMacd(values: number[], fast: number, slow: number, signal: number): { macd: number[]; signal: number[]; histogram: number[] } {
  const slowEma = refEma(values, slow);
  // TA-Lib: the fast EMA starts on the slow EMA's first bar, seeded with the mean of the last `fast` values there.
  const fastEma = refSeededAverage(values, fast, 2 / (fast + 1), slow - fast);
  const line = values.map((_, i) => (i >= slow - 1 ? fastEma[i]! - slowEma[i]! : Number.NaN));
  const signalLine: number[] = values.map(() => Number.NaN);
  if (values.length >= slow) {
    const fromSlow = refSeededAverage(line.slice(slow - 1), signal, 2 / (signal + 1));
    fromSlow.forEach((v, k) => (signalLine[slow - 1 + k] = v));
  }
  return { macd: line, signal: signalLine, histogram: line.map((m, i) => m - signalLine[i]!) };
}

export function refBollinger(values: number[], period: number, k: number): { mid: number[]; upper: number[]; lower: number[] } {
  const std = windows(values, period, (w) => {
    const m = mean(w);
    return Math.sqrt(mean(w.map((x) => (x - m) ** 2)));
  });
  const mid = refSma(values, period);
  return { mid, upper: mid.map((m, i) => m + k * std[i]!), lower: mid.map((m, i) => m - k * std[i]!) };
}

export function refDonchian(high: number[], low: number[], period: number): { upper: number[]; lower: number[] } {
  return { upper: windows(high, period, (w) => Math.max(...w)), lower: windows(low, period, (w) => Math.min(...w)) };
}

export function refAtr(high: number[], low: number[], close: number[], period: number): number[] {
  const out: number[] = close.map(() => Number.NaN);
  if (close.length <= period) return out;
  const tr = close.map((_, i) =>
    i === 0 ? Number.NaN : Math.max(high[i]! - low[i]!, Math.abs(high[i]! - close[i - 1]!), Math.abs(low[i]! - close[i - 1]!)),
  );
  let a = mean(tr.slice(1, period + 1));
  out[period] = a;
  for (let i = period + 1; i < close.length; i++) {
    a = (a * (period - 1) + tr[i]!) / period;
    out[i] = a;
  }
  return out;
}

export function refVwap(high: number[], low: number[], close: number[], volume: number[], session: number[]): number[] {
  return close.map((_, i) => {
    let start = i;
    while (start > 0 && session[start - 1] === session[i]) start--;
    let pv = 0;
    let v = 0;
    for (let k = start; k <= i; k++) {
      pv += ((high[k]! + low[k]! + close[k]!) / 3) * volume[k]!;
      v += volume[k]!;
    }
    return v > 0 ? pv / v : Number.NaN;
  });
}
