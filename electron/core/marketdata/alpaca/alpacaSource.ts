/**
 * Alpaca market data through the official SDK (4.x): history from the Market Data REST API
 * (stocks: /v2/stocks/{symbol}/bars with the account's feed; crypto: /v1beta3/crypto/us/bars),
 * live data from its WebSocket clients (`StockDataStream` / `CryptoDataStream`, msgpack).
 *
 * - The SDK's own retry and rate limiter are off here: the engine's one limiter per venue
 *   paces every request (and pauses on 429 with Retry-After), and fetchRange retries.
 * - Feed: SIP when the subscription allows it, else IEX. It is found once by asking for the
 *   last minutes of SIP data, which a free plan refuses with 403; `feed` in the options skips
 *   the probe. History and the live stream use the same feed, so their volumes agree.
 * - Alpaca allows one stock and one crypto data connection per account: every subscribed
 *   symbol shares them, and a stream with nothing left to listen to is closed.
 * - Reconnects (exponential backoff with jitter) are the SDK's; a reconnect is reported as
 *   'reconnecting' then 'live', which is when the live service fetches the missed minutes.
 * - Minute bars arrive when the minute has closed; Alpaca streams no forming minute.
 * - Crypto order books arrive as a snapshot then changes, kept in a depth-capped local book;
 *   stocks have no book feed, so their book is the top of book from quotes.
 */
import { ApiError, FetchError, marketData, streaming, trading } from '@alpacahq/alpaca-trade-api';
import type { Instrument, Timeframe } from '../../../../shared/contract/market';
import type { MarketKind, SourceInfo } from '../../../../shared/contract/marketdata';
import { toVenueError } from '../../brokers/alpaca/errors';
import { instrumentFromAsset } from '../../brokers/alpaca/rules';
import { AlpacaAssetList, type AlpacaAsset } from '../../brokers/alpaca/wire';
import type { Logger } from '../../log/logger';
import { OrderBook } from '../orderBook';
import { matchRank } from '../search';
import { MarketDataError, toMinuteBars, type BarsPage, type FetchOptions, type LiveHandlers, type MarketDataSource, type MarketOf, type SourceState } from '../source';
import { AlpacaBarsBySymbol, AlpacaStockBarsSingle, parseAlpaca, type AlpacaBar } from './wire';

export type AlpacaFeed = 'iex' | 'sip';

export interface AlpacaSourceOptions {
  /** The connection id: the source id and the `source` of its stored bars. */
  id: string;
  /** The connection's name, for messages. */
  name: string;
  keyId: string;
  secret: string;
  /** The trading host the asset list comes from: live or paper. */
  live: boolean;
  /** Market data REST host (default https://data.alpaca.markets). */
  dataUrl?: string;
  /** Trading REST host for the asset list (default: Alpaca's paper or live host). */
  tradingUrl?: string;
  /** Market data stream host (default wss://stream.data.alpaca.markets); /v2/<feed> and /v1beta3/crypto/us are appended. */
  streamUrl?: string;
  /** Skip the entitlement probe. */
  feed?: AlpacaFeed;
  timeoutMs?: number;
  reconnect?: { initialMs?: number; maxMs?: number; jitter?: number };
  /** Order book levels kept per side (default 50). */
  bookDepth?: number;
  log?: Logger;
  now?: () => number;
}

const PAGE_LIMIT = 10_000;
const ALL_TIMEFRAMES: Timeframe[] = ['1m', '5m', '15m', '1h', '4h', '1D', '1W'];
/** The free plan refuses the last 15 minutes of SIP data: a window inside them tells the plans apart. */
const PROBE_WINDOW_MS = 10 * 60_000;
const PROBE_SYMBOL = 'SPY';

type StreamKind = 'stocks' | 'crypto';
type DataStream = streaming.StockDataStream | streaming.CryptoDataStream;

interface Subscription {
  handlers: Set<LiveHandlers>;
  kind: StreamKind;
  channels: { trades: boolean; book: boolean };
  book: OrderBook | null;
}

interface StreamSlot {
  stream: DataStream;
  state: SourceState;
}

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };

