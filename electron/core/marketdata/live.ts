/**
 * Live subscriptions: per (source, symbol), the source's stream or polling loop feeds
 * - closed 1-minute bars into the store (validated, one bar per write) and to the renderer,
 * - the higher timeframes the chart shows, updated in O(1) per minute update
 *   (IncrementalAggregator), as `market.barsUpdated`,
 * - trades into a fixed-size ring buffer and to the renderer (`market.trades`),
 * - the order book, cut to a fixed depth (`market.book`, latest wins).
 *
 * Which timeframes: 1m always; the higher ones are those the renderer last asked
 * `market.bars` for on that source and symbol (its chart's timeframe, with its session),
 * up to three at a time. The contract's `market.subscribe` has no timeframe; this keeps the
 * chart's updates to what it draws (see the contract proposals in README.md here).
 *
 * Missing minutes: when a source comes back after a drop ('reconnecting' -> 'live'), and
 * when a symbol is subscribed, the minutes since the newest stored bar (at most
 * `catchUpMaxMinutes`) are fetched through the venue's limiter as 'live' requests, ahead of
 * any backfill, stored and pushed, and the forming higher-timeframe bars are rebuilt from the
 * store so they include them.
 *
 * `market.subscribe` is idempotent: subscribing again replaces the options (trades, book);
 * `market.unsubscribe` ends it.
 */
import type { BarUpdate, Timeframe } from '../../../shared/contract/market';
import type { Logger } from '../log/logger';
import type { MarketCalendar } from '../risk/marketCalendar';
import { bucketerFor, IncrementalAggregator } from './aggregate';
import { InvalidBarsError, type BarStore } from './barStore';
import { fetchRange } from './fetchRange';
import { capDepth } from './orderBook';
import type { VenueRateLimiter } from './rateLimiter';
import { RingBuffer } from './ringBuffer';
import { sessionRuleFor, type SessionMode, type SessionRule } from './sessions';
import { MarketDataError, type BookSnapshot, type LiveBar, type LiveTrade, type MarketDataSource, type MarketOf, type SourceState } from './source';

export interface LiveEmitter {
  bar(update: BarUpdate): void;
  trades(source: string, symbol: string, trades: LiveTrade[]): void;
  book(source: string, symbol: string, book: BookSnapshot): void;
}

export interface LiveOptions {
  store: BarStore;
  source: (id: string) => Promise<MarketDataSource | null>;
  limiter: (source: MarketDataSource) => VenueRateLimiter;
  calendar: MarketCalendar;
  emit: LiveEmitter;
  log: Logger;
  now?: () => number;
  /** Trades kept per subscription (default 1000). */
  tradesWindow?: number;
  /** Order book levels per side sent (default 50). */
  bookDepth?: number;
  /** Longest catch-up after a drop or at subscribe, in minutes (default 1440); older holes are a backfill's job. */
  catchUpMaxMinutes?: number;
}

export interface SubscribeRequest {
  source: string;
  symbol: string;
  trades: boolean;
  book: boolean;
}

interface View {
  timeframes: Timeframe[];
  session: SessionMode;
}

interface Subscription {
  key: string;
  source: MarketDataSource;
  symbol: string;
  market: MarketOf;
  wantsTrades: boolean;
  wantsBook: boolean;
  stop: () => void;
  aggregators: IncrementalAggregator[];
  trades: RingBuffer<LiveTrade>;
  book: BookSnapshot | null;
  catchingUp: Promise<void> | null;
}

/** Stored closed 1-minute bars of a (source, symbol), for engine code (the bots). */
export type ClosedBarListener = (bar: { t: number; o: number; h: number; l: number; c: number; v: number }) => void;

const MAX_VIEW_TIMEFRAMES = 3;
const keyOf = (source: string, symbol: string) => `${source}|${symbol}`;

export class LiveService {
  private readonly subs = new Map<string, Subscription>();
  private readonly views = new Map<string, View>();
  private readonly stateHooks = new Map<string, { off: () => void; last: SourceState }>();
  /** Engine holds (bots) per key: the subscription runs while any is held or the chart wants it. */
  private readonly engineHolds = new Map<string, number>();
  /** Keys the renderer subscribed with market.subscribe (and has not unsubscribed). */
  private readonly chartHolds = new Set<string>();
  private readonly closedListeners = new Map<string, Set<ClosedBarListener>>();
  private readonly now: () => number;
  private closed = false;

