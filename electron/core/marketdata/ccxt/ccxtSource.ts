/**
 * Market data from any ccxt exchange (spot): history with fetchOHLCV paged by `since`
 * (and `until`), live data with ccxt.pro's watchOHLCV / watchTrades / watchOrderBook where
 * the exchange has them, else by polling fetchOHLCV / fetchTrades / fetchOrderBook.
 *
 * - Public data only: no keys are needed and none are sent.
 * - One ccxt instance per source, with ccxt's own rate limiter off: every request goes
 *   through the engine's limiter for the exchange (polling asks as 'live', before backfills).
 * - A failing loop backs off exponentially with jitter and reports 'reconnecting'; its first
 *   success reports 'live' again, which is when the live service fetches the missed minutes.
 *   A bar poll asks for everything since the last closed minute it saw, so a short outage
 *   leaves no hole even before that.
 */
import { exchanges, pro, type Exchange } from 'ccxt';
import { z } from 'zod';
import type { Instrument, Timeframe } from '../../../../shared/contract/market';
import type { MarketKind, SourceInfo } from '../../../../shared/contract/marketdata';
import { toVenueError } from '../../brokers/ccxt/errors';
import { instrumentOf, marketRules } from '../../brokers/ccxt/rules';
import { captureRetryAfter, mergeUrls, rec, type Rec, type UrlTree } from '../../brokers/ccxt/ccxtPlumbing';
import { venuePreset } from '../../brokers/ccxt/venuePresets';
import type { Logger } from '../../log/logger';
import { backoffMs, sleep } from '../fetchRange';
import { capDepth } from '../orderBook';
import {
  MarketDataError,
  toMinuteBars,
  type BarsPage,
  type BookSnapshot,
  type FetchOptions,
  type LiveBar,
  type LiveHandlers,
  type LiveTrade,
  type MarketDataSource,
  type MarketOf,
  type RequestGate,
  type SourceState,
} from '../source';

export interface CcxtSourceOptions {
  id: string;
  name: string;
  exchangeId: string;
  sandbox: boolean;
  /** The venue's shared limiter: live polling asks it as 'live'. */
  gate: RequestGate;
  /** Tests: point ccxt at a local server (merged over urls.api, after sandbox mode). */
  urlsOverride?: UrlTree;
  /** Use ccxt.pro's websockets where the exchange has them (default true). */
  stream?: boolean;
  /** Polling period when there is no websocket (default 2000 ms). */
  pollIntervalMs?: number;
  timeoutMs?: number;
  reconnect?: { initialMs?: number; maxMs?: number };
  /** Order book levels per side (default 50). */
  bookDepth?: number;
  log?: Logger;
  now?: () => number;
}

type ExchangeClass = new (config?: Record<string, unknown>) => Exchange;

const TIMEFRAMES: Timeframe[] = ['1m', '5m', '15m', '1h', '4h', '1D', '1W'];
/** Most exchanges serve 500-1500 candles per request; 1000 is Binance's spot maximum. */
const PAGE_LIMIT = 1_000;
/** A minute counts as closed this long after its end: exchange clocks and ours differ a little. */
const CLOSE_GRACE_MS = 2_000;
const TRADES_PER_POLL = 100;

const Ohlcv = z.tuple([z.number(), z.number(), z.number(), z.number(), z.number(), z.number().nullable()]).rest(z.unknown());
const OhlcvList = z.array(Ohlcv);
const CcxtTrade = z.object({
  id: z.union([z.string(), z.number()]).nullish(),
  timestamp: z.number(),
  price: z.number(),
  amount: z.number(),
  side: z.enum(['buy', 'sell']).nullish(),
});
const CcxtTradeList = z.array(CcxtTrade.passthrough());
const Level = z.tuple([z.number(), z.number()]).rest(z.unknown());
const CcxtBook = z.object({ bids: z.array(Level), asks: z.array(Level), timestamp: z.number().nullish() }).passthrough();

/** Exchange-specific request parameters for market data. */
function marketDataParams(exchangeId: string): { trades: Rec } {
  // Binance's default trades endpoint is aggTrades; /api/v3/trades lists each trade with its own id.
  if (exchangeId === 'binance' || exchangeId === 'binanceus') return { trades: { fetchTradesMethod: 'publicGetTrades' } };
  return { trades: {} };
}

interface SymbolLoops {
  handlers: Set<LiveHandlers>;
  bars: AbortController | null;
  trades: AbortController | null;
  book: AbortController | null;
}

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };

