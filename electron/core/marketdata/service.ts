/**
 * The market data engine behind the `market.*` and `chart.*` channels: the sources (the
 * sample market and one per saved connection, built on first use with the connection's
 * credentials, which stay in this process), one rate limiter per venue, the bar store,
 * backfill jobs, live subscriptions and the chart's saved settings.
 */
import type { BarColumns, BarsQuery, Instrument, Timeframe } from '../../../shared/contract/market';
import type { BackfillJob, ChartLayout, IndicatorPreset, MarketKind, SourceInfo } from '../../../shared/contract/marketdata';
import type { ConnectionInfo } from '../../../shared/contract/connections';
import type { z } from 'zod';
import { ApiError, notFound } from '../api/errors';
import type { VenueSpec } from '../connections/types';
import type { Logger } from '../log/logger';
import type { MarketCalendar } from '../risk/marketCalendar';
import type { Db } from '../store/database';
import { aggregateBars, TIMEFRAME_SECONDS } from './aggregate';
import { BackfillService } from './backfill';
import { BackfillRepo } from './backfillRepo';
import { InvalidBarsError, type BarStore } from './barStore';
import { ChartSettings } from './chartSettings';
import { DEFAULT_RATE_LIMITS, defaultSourceFactory, FALLBACK_RATE_LIMIT, venueKeyOf, type MarketDataConfig, type MarketDataSourceFactory } from './config';
import { DEFAULT_RETRY, fetchRange } from './fetchRange';
import { EmptyRanges, findGaps } from './gaps';
import { LiveService, type ClosedBarListener, type LiveEmitter } from './live';
import { VenueRateLimiter } from './rateLimiter';
import { SAMPLE_SOURCE, type SampleSource } from './sampleSource';
import { sessionRuleFor, type SessionMode, type SessionRule } from './sessions';
import { MarketDataError, type MarketDataSource, type MarketOf } from './source';

export interface ConnectionsForMarketData {
  list(): ConnectionInfo[];
  onChange(listener: () => void): () => void;
  marketDataSpec(id: string): VenueSpec | null;
}

export interface MarketDataServiceOptions {
  db: Db;
  bars: BarStore;
  sample: SampleSource;
  connections: ConnectionsForMarketData;
  calendar: MarketCalendar;
  emit: LiveEmitter & { backfillProgress(job: BackfillJob): void };
  log: Logger;
  now?: () => number;
  config?: MarketDataConfig;
}

type BarsInput = z.output<typeof BarsQuery>;

/** A chart asks for at most this many 1-minute rows to build one answer. */
const MAX_MINUTES_PER_QUERY = 600_000;
/** Regular-session bars of equities are spread over ~2.5x as many stored (extended) minutes. */
const EQUITY_REGULAR_ROWS_FACTOR = 2.5;
/** How long market.sources waits for an account's entitlement (Alpaca's feed) before answering without it. */
const READY_WAIT_MS = 3_000;

export class MarketDataService {
  readonly backfill: BackfillService;
  readonly live: LiveService;
  readonly charts: ChartSettings;
  private readonly now: () => number;
  private readonly config: MarketDataConfig;
  private readonly factory: MarketDataSourceFactory;
  private readonly sources = new Map<string, Promise<MarketDataSource | null>>();
  private readonly limiters = new Map<string, VenueRateLimiter>();
  private readonly empty: EmptyRanges;
  private readonly offConnections: () => void;

