/**
 * Builds a bot's timeframe bars from closed 1-minute bars, one minute at a time. A bucket
 * is emitted as soon as its last minute closes (no waiting for the next bucket's first
 * minute); when minutes are missing, the next bucket's first minute closes it instead.
 * The same rules as marketdata/aggregate.ts: open of the first minute, close of the last,
 * extreme high and low, summed volume; an empty bucket is absent.
 */
import type { Bucketer } from './barFeed';
import type { WireBar } from './evaluator';

const MINUTE = 60;

export class BarAggregator {
  private current: WireBar | null = null;

  constructor(private readonly bucketer: Bucketer) {}

  /** Adds a closed minute; returns the bars it completed (0, 1, or 2 after a gap), oldest first. */
  push(m: WireBar): WireBar[] {
    const label = this.bucketer.label(m.t);
    if (label === null) return [];
    const out: WireBar[] = [];
    let cur = this.current;
    if (cur && label !== cur.t) {
      if (label < cur.t) return out; // a minute from a bucket already closed: ignore it
      out.push(cur);
      cur = null;
    }
    if (!cur) cur = { t: label, o: m.o, h: m.h, l: m.l, c: m.c, v: m.v };
    else {
      if (m.h > cur.h) cur.h = m.h;
      if (m.l < cur.l) cur.l = m.l;
      cur.c = m.c;
      cur.v += m.v;
    }
    if (m.t + MINUTE >= this.bucketer.end(m.t)) {
      out.push(cur);
      cur = null;
    }
    this.current = cur;
    return out;
  }

  /** The bucket still forming, if any. */
  forming(): WireBar | null {
    return this.current ? { ...this.current } : null;
  }
}
