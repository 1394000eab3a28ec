import type { BarColumns, Timeframe } from '../../../shared/contract';

const MINUTE = 60;
const WEEK = 7 * 86_400;
/** 1970-01-05 was a Monday: weeks start on Monday 00:00 UTC. */
const FIRST_MONDAY = 4 * 86_400;

export const TIMEFRAME_SECONDS: Record<Timeframe, number> = {
  '1m': MINUTE,
  '5m': 5 * MINUTE,
  '15m': 15 * MINUTE,
  '1h': 60 * MINUTE,
  '4h': 240 * MINUTE,
  '1D': 86_400,
  '1W': WEEK,
};

/** The open time of the bucket a 1-minute bar belongs to, in a 24/7 UTC market. */
export function bucketStart(tSec: number, tf: Timeframe): number {
  if (tf === '1W') return Math.floor((tSec - FIRST_MONDAY) / WEEK) * WEEK + FIRST_MONDAY;
  const size = TIMEFRAME_SECONDS[tf];
  return Math.floor(tSec / size) * size;
}

/**
 * Aggregates ascending 1-minute bars into a higher timeframe over UTC buckets (the
 * sample market and crypto trade around the clock): open of the first minute, close of
 * the last, extreme high and low, summed volume. A bucket with missing minutes is
 * built from the minutes that exist; an empty bucket is absent, never a zero bar.
 */
export function aggregateBars(src: BarColumns, tf: Timeframe): BarColumns {
  if (tf === '1m') return src;
  const out: BarColumns = { symbol: src.symbol, timeframe: tf, t: [], o: [], h: [], l: [], c: [], v: [] };
  let current = Number.NaN;
  let last = -1;
  for (let i = 0; i < src.t.length; i++) {
    const b = bucketStart(src.t[i]!, tf);
    if (b !== current) {
      current = b;
      last++;
      out.t.push(b);
      out.o.push(src.o[i]!);
      out.h.push(src.h[i]!);
      out.l.push(src.l[i]!);
      out.c.push(src.c[i]!);
      out.v.push(src.v[i]!);
      continue;
    }
    if (src.h[i]! > out.h[last]!) out.h[last] = src.h[i]!;
    if (src.l[i]! < out.l[last]!) out.l[last] = src.l[i]!;
    out.c[last] = src.c[i]!;
    out.v[last] = out.v[last]! + src.v[i]!;
  }
  return out;
}