  constructor(private readonly o: MarketDataServiceOptions) {
    this.now = o.now ?? Date.now;
    this.config = o.config ?? {};
    this.factory = this.config.sourceFactory ?? defaultSourceFactory(this.config);
    this.empty = new EmptyRanges(o.db);
    this.charts = new ChartSettings(o.db, this.now);
    const bf = this.config.backfill ?? {};
    this.backfill = new BackfillService({
      repo: new BackfillRepo(o.db),
      store: o.bars,
      empty: this.empty,
      source: (id) => this.sourceOf(id),
      limiter: (s) => this.limiterFor(s.info().venue),
      calendar: o.calendar,
      onProgress: (job) => o.emit.backfillProgress(job),
      log: o.log,
      now: this.now,
      concurrency: bf.concurrency,
      progressIntervalMs: bf.progressIntervalMs,
      chunkMinutes: bf.chunkMinutes,
      settleMs: bf.settleMs,
      retry: { ...DEFAULT_RETRY, ...bf.retry },
    });
    this.live = new LiveService({
      store: o.bars,
      source: (id) => this.sourceOf(id),
      limiter: (s) => this.limiterFor(s.info().venue),
      calendar: o.calendar,
      emit: o.emit,
      log: o.log,
      now: this.now,
      ...this.config.live,
    });
    this.offConnections = o.connections.onChange(() => this.dropRemovedSources());
  }

  /** Carries on the backfills a previous run left running. */
  start(): void {
    this.backfill.resumeInterrupted();
  }

  async close(): Promise<void> {
    this.offConnections();
    this.live.close();
    await this.backfill.close();
    for (const limiter of this.limiters.values()) limiter.dispose();
    const built = await Promise.all([...this.sources.values()].map((p) => p.catch(() => null)));
    await Promise.all(built.map((s) => (s && s.id !== SAMPLE_SOURCE ? s.close() : undefined)));
    this.sources.clear();
  }

  // ---- sources -----------------------------------------------------------------------

  /** The source of an id: the sample market, or a saved connection with its key; null otherwise. */
  sourceOf(id: string): Promise<MarketDataSource | null> {
    if (id === SAMPLE_SOURCE) return Promise.resolve(this.o.sample);
    const cached = this.sources.get(id);
    if (cached) return cached;
    const connection = this.o.connections.list().find((c) => c.id === id);
    const spec = connection ? this.o.connections.marketDataSpec(id) : null;
    if (!connection || !spec) return Promise.resolve(null);
    const built = Promise.resolve()
      .then(() => this.factory(spec, { name: connection.name, gate: this.limiterFor(venueKeyOf(spec)), log: this.o.log, now: this.now }))
      .catch((err: unknown) => {
        this.sources.delete(id);
        throw err;
      });
    this.sources.set(id, built);
    return built;
  }

  async listSources(): Promise<SourceInfo[]> {
    const out: SourceInfo[] = [this.o.sample.info()];
    const infos = await Promise.all(
      this.o.connections.list().map(async (c): Promise<SourceInfo> => {
        const source = await this.sourceOf(c.id).catch(() => null);
        if (!source) return unavailableInfo(c);
        await withTimeout(source.ready?.(), READY_WAIT_MS).catch((err: unknown) => {
          this.o.log.warn('market data: could not find out what the account may use', { source: c.id, error: err instanceof Error ? err.message : String(err) });
        });
        return source.info();
      }),
    );
    return out.concat(infos);
  }

  async search(sourceId: string, market: MarketKind | 'all', query: string, limit: number): Promise<Instrument[]> {
    const source = await this.requireSource(sourceId);
    return translate(() => source.search(market, query, limit));
  }

  // ---- bars --------------------------------------------------------------------------

  /** Stored bars of a symbol, aggregated to the timeframe under the session; also tells the live feed what the chart shows. */
  bars(q: BarsInput): BarColumns {
    const market = this.marketHint(q.source, q.symbol);
    const rule = this.ruleFor(q.source, market, q.session);
    const tfMinutes = TIMEFRAME_SECONDS[q.timeframe] / 60;
    const factor = rule.kind === 'us_equity' && q.session === 'regular' ? EQUITY_REGULAR_ROWS_FACTOR : 1;
    const minutes = Math.min(MAX_MINUTES_PER_QUERY, Math.ceil(q.limit * tfMinutes * factor));
    const base = this.o.bars.range({ source: q.source, symbol: q.symbol, timeframe: '1m', from: q.from, to: q.to, limit: minutes });
    const bars = aggregateBars(base, q.timeframe, rule);
    this.live.setView(q.source, q.symbol, q.timeframe, q.session);
    const drop = Math.max(0, bars.t.length - q.limit);
    if (drop === 0) return bars;
    return {
      symbol: bars.symbol,
      timeframe: bars.timeframe,
      t: bars.t.slice(drop),
      o: bars.o.slice(drop),
      h: bars.h.slice(drop),
      l: bars.l.slice(drop),
      c: bars.c.slice(drop),
      v: bars.v.slice(drop),
    };
  }

