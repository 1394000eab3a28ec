/**
 * Higher timeframes from 1-minute bars: open of the first minute, close of the last, the
 * extreme high and low, summed volume. A bucket with missing minutes is built from the
 * minutes that exist; an empty bucket is absent, never a zero bar.
 *
 * Buckets follow the market's sessions (see sessions.ts):
 * - around the clock (crypto, the sample market): UTC buckets; days start 00:00 UTC,
 *   weeks on Monday 00:00 UTC.
 * - US equities: only minutes inside the chosen session (regular 09:30-16:00 New York, or
 *   extended 04:00-20:00) count. Intraday buckets are counted from the session's start
 *   (regular 1h bars: 09:30, 10:30, ... 15:30-16:00; on a 13:00 early close the last is
 *   12:30-13:00), so a bar never straddles the open or the close. A daily bar is one New York
 *   session date, labelled 00:00 UTC of that date (the chart's date convention); a weekly bar
 *   is the exchange week, labelled with its Monday's date.
 *
 * Bar times are epoch seconds, as everywhere at the boundary.
 */
import type { BarColumns, BarUpdate, Timeframe } from '../../../shared/contract';
import { ALWAYS, NyDayIndex, type SessionRule } from './sessions';

const MINUTE = 60;
const DAY = 86_400;
const WEEK = 7 * DAY;
/** 1970-01-05 was a Monday: weeks start on Monday 00:00 UTC. */
const FIRST_MONDAY = 4 * DAY;

export const TIMEFRAME_SECONDS: Record<Timeframe, number> = {
  '1m': MINUTE,
  '5m': 5 * MINUTE,
  '15m': 15 * MINUTE,
  '1h': 60 * MINUTE,
  '4h': 240 * MINUTE,
  '1D': DAY,
  '1W': WEEK,
};

/** The open time of the bucket a 1-minute bar belongs to, in a 24/7 UTC market. */
export function bucketStart(tSec: number, tf: Timeframe): number {
  if (tf === '1W') return Math.floor((tSec - FIRST_MONDAY) / WEEK) * WEEK + FIRST_MONDAY;
  const size = TIMEFRAME_SECONDS[tf];
  return Math.floor(tSec / size) * size;
}

/** Where minutes go: the label of a minute's bucket (null: outside the session, dropped) and where that bucket ends. */
export interface Bucketer {
  label(tSec: number): number | null;
  /** End (epoch s, exclusive) of the bucket the minute belongs to; Infinity when only the next bucket can tell. */
  end(tSec: number): number;
}

export function bucketerFor(tf: Timeframe, rule: SessionRule = ALWAYS): Bucketer {
  const size = TIMEFRAME_SECONDS[tf];
  if (rule.kind === 'always') {
    return {
      label: (t) => bucketStart(t, tf),
      end: (t) => bucketStart(t, tf) + size,
    };
  }
  const days = new NyDayIndex(rule.calendar, rule.session);
  const inSession = (t: number) => {
    const d = days.dayOf(t);
    return t >= d.windowStart && t < d.windowEnd ? d : null;
  };
  if (tf === '1D') {
    return { label: (t) => inSession(t)?.dayLabel ?? null, end: (t) => days.dayOf(t).windowEnd };
  }
  if (tf === '1W') {
    // A week ends with its last session, which only the next week's first minute reveals.
    return { label: (t) => inSession(t)?.weekLabel ?? null, end: () => Number.POSITIVE_INFINITY };
  }
  return {
    label: (t) => {
      const d = inSession(t);
      return d ? d.windowStart + Math.floor((t - d.windowStart) / size) * size : null;
    },
    end: (t) => {
      const d = days.dayOf(t);
      return Math.min(d.windowStart + (Math.floor((t - d.windowStart) / size) + 1) * size, d.windowEnd);
    },
  };
}

/**
 * Aggregates ascending 1-minute bars into a timeframe under a session rule. '1m' under the
 * 24/7 rule returns its input; under an equity session it keeps only the session's minutes.
 */