export class AlpacaSource implements MarketDataSource {
  readonly id: string;
  readonly maxBarsPerPage = PAGE_LIMIT;
  readonly aroundTheClock = false;
  readonly storesLiveBars = false;
  private readonly log: Logger;
  private readonly stocksApi: marketData.StockApi;
  private readonly cryptoApi: marketData.CryptoApi;
  private readonly assetsApi: trading.AssetsApi;
  private assets: Promise<Map<string, AlpacaAsset>> | undefined;
  private feed: Promise<AlpacaFeed> | undefined;
  private knownFeed: AlpacaFeed | null;
  private readonly subs = new Map<string, Subscription>();
  private readonly streams = new Map<StreamKind, StreamSlot>();
  private readonly stateListeners = new Set<(state: SourceState, detail?: string) => void>();
  private current: SourceState = 'idle';
  private closed = false;

  constructor(private readonly opts: AlpacaSourceOptions) {
    this.id = opts.id;
    this.log = opts.log ?? silent;
    this.knownFeed = opts.feed ?? null;
    const common = { keyId: opts.keyId, secret: opts.secret, timeoutMs: opts.timeoutMs ?? 15_000 };
    // No `retry` and no `rateLimit`: both are the engine's job here (one limiter per venue).
    const data = new marketData.Configuration({ ...common, basePath: opts.dataUrl ?? marketData.MARKET_DATA_HOST });
    this.stocksApi = new marketData.StockApi(data);
    this.cryptoApi = new marketData.CryptoApi(data);
    const tradingHost = opts.tradingUrl ?? (opts.live ? trading.TRADING_LIVE_HOST : trading.TRADING_PAPER_HOST);
    this.assetsApi = new trading.AssetsApi(new trading.Configuration({ ...common, basePath: tradingHost, paper: !opts.live }));
  }

  info(): SourceInfo {
    return {
      id: this.id,
      name: this.opts.name,
      venue: 'alpaca',
      markets: ['us_equity', 'crypto_spot'],
      timeframes: ALL_TIMEFRAMES,
      feed: this.knownFeed,
      canStream: true,
      hasOrderBook: true,
    };
  }

  async ready(): Promise<void> {
    await this.entitledFeed();
  }

  /** The feed this account may use; probed once (a failed probe is tried again next time). */
  entitledFeed(): Promise<AlpacaFeed> {
    if (this.knownFeed) return Promise.resolve(this.knownFeed);
    this.feed ??= this.probeFeed().then(
      (feed) => {
        this.knownFeed = feed;
        return feed;
      },
      (err: unknown) => {
        this.feed = undefined;
        throw err;
      },
    );
    return this.feed;
  }

  async marketOf(symbol: string): Promise<MarketOf | null> {
    const asset = (await this.assetMap()).get(symbol);
    if (!asset) return null;
    return asset.class === 'crypto' ? 'crypto' : 'us_equity';
  }

  async search(market: MarketKind | 'all', query: string, limit: number): Promise<Instrument[]> {
    if (market === 'crypto_derivatives') return [];
    const wanted = market === 'all' ? null : market === 'crypto_spot' ? 'crypto' : 'us_equity';
    const q = query.trim().toUpperCase();
    const ranked: Array<[number, AlpacaAsset]> = [];
    for (const asset of (await this.assetMap()).values()) {
      if (wanted && (asset.class === 'crypto' ? 'crypto' : 'us_equity') !== wanted) continue;
      const rank = matchRank(asset.symbol, asset.name, q);
      if (rank !== null) ranked.push([rank, asset]);
    }
    ranked.sort((a, b) => a[0] - b[0] || a[1].symbol.localeCompare(b[1].symbol));
    return ranked.slice(0, limit).map(([, asset]) => instrumentFromAsset(asset, null));
  }

