/**
 * Bars of a broker account (Alpaca, ccxt) for its bots: the live closed 1-minute bars of
 * the market data service's source for the account's connection (the source id is the
 * connection id, which is also the account id).
 *
 * - `prepare(symbols, minutes)` (awaited by the runtime before it reads history) starts a
 *   shared live subscription of each symbol and fetches the warm-up window from the venue
 *   into the bar store; it rejects, naming the venue's reason, when the venue cannot give
 *   the history. The function it resolves with lets the subscriptions go.
 * - `onClosedMinute` delivers every stored closed minute of the held symbols: streamed, or
 *   fetched by the catch-up at subscribe and after a reconnect.
 * - US equities group minutes by the regular session (New York hours, holidays, early
 *   closes); crypto by UTC. The clock is the wall clock.
 */
import type { Timeframe } from '../../../shared/contract';
import { bucketerFor } from '../marketdata/aggregate';
import type { BarStore } from '../marketdata/barStore';
import type { ClosedBarListener } from '../marketdata/live';
import type { SessionRule } from '../marketdata/sessions';
import type { MarketOf } from '../marketdata/source';
import type { BarFeed, Bucketer } from './barFeed';
import type { WireBar } from './evaluator';

/** What the feed uses of the market data service. */
export interface MarketDataForBots {
  canServe(sourceId: string): boolean;
  hold(sourceId: string, symbol: string): Promise<() => void>;
  onClosedBar(sourceId: string, symbol: string, listener: ClosedBarListener): () => void;
  fetchRecent(sourceId: string, symbol: string, fromMs: number, toMs: number): Promise<number>;
  sessionOf(sourceId: string, symbol: string): { market: MarketOf; rule: SessionRule };
}

const ALL_TIMEFRAMES: readonly Timeframe[] = ['1m', '5m', '15m', '1h', '4h', '1D', '1W'];
const MIN_MS = 60_000;
const DAY_MS = 86_400_000;
/** Regular-session minutes of a US trading day. */
const SESSION_MINUTES = 390;
/** Longest warm-up window fetched from a venue, in days. */
const MAX_WARMUP_DAYS = 400;

export class BrokerBarFeed implements BarFeed {
  private readonly listeners = new Set<(symbol: string, bar: WireBar) => void>();
  /** Per symbol: how many prepares hold it, and the tap on the service's closed bars. */
  private readonly taps = new Map<string, { count: number; off: () => void }>();

  constructor(
    readonly source: string,
    private readonly md: MarketDataForBots,
    private readonly store: BarStore,
    private readonly clock: () => number = Date.now,
  ) {}

  timeframes(): readonly Timeframe[] {
    return ALL_TIMEFRAMES;
  }

  /** Whether the venue lists the symbol is checked against the account's trading rules; the stream's subscribe says the rest. */
  hasSymbol(_symbol: string): boolean {
    return true;
  }

  async prepare(symbols: readonly string[], minutes: number): Promise<() => void> {
    const releases: Array<() => void> = [];
    const releaseAll = () => {
      for (const r of releases.splice(0)) r();
    };
    try {
      for (const symbol of symbols) {
        releases.push(this.tap(symbol));
        releases.push(await this.md.hold(this.source, symbol));
      }
      const now = this.clock();
      await Promise.all(symbols.map((symbol) => this.md.fetchRecent(this.source, symbol, this.windowStart(symbol, minutes, now), now)));
    } catch (err) {
      releaseAll();
      throw err;
    }
    return releaseAll;
  }

  onClosedMinute(listener: (symbol: string, bar: WireBar) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The most recent `limit` stored minutes; for US equities only those of the regular session. */
  minutes(symbol: string, limit: number): WireBar[] {
    const n = Math.max(1, Math.floor(limit));
    const { market, rule } = this.md.sessionOf(this.source, symbol);
    // Stored equity minutes include pre and post market (~2.5x the session's): read enough to keep `n`.
    const read = market === 'us_equity' ? Math.ceil(n * 2.5) + SESSION_MINUTES : n;
    const cols = this.store.range({ source: this.source, symbol, timeframe: '1m', limit: read });
    const inSession = market === 'us_equity' ? bucketerFor('1m', rule) : null;
    const out: WireBar[] = [];
    for (let i = 0; i < cols.t.length; i++) {
      if (inSession && inSession.label(cols.t[i]!) === null) continue;
      out.push({ t: cols.t[i]!, o: cols.o[i]!, h: cols.h[i]!, l: cols.l[i]!, c: cols.c[i]!, v: cols.v[i]! });
    }
    return out.length > n ? out.slice(out.length - n) : out;
  }

  bucketer(symbol: string, timeframe: Timeframe): Bucketer {
    return bucketerFor(timeframe, this.md.sessionOf(this.source, symbol).rule);
  }

  now(): number {
    return this.clock();
  }

  lastPrice(symbol: string): number | null {
    return this.store.latest(this.source, symbol, '1m')?.c ?? null;
  }

  closeBefore(symbol: string, ms: number): number | null {
    const cols = this.store.range({ source: this.source, symbol, timeframe: '1m', to: ms - MIN_MS + 1, limit: 1 });
    return cols.c.length ? cols.c[0]! : null;
  }

  /** Where the warm-up window starts: `minutes` back for crypto; enough trading days back for US equities. */
  private windowStart(symbol: string, minutes: number, now: number): number {
    const nowMinute = Math.floor(now / MIN_MS) * MIN_MS;
    if (this.md.sessionOf(this.source, symbol).market !== 'us_equity') return nowMinute - (minutes + 1) * MIN_MS;
    // Trading days needed, as calendar days (weekends), plus room for holidays and today.
    const days = Math.min(MAX_WARMUP_DAYS, Math.ceil(((minutes / SESSION_MINUTES) * 7) / 5) + 4);
    return nowMinute - days * DAY_MS;
  }

  private tap(symbol: string): () => void {
    let t = this.taps.get(symbol);
    if (!t) {
      const off = this.md.onClosedBar(this.source, symbol, (bar) => {
        for (const l of this.listeners) l(symbol, bar);
      });
      t = { count: 0, off };
      this.taps.set(symbol, t);
    }
    t.count++;
    const tap = t;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      if (--tap.count > 0) return;
      tap.off();
      if (this.taps.get(symbol) === tap) this.taps.delete(symbol);
    };
  }
}