export function aggregateBars(src: BarColumns, tf: Timeframe, rule: SessionRule = ALWAYS): BarColumns {
  if (tf === '1m' && rule.kind === 'always') return src;
  const out: BarColumns = { symbol: src.symbol, timeframe: tf, t: [], o: [], h: [], l: [], c: [], v: [] };
  const bucketer = bucketerFor(tf, rule);
  let current = Number.NaN;
  let last = -1;
  for (let i = 0; i < src.t.length; i++) {
    const b = bucketer.label(src.t[i]!);
    if (b === null) continue;
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

/** A 1-minute bar as it arrives live: forming (closed false) or final. */
export interface MinuteUpdate {
  readonly t: number;
  readonly o: number;
  readonly h: number;
  readonly l: number;
  readonly c: number;
  readonly v: number;
  readonly closed: boolean;
}

interface Ohlcv {
  o: number;
  h: number;
  l: number;
  c: number;
  v: number;
}

/**
 * The forming higher-timeframe bar of one series, updated in O(1) per 1-minute update.
 * Closed minutes are folded into an accumulator; the forming minute is kept aside and
 * combined on output, so repeated forming updates of one minute never double count. The
 * bucket is reported closed when its last minute closes (a session's end included), or
 * when a minute of a later bucket arrives.
 */
export class IncrementalAggregator {
  private readonly bucketer: Bucketer;
  private label: number | null = null;
  private endSec = Number.POSITIVE_INFINITY;
  private acc: Ohlcv | null = null;
  private forming: (Ohlcv & { t: number }) | null = null;
  private lastClosedT = Number.NEGATIVE_INFINITY;

  constructor(
    readonly symbol: string,
    readonly timeframe: Timeframe,
    rule: SessionRule = ALWAYS,
  ) {
    this.bucketer = bucketerFor(timeframe, rule);
  }

  /** Folds already-closed minutes (ascending) of the current bucket, e.g. read from the store at subscribe time. */
  seed(bars: { t: ArrayLike<number>; o: ArrayLike<number>; h: ArrayLike<number>; l: ArrayLike<number>; c: ArrayLike<number>; v: ArrayLike<number> }): void {
    for (let i = 0; i < bars.t.length; i++) {
      this.update({ t: bars.t[i]!, o: bars.o[i]!, h: bars.h[i]!, l: bars.l[i]!, c: bars.c[i]!, v: bars.v[i]!, closed: true });
    }
  }

  /** Applies one minute; returns the updates to emit (a bucket that just closed, then the current one). */
  update(bar: MinuteUpdate): BarUpdate[] {
    if (bar.t <= this.lastClosedT) return []; // a repeat or a late minute: already counted
    const label = this.bucketer.label(bar.t);
    if (label === null) return [];
    const out: BarUpdate[] = [];
    if (this.label !== null && label !== this.label) {
      if (label < this.label) return [];
      const previous = this.snapshot(true);
      if (previous) out.push(previous);
      this.reset();
    }
    if (this.label === null) {
      this.label = label;
      this.endSec = this.bucketer.end(bar.t);
    }
    if (bar.closed) {
      if (this.forming && this.forming.t <= bar.t) this.forming = null;
      this.acc = fold(this.acc, bar);
      this.lastClosedT = bar.t;
    } else {
      this.forming = { t: bar.t, o: bar.o, h: bar.h, l: bar.l, c: bar.c, v: bar.v };
    }
    const bucketDone = bar.closed && bar.t + MINUTE >= this.endSec;
    const current = this.snapshot(bucketDone);
    if (current) out.push(current);
    if (bucketDone) this.reset();
    return out;
  }

  /** The bucket being formed, as it stands (null when none has started). */
  current(): BarUpdate | null {
    return this.snapshot(false);
  }

  private reset(): void {
    this.label = null;
    this.endSec = Number.POSITIVE_INFINITY;
    this.acc = null;
    this.forming = null;
  }

  private snapshot(closed: boolean): BarUpdate | null {
    if (this.label === null) return null;
    const bar = this.forming ? fold(this.acc ? { ...this.acc } : null, this.forming) : this.acc;
    if (!bar) return null;
    return { symbol: this.symbol, timeframe: this.timeframe, t: this.label, o: bar.o, h: bar.h, l: bar.l, c: bar.c, v: bar.v, closed };
  }
}

function fold(acc: Ohlcv | null, bar: Ohlcv): Ohlcv {
  if (!acc) return { o: bar.o, h: bar.h, l: bar.l, c: bar.c, v: bar.v };
  if (bar.h > acc.h) acc.h = bar.h;
  if (bar.l < acc.l) acc.l = bar.l;
  acc.c = bar.c;
  acc.v += bar.v;
  return acc;
}