  constructor(private readonly o: LiveOptions) {
    this.now = o.now ?? Date.now;
  }

  async subscribe(req: SubscribeRequest): Promise<void> {
    await this.open(req);
    this.chartHolds.add(keyOf(req.source, req.symbol));
  }

  /**
   * Keeps the live stream of a symbol running for engine code (a bot) until the returned
   * release is called. An existing subscription (the chart's) is shared, not replaced; the
   * chart unsubscribing does not stop a held one, nor does a release stop the chart's.
   */
  async hold(sourceId: string, symbol: string): Promise<() => void> {
    const key = keyOf(sourceId, symbol);
    this.engineHolds.set(key, (this.engineHolds.get(key) ?? 0) + 1);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      const n = (this.engineHolds.get(key) ?? 1) - 1;
      if (n > 0) {
        this.engineHolds.set(key, n);
        return;
      }
      this.engineHolds.delete(key);
      if (!this.chartHolds.has(key)) this.stopSub(sourceId, symbol);
    };
    try {
      if (!this.subs.has(key)) await this.open({ source: sourceId, symbol, trades: false, book: false });
    } catch (err) {
      release();
      throw err;
    }
    return release;
  }

  /** Every closed 1-minute bar of (source, symbol) once it is stored: streamed, or fetched by a catch-up (at subscribe, after a reconnect). */
  onClosedBar(sourceId: string, symbol: string, listener: ClosedBarListener): () => void {
    const key = keyOf(sourceId, symbol);
    let set = this.closedListeners.get(key);
    if (!set) this.closedListeners.set(key, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.closedListeners.get(key) === set) this.closedListeners.delete(key);
    };
  }

  private notifyClosed(sub: Subscription, bar: { t: number; o: number; h: number; l: number; c: number; v: number }): void {
    const set = this.closedListeners.get(sub.key);
    if (!set) return;
    for (const listener of set) {
      try {
        listener({ t: bar.t, o: bar.o, h: bar.h, l: bar.l, c: bar.c, v: bar.v });
      } catch (err) {
        this.o.log.warn('a closed-bar listener failed', { source: sub.source.id, symbol: sub.symbol, error: err instanceof Error ? err.message : String(err) });
      }
    }
  }

  private async open(req: SubscribeRequest): Promise<void> {
    if (this.closed) throw new MarketDataError('fatal', 'Live data is shutting down');
    const source = await this.o.source(req.source);
    if (!source) throw new MarketDataError('not_found', `There is no market data source "${req.source}"`);
    const market = await source.marketOf(req.symbol);
    if (market === null) throw new MarketDataError('not_found', `${source.info().name} has no symbol ${req.symbol}`);
    const key = keyOf(req.source, req.symbol);
    this.subs.get(key)?.stop();
    const sub: Subscription = {
      key,
      source,
      symbol: req.symbol,
      market,
      wantsTrades: req.trades,
      wantsBook: req.book,
      stop: () => undefined,
      aggregators: [],
      trades: new RingBuffer(this.o.tradesWindow ?? 1_000),
      book: null,
      catchingUp: null,
    };
    this.subs.set(key, sub);
    this.watchState(source);
    this.rebuildAggregators(sub);
    sub.stop = source.subscribe(req.symbol, {
      bar: (bar) => this.onBar(sub, bar),
      ...(req.trades && { trade: (trade: LiveTrade) => this.onTrade(sub, trade) }),
      ...(req.book && { book: (book: BookSnapshot) => this.onBook(sub, book) }),
    });
    this.catchUp(sub);
  }

  /** The renderer's market.unsubscribe: ends the subscription unless a bot holds it. */
  unsubscribe(sourceId: string, symbol: string): void {
    const key = keyOf(sourceId, symbol);
    this.chartHolds.delete(key);
    if ((this.engineHolds.get(key) ?? 0) > 0) return;
    this.stopSub(sourceId, symbol);
  }

  private stopSub(sourceId: string, symbol: string): void {
    const key = keyOf(sourceId, symbol);
    const sub = this.subs.get(key);
    if (!sub) return;
    this.subs.delete(key);
    sub.stop();
    if (![...this.subs.values()].some((s) => s.source === sub.source)) {
      this.stateHooks.get(sub.source.id)?.off();
      this.stateHooks.delete(sub.source.id);
    }
  }

  /** What the chart shows for a symbol (from its market.bars request): its higher-timeframe updates follow. */
  setView(sourceId: string, symbol: string, timeframe: Timeframe, session: SessionMode): void {
    const key = keyOf(sourceId, symbol);
    const view = this.views.get(key) ?? { timeframes: [], session };
    const changed = view.session !== session || view.timeframes[0] !== timeframe;
    if (!changed && this.views.has(key)) return;
    view.session = session;
    if (timeframe !== '1m') view.timeframes = [timeframe, ...view.timeframes.filter((t) => t !== timeframe)].slice(0, MAX_VIEW_TIMEFRAMES);
    this.views.set(key, view);
    const sub = this.subs.get(key);
    if (sub) this.rebuildAggregators(sub);
  }

  subscriptions(): Array<{ source: string; symbol: string; trades: boolean; book: boolean }> {
    return [...this.subs.values()].map((s) => ({ source: s.source.id, symbol: s.symbol, trades: s.wantsTrades, book: s.wantsBook }));
  }

  recentTrades(sourceId: string, symbol: string): LiveTrade[] {
    return this.subs.get(keyOf(sourceId, symbol))?.trades.toArray() ?? [];
  }

  /** Resolves when catch-ups in flight are done (tests). */
  async idle(): Promise<void> {
    await Promise.all([...this.subs.values()].map((s) => s.catchingUp));
  }

  /** Stops every subscription of a source (its connection was removed). */
  dropSource(sourceId: string): void {
    // Deleting the entry being visited is safe while iterating a Map.
    for (const sub of this.subs.values()) {
      if (sub.source.id !== sourceId) continue;
      this.chartHolds.delete(sub.key);
      this.engineHolds.delete(sub.key);
      this.stopSub(sourceId, sub.symbol);
    }
  }

  close(): void {
    this.closed = true;
    for (const sub of this.subs.values()) this.stopSub(sub.source.id, sub.symbol);
    this.chartHolds.clear();
    this.engineHolds.clear();
    this.closedListeners.clear();
    for (const hook of this.stateHooks.values()) hook.off();
    this.stateHooks.clear();
  }

  // ---- updates -----------------------------------------------------------------------

  private onBar(sub: Subscription, bar: LiveBar): void {
    if (this.subs.get(sub.key) !== sub) return;
    if (!sub.source.storesLiveBars) {
      if (bar.closed && !this.store(sub, bar)) return;
      this.o.emit.bar({ symbol: sub.symbol, timeframe: '1m', t: bar.t, o: bar.o, h: bar.h, l: bar.l, c: bar.c, v: bar.v, closed: bar.closed });
    }
    if (bar.closed) this.notifyClosed(sub, bar);
    for (const agg of sub.aggregators) for (const update of agg.update(bar)) this.o.emit.bar(update);
  }

  /** Writes one closed minute; a bar that is not a bar is logged and dropped (the store stays unchanged). */
  private store(sub: Subscription, bar: LiveBar): boolean {
    try {
      this.o.store.upsertMany(sub.source.id, sub.symbol, '1m', { t: [bar.t], o: [bar.o], h: [bar.h], l: [bar.l], c: [bar.c], v: [bar.v] });
      return true;
    } catch (err) {
      if (!(err instanceof InvalidBarsError)) throw err;
      this.o.log.warn('a live bar was refused', { source: sub.source.id, symbol: sub.symbol, reason: err.message });
      return false;
    }
  }

  private onTrade(sub: Subscription, trade: LiveTrade): void {
    if (this.subs.get(sub.key) !== sub) return;
    sub.trades.push(trade);
    this.o.emit.trades(sub.source.id, sub.symbol, [trade]);
  }

  private onBook(sub: Subscription, book: BookSnapshot): void {
    if (this.subs.get(sub.key) !== sub) return;
    const capped = capDepth(book, this.o.bookDepth ?? 50);
    sub.book = capped;
    this.o.emit.book(sub.source.id, sub.symbol, capped);
  }

  private ruleOf(sub: Subscription, session: SessionMode): SessionRule {
    return sessionRuleFor(sub.market, session, this.o.calendar, sub.source.aroundTheClock);
  }

  /** Fresh aggregators for the view's timeframes, seeded with the current bucket's stored minutes. */
  private rebuildAggregators(sub: Subscription): void {
    const view = this.views.get(sub.key);
    sub.aggregators = [];
    if (!view) return;
    const nowSec = Math.floor(this.now() / 1000);
    for (const tf of view.timeframes) {
      const rule = this.ruleOf(sub, view.session);
      const agg = new IncrementalAggregator(sub.symbol, tf, rule);
      const label = bucketerFor(tf, rule).label(Math.floor(nowSec / 60) * 60);
      if (label !== null) {
        agg.seed(this.o.store.range({ source: sub.source.id, symbol: sub.symbol, timeframe: '1m', from: label * 1000, to: (nowSec + 60) * 1000, limit: 200_000 }));
      }
      sub.aggregators.push(agg);
    }
  }

  // ---- catching up -------------------------------------------------------------------

  private watchState(source: MarketDataSource): void {
    if (this.stateHooks.has(source.id)) return;
    const hook = { off: () => undefined as void, last: source.state() };
    hook.off = source.onState((state) => {
      const was = hook.last;
      hook.last = state;
      if (state === 'live' && (was === 'reconnecting' || was === 'down')) {
        this.o.log.info('market data back after a drop; fetching the missed minutes', { source: source.id });
        for (const sub of this.subs.values()) if (sub.source === source) this.catchUp(sub);
      }
    });
    this.stateHooks.set(source.id, hook);
  }

  private catchUp(sub: Subscription): void {
    if (sub.source.storesLiveBars || sub.catchingUp) return;
    sub.catchingUp = this.fetchMissed(sub)
      .catch((err: unknown) => {
        if (err instanceof MarketDataError && err.kind === 'aborted') return;
        this.o.log.warn('could not fetch the missed minutes', { source: sub.source.id, symbol: sub.symbol, error: err instanceof Error ? err.message : String(err) });
      })
      .finally(() => {
        sub.catchingUp = null;
      });
  }

  private async fetchMissed(sub: Subscription): Promise<void> {
    const nowMinuteMs = Math.floor(this.now() / 60_000) * 60_000;
    const floorMs = nowMinuteMs - (this.o.catchUpMaxMinutes ?? 1_440) * 60_000;
    const latest = this.o.store.latest(sub.source.id, sub.symbol, '1m');
    const fromMs = Math.max(floorMs, latest ? (latest.t + 60) * 1000 : floorMs);
    if (fromMs >= nowMinuteMs) return;
    const bars = await fetchRange(sub.source, this.o.limiter(sub.source), sub.symbol, fromMs, nowMinuteMs, { priority: 'live' });
    if (this.subs.get(sub.key) !== sub || bars.t.length === 0) return;
    try {
      this.o.store.upsertMany(sub.source.id, sub.symbol, '1m', bars);
    } catch (err) {
      if (err instanceof InvalidBarsError) throw new MarketDataError('malformed', err.message);
      throw err;
    }
    for (let i = 0; i < bars.t.length; i++) {
      this.o.emit.bar({ symbol: sub.symbol, timeframe: '1m', t: bars.t[i]!, o: bars.o[i]!, h: bars.h[i]!, l: bars.l[i]!, c: bars.c[i]!, v: bars.v[i]!, closed: true });
    }
    for (let i = 0; i < bars.t.length; i++) this.notifyClosed(sub, { t: bars.t[i]!, o: bars.o[i]!, h: bars.h[i]!, l: bars.l[i]!, c: bars.c[i]!, v: bars.v[i]! });
    // The forming higher-timeframe bars may have missed these minutes: rebuild them from the store.
    this.rebuildAggregators(sub);
    for (const agg of sub.aggregators) {
      const current = agg.current();
      if (current) this.o.emit.bar(current);
    }
  }
}