export class CcxtSource implements MarketDataSource {
  readonly id: string;
  readonly maxBarsPerPage = PAGE_LIMIT;
  readonly aroundTheClock = false;
  readonly storesLiveBars = false;
  private readonly exchange: Exchange;
  private readonly log: Logger;
  private readonly now: () => number;
  private readonly params: { trades: Rec };
  private readonly retryAfterOf = new WeakMap<object, number>();
  private readonly subs = new Map<string, SymbolLoops>();
  /** Loops currently failing, by "<symbol>|<channel>". */
  private readonly failing = new Set<string>();
  private readonly stateListeners = new Set<(state: SourceState, detail?: string) => void>();
  private markets: Promise<void> | undefined;
  private current: SourceState = 'idle';
  private readonly usesWebsocket: { ohlcv: boolean; trades: boolean; book: boolean };

  constructor(private readonly opts: CcxtSourceOptions) {
    this.id = opts.id;
    this.log = opts.log ?? silent;
    this.now = opts.now ?? Date.now;
    this.params = marketDataParams(opts.exchangeId);
    const preset = venuePreset(opts.exchangeId);
    const streaming = (pro as unknown as Record<string, ExchangeClass | undefined>)[opts.exchangeId];
    const rest = (exchanges as unknown as Record<string, ExchangeClass | undefined>)[opts.exchangeId];
    const Class = opts.stream !== false && streaming ? streaming : rest;
    if (!Class) throw new MarketDataError('fatal', `ccxt has no exchange "${opts.exchangeId}"`);
    this.exchange = new Class({
      // The engine's limiter paces requests; a second limiter inside ccxt would only add delay.
      enableRateLimit: false,
      timeout: opts.timeoutMs ?? 10_000,
      options: structuredClone(preset.options),
    });
    if (opts.sandbox) this.exchange.setSandboxMode(true);
    if (opts.urlsOverride) mergeUrls(rec(this.exchange.urls.api), opts.urlsOverride);
    captureRetryAfter(this.exchange, this.retryAfterOf);
    const has = this.exchange.has;
    const ws = opts.stream !== false && Class === streaming;
    this.usesWebsocket = { ohlcv: ws && has['watchOHLCV'] === true, trades: ws && has['watchTrades'] === true, book: ws && has['watchOrderBook'] === true };
  }

  info(): SourceInfo {
    return {
      id: this.id,
      name: this.opts.name,
      venue: this.opts.exchangeId,
      markets: ['crypto_spot'],
      timeframes: TIMEFRAMES,
      feed: null,
      canStream: true,
      hasOrderBook: this.exchange.has['fetchOrderBook'] === true || this.usesWebsocket.book,
    };
  }

  async marketOf(symbol: string): Promise<MarketOf | null> {
    await this.loadMarkets();
    const m = rec(this.exchange.markets?.[symbol]);
    return m.symbol === symbol && m.spot !== false ? 'crypto' : null;
  }

  async search(market: MarketKind | 'all', query: string, limit: number): Promise<Instrument[]> {
    if (market !== 'all' && market !== 'crypto_spot') return [];
    await this.loadMarkets();
    const q = query.trim().toUpperCase();
    const ranked: Array<[number, Instrument]> = [];
    for (const m of Object.values(this.exchange.markets ?? {})) {
      if (rec(m).spot === false) continue;
      const rules = marketRules(m, this.exchange.precisionMode ?? 0);
      if (!rules) continue;
      const symbol = rules.symbol.toUpperCase();
      const rank = !q ? 1 : symbol === q || symbol.replace('/', '') === q ? 0 : symbol.startsWith(q) ? 1 : symbol.includes(q) ? 2 : null;
      if (rank !== null) ranked.push([rank, instrumentOf(rules, this.opts.exchangeId)]);
    }
    ranked.sort((a, b) => a[0] - b[0] || a[1].symbol.localeCompare(b[1].symbol));
    return ranked.slice(0, limit).map(([, i]) => i);
  }

  async fetchBars(symbol: string, fromMs: number, toMs: number, pageToken?: string, options: FetchOptions = {}): Promise<BarsPage> {
    if ((await this.marketOf(symbol)) === null) throw new MarketDataError('not_found', `${this.opts.name} has no market ${symbol}`);
    const since = pageToken === undefined ? fromMs : Number(pageToken);
    if (!Number.isSafeInteger(since) || since < fromMs || since >= toMs) throw new MarketDataError('fatal', `Not a page of this request: ${pageToken}`);
    const limit = Math.min(PAGE_LIMIT, Math.ceil((toMs - since) / 60_000));
    const raw = await this.call(() => this.exchange.fetchOHLCV(symbol, '1m', since, limit, { until: toMs - 1 }), options.signal);
    const rows = this.parse(OhlcvList, raw, `${this.opts.name} candles of ${symbol}`);
    // Exchanges that ignore `until` send candles past the end: those are not ours to keep.
    const inRange = rows.filter((r) => r[0] < toMs);
    const what = `${this.opts.name} candles of ${symbol}`;
    const bars = toMinuteBars(inRange.map((r) => ({ tMs: r[0], o: r[1], h: r[2], l: r[3], c: r[4], v: r[5] ?? 0 })), since, toMs, what);
    const last = bars.t[bars.t.length - 1];
    // A full page that stops before the end means there is more; a short one is the end.
    const nextSince = last === undefined ? undefined : last * 1000 + 60_000;
    const more = rows.length >= limit && nextSince !== undefined && nextSince < toMs;
    return more ? { bars, next: String(nextSince) } : { bars };
  }