  /** Missing 1-minute bars of a symbol in [from, to), session-aware (regular hours for equities by default). */
  gaps(sourceId: string, symbol: string, fromMs: number, toMs: number, session: SessionMode = 'regular'): Array<{ from: number; to: number; bars: number }> {
    if (!(fromMs < toMs)) throw new ApiError('BAD_REQUEST', 'The start must be before the end', { from: 'The start must be before the end' });
    const market = this.marketHint(sourceId, symbol);
    const toSec = Math.min(toMs, Math.floor(this.now() / 60_000) * 60_000) / 1000;
    return findGaps({ store: this.o.bars, empty: this.empty, source: sourceId, symbol, rule: this.ruleFor(sourceId, market, session), fromSec: fromMs / 1000, toSec }).map((g) => ({
      from: g.fromSec * 1000,
      to: g.toSec * 1000,
      bars: g.bars,
    }));
  }

  // ---- live --------------------------------------------------------------------------

  async subscribe(req: { source: string; symbol: string; trades: boolean; book: boolean }): Promise<void> {
    await this.requireSource(req.source);
    await translate(() => this.live.subscribe(req));
  }

  unsubscribe(sourceId: string, symbol: string): void {
    this.live.unsubscribe(sourceId, symbol);
  }

  // ---- engine (bots) -------------------------------------------------------------------

  /** Whether a source id can be opened: the sample market, or a saved connection whose key is here. */
  canServe(sourceId: string): boolean {
    if (sourceId === SAMPLE_SOURCE) return true;
    return this.o.connections.list().some((c) => c.id === sourceId) && this.o.connections.marketDataSpec(sourceId) !== null;
  }

  /** Starts (or shares) the live stream of a symbol for engine code; call the returned function to let it go. */
  async hold(sourceId: string, symbol: string): Promise<() => void> {
    await this.requireSource(sourceId);
    return translate(() => this.live.hold(sourceId, symbol));
  }

  /** Every stored closed 1-minute bar of (source, symbol): streamed, or fetched by a catch-up at subscribe or after a reconnect. */
  onClosedBar(sourceId: string, symbol: string, listener: ClosedBarListener): () => void {
    return this.live.onClosedBar(sourceId, symbol, listener);
  }

  /**
   * Fetches the 1-minute bars of [fromMs, toMs) (toMs clamped to the current minute) from the
   * venue as live-priority requests and stores them; returns how many were stored.
   */
  async fetchRecent(sourceId: string, symbol: string, fromMs: number, toMs: number): Promise<number> {
    const source = await this.requireSource(sourceId);
    const end = Math.min(toMs, Math.floor(this.now() / 60_000) * 60_000);
    if (!(fromMs < end)) return 0;
    const bars = await translate(() => fetchRange(source, this.limiterFor(source.info().venue), symbol, fromMs, end, { priority: 'live' }));
    if (bars.t.length === 0) return 0;
    try {
      this.o.bars.upsertMany(sourceId, symbol, '1m', bars);
    } catch (err) {
      if (err instanceof InvalidBarsError) throw new ApiError('UNAVAILABLE', `${source.info().name} sent bars that are not bars: ${err.message}`);
      throw err;
    }
    return bars.t.length;
  }

  /** The market of a symbol without asking the venue, and its session rule. */
  sessionOf(sourceId: string, symbol: string, session: SessionMode = 'regular'): { market: MarketOf; rule: SessionRule } {
    const market = this.marketHint(sourceId, symbol);
    return { market, rule: this.ruleFor(sourceId, market, session) };
  }

  // ---- chart settings ------------------------------------------------------------------

  layout(key: string): ChartLayout | null {
    return this.charts.layout(key);
  }