  async fetchBars(symbol: string, fromMs: number, toMs: number, pageToken?: string, options: FetchOptions = {}): Promise<BarsPage> {
    const market = await this.marketOf(symbol);
    if (market === null) throw new MarketDataError('not_found', `${this.opts.name} has no symbol ${symbol}`);
    // Alpaca's `end` is inclusive: one millisecond before `to` keeps [from, to) half-open.
    const window = { start: new Date(fromMs), end: new Date(toMs - 1), limit: PAGE_LIMIT, pageToken, sort: marketData.Sort.Asc };
    const init = options.signal ? { signal: options.signal } : undefined;
    const what = `${this.opts.name} bars of ${symbol}`;
    let rows: AlpacaBar[];
    let next: string | null | undefined;
    if (market === 'crypto') {
      const json = await this.call(() => this.cryptoApi.cryptoBarsRaw({ loc: marketData.CryptoHistoricalLoc.Us, symbols: symbol, timeframe: '1Min', ...window }, init));
      const parsed = parseAlpaca(AlpacaBarsBySymbol, json, what);
      if (typeof parsed === 'string') throw new MarketDataError('malformed', parsed);
      rows = parsed.bars?.[symbol] ?? [];
      next = parsed.next_page_token;
    } else {
      const feed = await this.entitledFeed();
      const json = await this.call(() => this.stocksApi.stockBarSingleRaw({ symbol, timeframe: '1Min', feed, adjustment: 'raw', ...window }, init));
      const parsed = parseAlpaca(AlpacaStockBarsSingle, json, what);
      if (typeof parsed === 'string') throw new MarketDataError('malformed', parsed);
      rows = parsed.bars ?? [];
      next = parsed.next_page_token;
    }
    const bars = toMinuteBars(
      rows.map((r) => ({ tMs: Date.parse(r.t), o: r.o, h: r.h, l: r.l, c: r.c, v: r.v })),
      fromMs,
      toMs,
      what,
    );
    return next ? { bars, next } : { bars };
  }

