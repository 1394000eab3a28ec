/**
 * What a bot needs from a market data source, and nothing more: closed 1-minute bars as
 * they close, stored 1-minute bars for warm-up, how minutes group into the bot's
 * timeframe, and the market clock. The sample replay is adapted here; remote sources
 * (Alpaca, ccxt) through the market data service in brokerBarFeed.ts.
 */
import type { BarUpdate, Timeframe } from '../../../shared/contract';
import { TIMEFRAME_SECONDS, bucketStart } from '../marketdata/aggregate';
import type { BarStore } from '../marketdata/barStore';
import type { SampleFeed } from '../marketdata/sampleFeed';
import type { WireBar } from './evaluator';

/** Where minutes go: the open time of a minute's bucket (null: outside the session) and where it ends (epoch s). */
export interface Bucketer {
  label(tSec: number): number | null;
  /** End (exclusive) of the minute's bucket; Infinity when only the next bucket can tell. */
  end(tSec: number): number;
}

export interface BarFeed {
  /** Source name, as bars are stored under it. */
  readonly source: string;
  /** Timeframes bots can run on with this source. */
  timeframes(): readonly Timeframe[];
  hasSymbol(symbol: string): boolean;
  /** Every closed 1-minute bar, as it closes (the bar is already stored when this is called). */
  onClosedMinute(listener: (symbol: string, bar: WireBar) => void): () => void;
  /** The most recent `limit` stored 1-minute bars of a symbol, oldest first. */
  minutes(symbol: string, limit: number): WireBar[];
  bucketer(symbol: string, timeframe: Timeframe): Bucketer;
  /** The market clock, epoch ms. */
  now(): number;
  lastPrice(symbol: string): number | null;
  /** Close of the last stored minute that opened before `ms` (today's P&L marks positions at midnight with it). */
  closeBefore(symbol: string, ms: number): number | null;
  /**
   * Optional, for remote sources: readies the symbols before the runtime reads `minutes()`
   * (starts their live stream, loads the warm-up window of `minutes` 1-minute bars into the
   * store). Rejects with the venue's reason when it cannot; resolves with the function that
   * lets the symbols go (the runtime calls it when the run ends).
   */
  prepare?(symbols: readonly string[], minutes: number): Promise<() => void>;
}

/** Buckets of a market that trades around the clock (the sample market, crypto): UTC. */
export function utcBucketer(tf: Timeframe): Bucketer {
  const size = TIMEFRAME_SECONDS[tf];
  return { label: (t) => bucketStart(t, tf), end: (t) => bucketStart(t, tf) + size };
}

/** At most this many minutes of a jump are filled in from the store (a jump covers at most a day). */
const MAX_GAP_MINUTES = 7 * 1440;

const ALL_TIMEFRAMES: readonly Timeframe[] = ['1m', '5m', '15m', '1h', '4h', '1D', '1W'];

/** The offline sample market: 24/7, every timeframe aggregated from stored minutes. */
export class SampleBarFeed implements BarFeed {
  readonly source: string;

  constructor(
    private readonly feed: SampleFeed,
    private readonly store: BarStore,
    source = 'sample',
  ) {
    this.source = source;
  }

  timeframes(): readonly Timeframe[] {
    return ALL_TIMEFRAMES;
  }

  hasSymbol(symbol: string): boolean {
    return this.feed.symbols().includes(symbol);
  }

  /**
   * Far behind (a high replay speed, a slow timer) the replay closes many minutes in one
   * batch (a "jump") and reports only the last of them as a closed update; the others are
   * only in the store. So every closed update is checked against the last minute delivered
   * for its symbol, and the minutes in between are read from the store (written before the
   * update is dispatched) and delivered first, in order: the listener sees every minute.
   */
  onClosedMinute(listener: (symbol: string, bar: WireBar) => void): () => void {
    const delivered = new Map<string, number>();
    // Where the store ends now: minutes up to here are history, read by the subscriber itself.
    for (const symbol of this.feed.symbols()) {
      const last = this.minutes(symbol, 1).at(-1);
      if (last) delivered.set(symbol, last.t);
    }
    return this.feed.onUpdate((u: BarUpdate) => {
      if (!u.closed || u.timeframe !== '1m') return;
      const prev = delivered.get(u.symbol);
      if (prev !== undefined && u.t <= prev) return;
      if (prev !== undefined && u.t > prev + 60) {
        const missing = Math.min(MAX_GAP_MINUTES, (u.t - prev) / 60 - 1);
        for (const m of this.minutes(u.symbol, missing, (prev + 60) * 1000, u.t * 1000)) listener(u.symbol, m);
      }
      delivered.set(u.symbol, u.t);
      listener(u.symbol, { t: u.t, o: u.o, h: u.h, l: u.l, c: u.c, v: u.v });
    });
  }

  minutes(symbol: string, limit: number, fromMs?: number, toMs?: number): WireBar[] {
    const cols = this.store.range({ source: this.source, symbol, timeframe: '1m', from: fromMs, to: toMs, limit: Math.max(1, Math.floor(limit)) });
    const out: WireBar[] = new Array<WireBar>(cols.t.length);
    for (let i = 0; i < cols.t.length; i++) out[i] = { t: cols.t[i]!, o: cols.o[i]!, h: cols.h[i]!, l: cols.l[i]!, c: cols.c[i]!, v: cols.v[i]! };
    return out;
  }

  bucketer(_symbol: string, timeframe: Timeframe): Bucketer {
    return utcBucketer(timeframe);
  }

  now(): number {
    return this.feed.status().marketTime;
  }

  lastPrice(symbol: string): number | null {
    return this.feed.lastPrice(symbol);
  }

  closeBefore(symbol: string, ms: number): number | null {
    const cols = this.store.range({ source: this.source, symbol, timeframe: '1m', to: ms - 60_000 + 1, limit: 1 });
    return cols.c.length ? cols.c[0]! : null;
  }
}