  saveLayout(key: string, layout: ChartLayout): ChartLayout {
    return this.charts.saveLayout(key, layout);
  }

  presets(): IndicatorPreset[] {
    return this.charts.presets();
  }

  savePreset(preset: IndicatorPreset): IndicatorPreset {
    return this.charts.savePreset(preset);
  }

  deletePreset(name: string): { deleted: true } {
    if (!this.charts.removePreset(name)) throw notFound(`There is no preset called "${name}"`);
    return { deleted: true };
  }

  // ---- helpers -----------------------------------------------------------------------

  limiterFor(venue: string): VenueRateLimiter {
    let limiter = this.limiters.get(venue);
    if (!limiter) {
      const limit = this.config.rateLimits?.[venue] ?? DEFAULT_RATE_LIMITS[venue] ?? FALLBACK_RATE_LIMIT;
      // Request pacing is about real time, whatever clock the data runs on.
      limiter = new VenueRateLimiter(limit);
      this.limiters.set(venue, limiter);
    }
    return limiter;
  }

  private async requireSource(id: string): Promise<MarketDataSource> {
    let source: MarketDataSource | null;
    try {
      source = await this.sourceOf(id);
    } catch (err) {
      throw new ApiError('UNAVAILABLE', `The market data source could not be opened: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (!source) {
      const known = this.o.connections.list().some((c) => c.id === id);
      throw known ? new ApiError('UNAVAILABLE', 'The key of this connection is missing: add the connection again') : notFound(`There is no market data source "${id}"`);
    }
    return source;
  }

  /**
   * The market of a symbol without asking the venue (reads must not wait for the network):
   * the sample market knows its listings; Alpaca spells crypto pairs with a slash; ccxt
   * sources are crypto exchanges.
   */
  private marketHint(sourceId: string, symbol: string): MarketOf {
    if (sourceId === SAMPLE_SOURCE) {
      const listed = this.o.sample.listing(symbol);
      if (!listed) throw new ApiError('NOT_FOUND', `Unknown symbol ${symbol}`);
      return listed.instrument.assetClass === 'crypto' ? 'crypto' : 'us_equity';
    }
    const connection = this.o.connections.list().find((c) => c.id === sourceId);
    if (!connection) throw notFound(`There is no market data source "${sourceId}"`);
    if (connection.venue === 'alpaca') return symbol.includes('/') ? 'crypto' : 'us_equity';
    return 'crypto';
  }

  private ruleFor(sourceId: string, market: MarketOf, session: SessionMode): SessionRule {
    return sessionRuleFor(market, session, this.o.calendar, sourceId === SAMPLE_SOURCE);
  }

  private dropRemovedSources(): void {
    const ids = new Set(this.o.connections.list().map((c) => c.id));
    for (const [id, built] of this.sources) {
      if (ids.has(id)) continue;
      this.sources.delete(id);
      this.live.dropSource(id);
      void built.then((s) => s?.close()).catch(() => undefined);
    }
  }
}

function unavailableInfo(c: ConnectionInfo): SourceInfo {
  return {
    id: c.id,
    name: c.name,
    venue: c.venue === 'alpaca' ? 'alpaca' : (c.exchangeId ?? 'ccxt'),
    markets: c.venue === 'alpaca' ? ['us_equity', 'crypto_spot'] : ['crypto_spot'],
    timeframes: ['1m', '5m', '15m', '1h', '4h', '1D', '1W'] satisfies Timeframe[],
    feed: null,
    canStream: false,
    hasOrderBook: false,
  };
}

/** Market data failures as the API's error codes, the venue's words kept. */
export async function translate<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (!(err instanceof MarketDataError)) throw err;
    switch (err.kind) {
      case 'not_found':
        throw new ApiError('NOT_FOUND', err.message);
      case 'rate_limited':
        throw new ApiError('RATE_LIMITED', err.message);
      default:
        throw new ApiError('UNAVAILABLE', err.message);
    }
  }
}

function withTimeout<T>(p: Promise<T> | undefined, ms: number): Promise<T | undefined> {
  if (!p) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    timer.unref?.();
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}