  subscribe(symbol: string, handlers: LiveHandlers): () => void {
    if (this.closed) throw new MarketDataError('fatal', 'This market data source is closed');
    // Alpaca spells crypto pairs with a slash ("BTC/USD") and equities without.
    const kind: StreamKind = symbol.includes('/') ? 'crypto' : 'stocks';
    let sub = this.subs.get(symbol);
    if (!sub) {
      sub = { handlers: new Set(), kind, channels: { trades: false, book: false }, book: null };
      this.subs.set(symbol, sub);
    }
    sub.handlers.add(handlers);
    void this.syncChannels(symbol);
    return () => {
      const s = this.subs.get(symbol);
      if (!s) return;
      s.handlers.delete(handlers);
      void this.syncChannels(symbol);
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
    this.closed = true;
    for (const slot of this.streams.values()) slot.stream.disconnect();
    this.streams.clear();
    this.subs.clear();
    this.setState('idle');
    this.stateListeners.clear();
  }

  // ---- REST ------------------------------------------------------------------------

  private async call(fn: () => Promise<{ raw: Response }>): Promise<unknown> {
    try {
      const res = await fn();
      return (await res.raw.json()) as unknown;
    } catch (err) {
      throw this.translate(err);
    }
  }

  private translate(err: unknown): MarketDataError {
    if (err instanceof MarketDataError) return err;
    if (err instanceof SyntaxError) return new MarketDataError('malformed', `${this.opts.name} sent a reply that is not JSON`);
    if (err instanceof FetchError && (err.cause as { name?: unknown } | undefined)?.name === 'AbortError') {
      return new MarketDataError('aborted', 'The request was cancelled');
    }
    const e = toVenueError(err, 'read');
    switch (e.kind) {
      case 'rate_limited':
        return new MarketDataError('rate_limited', e.message, e.retryAfterMs);
      case 'transient':
        return new MarketDataError('transient', e.message);
      case 'invalid_order':
        return new MarketDataError('not_found', e.message);
      default:
        return new MarketDataError(err instanceof ApiError && err.status === 403 ? 'refused' : 'fatal', e.message);
    }
  }

  private assetMap(): Promise<Map<string, AlpacaAsset>> {
    this.assets ??= this.call(() => this.assetsApi.getV2AssetsRaw({ status: 'active' })).then(
      (json) => {
        const parsed = AlpacaAssetList.safeParse(json);
        if (!parsed.success) throw new MarketDataError('malformed', `${this.opts.name} sent an asset list that could not be read`);
        return new Map(parsed.data.map((a) => [a.symbol, a]));
      },
      (err: unknown) => {
        this.assets = undefined;
        throw err;
      },
    );
    return this.assets;
  }

  private async probeFeed(): Promise<AlpacaFeed> {
    const end = (this.opts.now ?? Date.now)();
    try {
      await this.call(() =>
        this.stocksApi.stockBarsRaw({ symbols: PROBE_SYMBOL, timeframe: '1Min', feed: 'sip', start: new Date(end - PROBE_WINDOW_MS), end: new Date(end), limit: 1 }),
      );
      return 'sip';
    } catch (err) {
      if (err instanceof MarketDataError && err.kind === 'refused') {
        this.log.info('alpaca data: the subscription does not include recent SIP data; using IEX', { source: this.id });
        return 'iex';
      }
      throw err;
    }
  }

  // ---- streams ---------------------------------------------------------------------

  /** Brings the stream's subscriptions in line with what the handlers of a symbol want. */
  private async syncChannels(symbol: string): Promise<void> {
    const sub = this.subs.get(symbol);
    if (!sub) return;
    const want = { bars: sub.handlers.size > 0, trades: [...sub.handlers].some((h) => h.trade), book: [...sub.handlers].some((h) => h.book) };
    let slot: StreamSlot;
    try {
      slot = await this.streamFor(sub.kind);
    } catch (err) {
      this.setState('down', err instanceof Error ? err.message : String(err));
      return;
    }
    const stream = slot.stream;
    const list = [symbol];
    if (!want.bars) {
      stream.unsubscribeFromBars(list);
      if (sub.channels.trades) stream.unsubscribeFromTrades(list);
      if (sub.channels.book) this.unsubscribeBook(stream, sub.kind, list);
      this.subs.delete(symbol);
      this.closeIdleStream(sub.kind);
      return;
    }
    stream.subscribeForBars(list);
    if (want.trades !== sub.channels.trades) {
      if (want.trades) stream.subscribeForTrades(list);
      else stream.unsubscribeFromTrades(list);
    }
    if (want.book !== sub.channels.book) {
      if (want.book) {
        sub.book = new OrderBook(this.opts.bookDepth ?? 50);
        if (sub.kind === 'crypto') stream.subscribeForOrderbooks(list);
        else stream.subscribeForQuotes(list);
      } else {
        sub.book = null;
        this.unsubscribeBook(stream, sub.kind, list);
      }
    }
    sub.channels = { trades: want.trades, book: want.book };
  }

  private unsubscribeBook(stream: DataStream, kind: StreamKind, list: string[]): void {
    if (kind === 'crypto') stream.unsubscribeFromOrderbooks(list);
    else stream.unsubscribeFromQuotes(list);
  }

  private closeIdleStream(kind: StreamKind): void {
    if ([...this.subs.values()].some((s) => s.kind === kind)) return;
    const slot = this.streams.get(kind);
    if (!slot) return;
    this.streams.delete(kind);
    slot.stream.disconnect();
    this.refreshState();
  }

  private async streamFor(kind: StreamKind): Promise<StreamSlot> {
    const existing = this.streams.get(kind);
    if (existing) return existing;
    const feed = kind === 'stocks' ? await this.entitledFeed() : null;
    const again = this.streams.get(kind);
    if (again) return again;
    const base = this.opts.streamUrl ?? streaming.MARKET_DATA_STREAM_HOST;
    const common = {
      credentials: { keyId: this.opts.keyId, secret: this.opts.secret },
      reconnect: true,
      maxReconnectAttempts: streaming.UNLIMITED_RECONNECT_ATTEMPTS,
      backoff: true,
      initialReconnectMs: this.opts.reconnect?.initialMs ?? 1_000,
      maxReconnectMs: this.opts.reconnect?.maxMs ?? 30_000,
      reconnectJitter: this.opts.reconnect?.jitter ?? 0.2,
    };
    const stream: DataStream =
      kind === 'stocks'
        ? new streaming.StockDataStream({ ...common, feed: feed ?? 'iex', url: `${base}/v2/${feed ?? 'iex'}` })
        : new streaming.CryptoDataStream({ ...common, url: `${base}/v1beta3/crypto/us` });
    const slot: StreamSlot = { stream, state: 'connecting' };
    this.streams.set(kind, slot);
    this.wire(slot, kind);
    stream.connect();
    this.refreshState();
    return slot;
  }

  private wire(slot: StreamSlot, kind: StreamKind): void {
    const s = slot.stream;
    const set = (state: SourceState, detail?: string) => {
      if (this.streams.get(kind) !== slot) return;
      slot.state = state;
      this.refreshState(detail);
    };
    s.onConnect(() => set('live', `${kind} stream connected`));
    s.onReconnecting((attempt) => set('reconnecting', `${kind} stream reconnecting (attempt ${attempt})`));
    s.onReconnected(() => set('live', `${kind} stream reconnected`));
    s.onStateChange((state) => {
      if (state === streaming.STATE.WAITING_TO_RECONNECT) set('reconnecting', `${kind} stream dropped`);
    });
    s.onError((message) => this.log.warn('alpaca data stream error', { source: this.id, kind, message }));
    void s.whenAuthenticated().then((result) => {
      if (result.status === streaming.STREAM_AUTH_STATUS.SERVER_REJECTED) set('down', `Alpaca refused the market data stream: ${result.message}`);
    });
    s.onBar((bar) => {
      const sub = this.subs.get(bar.symbol);
      if (!sub) return;
      const tMs = bar.timestamp.getTime();
      if (!Number.isFinite(tMs)) return;
      const live = { t: Math.floor(tMs / 60_000) * 60, o: bar.open, h: bar.high, l: bar.low, c: bar.close, v: bar.volume, closed: true };
      for (const h of sub.handlers) h.bar?.(live);
    });
    s.onTrade((trade) => {
      const sub = this.subs.get(trade.symbol);
      if (!sub?.channels.trades) return;
      const side = trade.takerSide === 'B' ? 'buy' : trade.takerSide === 'S' ? 'sell' : null;
      const t = { t: trade.timestamp.getTime(), price: trade.price ?? Number.NaN, size: trade.size ?? Number.NaN, side } as const;
      if (!Number.isFinite(t.t) || !Number.isFinite(t.price) || !Number.isFinite(t.size)) return;
      for (const h of sub.handlers) h.trade?.(t);
    });
    if (kind === 'crypto') {
      (s as streaming.CryptoDataStream).onOrderbook((ob) => {
        const sub = this.subs.get(ob.symbol);
        if (!sub?.book) return;
        sub.book.apply({
          t: ob.timestamp.getTime(),
          reset: ob.reset,
          bids: ob.bids.map((l) => [l.price, l.size] as const),
          asks: ob.asks.map((l) => [l.price, l.size] as const),
        });
        const snapshot = sub.book.snapshot();
        for (const h of sub.handlers) h.book?.(snapshot);
      });
    } else {
      (s as streaming.StockDataStream).onQuote((q) => {
        const sub = this.subs.get(q.symbol);
        if (!sub?.book) return;
        sub.book.apply({ t: q.timestamp.getTime(), reset: true, bids: [[q.bidPrice, q.bidSize]], asks: [[q.askPrice, q.askSize]] });
        const snapshot = sub.book.snapshot();
        for (const h of sub.handlers) h.book?.(snapshot);
      });
    }
  }

  private refreshState(detail?: string): void {
    const states = [...this.streams.values()].map((s) => s.state);
    const next: SourceState = states.length === 0 ? 'idle' : (['down', 'reconnecting', 'connecting', 'live'] as const).find((s) => states.includes(s)) ?? 'idle';
    this.setState(next, detail);
  }

  private setState(state: SourceState, detail?: string): void {
    if (state === this.current) return;
    this.current = state;
    for (const l of this.stateListeners) {
      try {
        l(state, detail);
      } catch (err) {
        this.log.error('market data state listener failed', { error: err });
      }
    }
  }
}