  subscribe(symbol: string, handlers: LiveHandlers): () => void {
    let sub = this.subs.get(symbol);
    if (!sub) {
      sub = { handlers: new Set(), bars: null, trades: null, book: null };
      this.subs.set(symbol, sub);
    }
    sub.handlers.add(handlers);
    this.syncLoops(symbol);
    return () => {
      const s = this.subs.get(symbol);
      if (!s) return;
      s.handlers.delete(handlers);
      this.syncLoops(symbol);
    };
  }

  state(): SourceState {
    return this.current;
  }

  onState(listener: (state: SourceState, detail?: string) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  async close(): Promise<void> {
    for (const [symbol, s] of this.subs) {
      s.handlers.clear();
      this.syncLoops(symbol);
    }
    this.stateListeners.clear();
    await this.exchange.close().catch(() => undefined);
  }

  // ---- requests --------------------------------------------------------------------

  private loadMarkets(): Promise<void> {
    this.markets ??= this.call(() => this.exchange.loadMarkets()).then(
      () => undefined,
      (err: unknown) => {
        this.markets = undefined;
        throw err;
      },
    );
    return this.markets;
  }

  private async call<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) throw new MarketDataError('aborted', 'The request was cancelled');
    try {
      return await fn();
    } catch (err) {
      if (err instanceof MarketDataError) throw err;
      const retryAfter = err !== null && typeof err === 'object' ? this.retryAfterOf.get(err) : undefined;
      const e = toVenueError(err, 'read', this.opts.exchangeId, retryAfter);
      switch (e.kind) {
        case 'rate_limited':
          throw new MarketDataError('rate_limited', e.message, e.retryAfterMs);
        case 'transient':
          throw new MarketDataError('transient', e.message);
        case 'invalid_order':
          throw new MarketDataError('not_found', e.message);
        default:
          throw new MarketDataError('refused', e.message);
      }
    }
  }

  private parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
    const r = schema.safeParse(value);
    if (r.success) return r.data;
    const issue = r.error.issues[0];
    throw new MarketDataError('malformed', `${what} could not be read (${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'unknown shape'})`);
  }


  // ---- live loops ------------------------------------------------------------------

  private syncLoops(symbol: string): void {
    const sub = this.subs.get(symbol);
    if (!sub) return;
    const handlers = [...sub.handlers];
    const want = { bars: handlers.length > 0, trades: handlers.some((h) => h.trade), book: handlers.some((h) => h.book) };
    for (const channel of ['bars', 'trades', 'book'] as const) {
      if (want[channel] && !sub[channel]) {
        const abort = new AbortController();
        sub[channel] = abort;
        void this.runLoop(symbol, channel, abort.signal);
      } else if (!want[channel] && sub[channel]) {
        sub[channel]!.abort();
        sub[channel] = null;
        this.failing.delete(`${symbol}|${channel}`);
      }
    }
    if (handlers.length === 0) this.subs.delete(symbol);
    this.refreshState();
  }

  private async runLoop(symbol: string, channel: 'bars' | 'trades' | 'book', signal: AbortSignal): Promise<void> {
    const key = `${symbol}|${channel}`;
    const step = channel === 'bars' ? this.barStep(symbol, signal) : channel === 'trades' ? this.tradeStep(symbol, signal) : this.bookStep(symbol, signal);
    const websocket = channel === 'bars' ? this.usesWebsocket.ohlcv : channel === 'trades' ? this.usesWebsocket.trades : this.usesWebsocket.book;
    const interval = this.opts.pollIntervalMs ?? 2_000;
    let failures = 0;
    while (!signal.aborted) {
      try {
        await step();
        if (failures > 0 || this.failing.has(key)) {
          failures = 0;
          this.failing.delete(key);
          this.refreshState(`${symbol} ${channel} back`);
        }
        if (!websocket) await sleep(interval, signal);
      } catch (err) {
        if (signal.aborted) break;
        failures++;
        if (err instanceof MarketDataError && err.kind === 'rate_limited') this.opts.gate.pause(err.retryAfterMs ?? 1_000);
        if (!this.failing.has(key)) {
          this.failing.add(key);
          this.log.warn('ccxt market data loop failing; backing off', { source: this.id, symbol, channel, error: err instanceof Error ? err.message : String(err) });
          this.refreshState(`${symbol} ${channel}: ${err instanceof Error ? err.message : String(err)}`);
        }
        await sleep(backoffMs(failures, { baseDelayMs: this.opts.reconnect?.initialMs ?? 1_000, maxDelayMs: this.opts.reconnect?.maxMs ?? 30_000 }), signal).catch(() => undefined);
      }
    }
  }

  private handlersOf(symbol: string): LiveHandlers[] {
    return [...(this.subs.get(symbol)?.handlers ?? [])];
  }

  private barStep(symbol: string, signal: AbortSignal): () => Promise<void> {
    let lastClosedMs = Number.NEGATIVE_INFINITY;
    return async () => {
      let raw: unknown;
      if (this.usesWebsocket.ohlcv) raw = await this.call(() => this.exchange.watchOHLCV(symbol, '1m'), signal);
      else {
        await this.opts.gate.acquire('live', signal);
        // Everything since the last closed minute seen: a short outage leaves no hole.
        const since = Number.isFinite(lastClosedMs) ? lastClosedMs : Math.floor(this.now() / 60_000) * 60_000 - 120_000;
        const limit = Math.min(PAGE_LIMIT, Math.ceil((this.now() - since) / 60_000) + 2);
        raw = await this.call(() => this.exchange.fetchOHLCV(symbol, '1m', since, limit), signal);
      }
      const rows = this.parse(OhlcvList, raw, `${this.opts.name} candles of ${symbol}`);
      const now = this.now();
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i]!;
        const tMs = r[0];
        if (tMs % 60_000 !== 0) continue;
        const closed = i < rows.length - 1 || tMs + 60_000 + CLOSE_GRACE_MS <= now;
        if (closed && tMs <= lastClosedMs) continue;
        const bar: LiveBar = { t: tMs / 1000, o: r[1], h: r[2], l: r[3], c: r[4], v: r[5] ?? 0, closed };
        for (const h of this.handlersOf(symbol)) h.bar?.(bar);
        if (closed) lastClosedMs = tMs;
      }
    };
  }

  private tradeStep(symbol: string, signal: AbortSignal): () => Promise<void> {
    let lastT = Number.NEGATIVE_INFINITY;
    let seenAtLastT = new Set<string>();
    return async () => {
      let raw: unknown;
      if (this.usesWebsocket.trades) raw = await this.call(() => this.exchange.watchTrades(symbol), signal);
      else {
        await this.opts.gate.acquire('live', signal);
        raw = await this.call(() => this.exchange.fetchTrades(symbol, undefined, TRADES_PER_POLL, this.params.trades), signal);
      }
      const trades = this.parse(CcxtTradeList, raw, `${this.opts.name} trades of ${symbol}`).sort((a, b) => a.timestamp - b.timestamp);
      const fresh: LiveTrade[] = [];
      for (const t of trades) {
        const id = String(t.id ?? `${t.timestamp}:${t.price}:${t.amount}`);
        if (t.timestamp < lastT || (t.timestamp === lastT && seenAtLastT.has(id))) continue;
        if (t.timestamp > lastT) {
          lastT = t.timestamp;
          seenAtLastT = new Set();
        }
        seenAtLastT.add(id);
        fresh.push({ t: t.timestamp, price: t.price, size: t.amount, side: t.side ?? null });
      }
      for (const trade of fresh) for (const h of this.handlersOf(symbol)) h.trade?.(trade);
    };
  }

  private bookStep(symbol: string, signal: AbortSignal): () => Promise<void> {
    const depth = this.opts.bookDepth ?? 50;
    return async () => {
      let raw: unknown;
      if (this.usesWebsocket.book) raw = await this.call(() => this.exchange.watchOrderBook(symbol, depth), signal);
      else {
        await this.opts.gate.acquire('live', signal);
        raw = await this.call(() => this.exchange.fetchOrderBook(symbol, depth), signal);
      }
      const b = this.parse(CcxtBook, raw, `${this.opts.name} order book of ${symbol}`);
      const book: BookSnapshot = capDepth(
        { t: b.timestamp ?? this.now(), bids: b.bids.map((l) => [l[0], l[1]] as const), asks: b.asks.map((l) => [l[0], l[1]] as const) },
        depth,
      );
      for (const h of this.handlersOf(symbol)) h.book?.(book);
    };
  }

  private refreshState(detail?: string): void {
    const next: SourceState = this.subs.size === 0 ? 'idle' : this.failing.size > 0 ? 'reconnecting' : 'live';
    if (next === this.current) return;
    this.current = next;
    for (const l of this.stateListeners) {
      try {
        l(next, detail);
      } catch (err) {
        this.log.error('market data state listener failed', { error: err });
      }
    }
  }
}



