import { exchanges, pro, InvalidNonce, OrderNotFound, type Exchange } from 'ccxt';
import type { Instrument } from '../../../../shared/contract';
import { Decimal } from '../../domain/decimal';
import type { Logger } from '../../log/logger';
import {
  VenueError,
  type ConnectionState,
  type ExecutionReport,
  type OrderHint,
  type SubmitAck,
  type SubmitRequest,
  type VenueCapabilities,
  type VenueConnection,
  type VenueFill,
  type VenueOrder,
  type VenuePosition,
} from '../port';
import { captureRetryAfter, mergeUrls, rec, type UrlTree } from './ccxtPlumbing';
import { toVenueError, type CcxtOperation } from './errors';
import { OrderTracker, toVenueFill } from './orderTracker';
import { CircuitBreaker, backoffMs, sleep, type CircuitBreakerOptions, type RetryPolicy } from './resilience';
import { instrumentOf, marketRules, prepareOrder, type MarketRules } from './rules';
import { balanceSnapshot, orderSnapshot, toVenueOrder, tradeSnapshot, type BalanceSnapshot, type CcxtOrderSnapshot, type CcxtTradeSnapshot } from './shapes';
import { venuePreset, type VenuePreset } from './venuePresets';

/** ccxt `urls.api` entries (nested for websocket URLs), merged over the exchange's own. */
export type { UrlTree } from './ccxtPlumbing';

export interface CcxtConnectionOptions {
  /** ccxt exchange id, e.g. "binance". */
  exchangeId: string;
  apiKey: string;
  secret: string;
  /** Some exchanges (OKX, KuCoin, ...) call it passphrase. */
  password?: string;
  /** The exchange's testnet / sandbox. */
  sandbox: boolean;
  /** Our account id for this connection (the OMS books under it). Default: "<exchangeId>" or "<exchangeId>-sandbox". */
  accountId?: string;
  /** The currency cash is counted in and positions are priced against. Default USDT. */
  quoteCurrency?: string;
  /** Tests: point ccxt at a local server. Applied after sandbox mode. */
  urlsOverride?: UrlTree;
  /** How often open orders are polled for fills and closes. Default 2000 ms. */
  pollIntervalMs?: number;
  /**
   * The symbol of one of our orders from the OMS's own records. Most exchanges (Binance
   * among them) find an order only together with its symbol; without this an order the
   * connection has not seen since it started can only be found while it is open.
   */
  symbolOfOrder?: (clientOrderId: string) => string | undefined;
  /** Listen to the exchange's order stream (ccxt.pro watchOrders) when it has one. Default true. */
  stream?: boolean;
  retry?: Partial<RetryPolicy>;
  breaker?: Partial<CircuitBreakerOptions>;
  /** Per-request timeout. Default 10 s (ccxt's default). */
  timeoutMs?: number;
  log?: Logger;
}

type ExchangeClass = new (config?: Record<string, unknown>) => Exchange;

const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 250, maxDelayMs: 4_000 };
const DEFAULT_BREAKER: CircuitBreakerOptions = { failureThreshold: 5, cooldownMs: 2_000, maxCooldownMs: 60_000 };
/** A read waits this long at most between attempts (backoff, Retry-After, a paused breaker) before giving up. */
const MAX_READ_WAIT_MS = 10_000;

/**
 * A VenueConnection to any exchange ccxt supports, spot only. One ccxt instance per
 * connection, so its rate limiter counts every request this connection makes.
 *
 * Orders: submit checks the order against the market's rules and sends it once; the
 * acknowledgement is the exchange's order id, and what happens next arrives as execution
 * reports from polling (and, where the exchange streams order updates, sooner: the stream
 * only triggers a poll, the poll stays the one source of reports). Safe reads are retried
 * with backoff; submit and cancel never are (after an unclear submit the OMS looks the
 * order up by client order id).
 */
export class CcxtConnection implements VenueConnection {
  readonly venue: string;
  readonly accountId: string;
  private readonly exchange: Exchange;
  private readonly preset: VenuePreset;
  private readonly quote: string;
  private readonly retry: RetryPolicy;
  private readonly breaker: CircuitBreaker;
  private readonly tracker: OrderTracker;
  private readonly reportListeners = new Set<(r: ExecutionReport) => void>();
  private readonly stateListeners = new Set<(s: ConnectionState, detail?: string) => void>();
  private readonly rules = new Map<string, MarketRules>();
  private readonly instruments = new Map<string, Instrument>();
  /** Where our orders are: symbol and exchange order id, learned from submits and lookups. */
  private readonly orderRefs = new Map<string, { symbol: string; venueOrderId: string }>();
  /** Retry-After of a failed response, attached to the error ccxt threw for it. */
  private readonly retryAfterOf = new WeakMap<object, number>();
  private readonly stop = new AbortController();
  private readonly pollIntervalMs: number;
  private readonly streamWanted: boolean;
  private current: ConnectionState = 'down';
  private fatal: VenueError | null = null;
  private streamUp = false;
  private pollTimer: ReturnType<typeof setTimeout> | undefined;
  private polling = false;
  private pollAgain = false;
  private pollingStarted = false;
  private streamLoopRunning = false;
  private readonly staticCapabilities: Omit<VenueCapabilities, 'streamsOrderUpdates'>;

  constructor(private readonly opts: CcxtConnectionOptions) {
    this.venue = opts.exchangeId;
    this.accountId = opts.accountId ?? (opts.sandbox ? `${opts.exchangeId}-sandbox` : opts.exchangeId);
    this.quote = opts.quoteCurrency ?? 'USDT';
    this.retry = { ...DEFAULT_RETRY, ...opts.retry };
    this.pollIntervalMs = opts.pollIntervalMs ?? 2_000;
    this.preset = venuePreset(opts.exchangeId);

    const streaming = (pro as unknown as Record<string, ExchangeClass | undefined>)[opts.exchangeId];
    const rest = (exchanges as unknown as Record<string, ExchangeClass | undefined>)[opts.exchangeId];
    const Class = opts.stream !== false && streaming ? streaming : rest;
    if (!Class) throw new VenueError('fatal', `ccxt has no exchange "${opts.exchangeId}"`);
    this.exchange = new Class({
      apiKey: opts.apiKey,
      secret: opts.secret,
      password: opts.password,
      enableRateLimit: true,
      timeout: opts.timeoutMs ?? 10_000,
      // A copy: ccxt writes into its options, and the preset is shared by every connection.
      options: structuredClone(this.preset.options),
    });
    // Sandbox first: it swaps urls.api for the testnet's, which a test override then replaces.
    if (opts.sandbox) this.exchange.setSandboxMode(true);
    if (opts.urlsOverride) mergeUrls(rec(this.exchange.urls.api), opts.urlsOverride);
    // Desktop clocks drift; Binance and others refuse signed requests outside a small window.
    if (this.exchange.has['fetchTime'] === true) this.exchange.options['adjustForTimeDifference'] = true;
    captureRetryAfter(this.exchange, this.retryAfterOf);
    this.streamWanted = opts.stream !== false && this.exchange.has['watchOrders'] === true;
    this.staticCapabilities = this.readCapabilities();

    this.breaker = new CircuitBreaker({ ...DEFAULT_BREAKER, ...opts.breaker });
    this.breaker.onChange((state, detail) => {
      if (this.current === 'down' || this.current === 'connecting') return;
      this.setState(state === 'closed' ? 'connected' : 'reconnecting', detail);
    });
    this.tracker = new OrderTracker(
      this.venue,
      {
        openOrders: (symbol) => this.read(async () => (await this.exchange.fetchOpenOrders(symbol)).map(orderSnapshot)),
        orderById: (id, symbol) => this.orderById(id, symbol),
        tradesOfOrder: (id, symbol, since) => this.tradesOfOrder(id, symbol, since),
      },
      (report) => this.emit(report),
      (symbol) => this.rules.get(symbol)?.quote ?? this.quote,
      opts.log,
    );
  }

  // ---- connection ---------------------------------------------------------------------------

  get capabilities(): VenueCapabilities {
    return { ...this.staticCapabilities, streamsOrderUpdates: this.streamUp };
  }

  async connect(): Promise<void> {
    this.fatal = null;
    this.setState('connecting');
    try {
      await this.read(() => this.exchange.loadMarkets(true));
      this.loadRules();
      // A signed read proves the keys before the UI says "connected".
      await this.balances();
      await this.watchOpenOrders();
    } catch (err) {
      const e = toVenueError(err, 'read', this.venue);
      this.setState('down', e.message);
      throw e;
    }
    this.setState(this.breaker.state() === 'closed' ? 'connected' : 'reconnecting');
    this.startPolling();
    if (this.streamWanted && !this.streamLoopRunning) {
      this.streamLoopRunning = true;
      void this.listenToOrderStream().finally(() => {
        this.streamLoopRunning = false;
      });
    }
  }

  state(): ConnectionState {
    return this.current;
  }

  onState(listener: (state: ConnectionState, detail?: string) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  onReport(listener: (report: ExecutionReport) => void): () => void {
    this.reportListeners.add(listener);
    return () => this.reportListeners.delete(listener);
  }

  instrument(symbol: string): Instrument | undefined {
    return this.instruments.get(symbol);
  }

  /** Every market the exchange lists, in our instrument shape. */
  allInstruments(): Instrument[] {
    return [...this.instruments.values()];
  }

  async close(): Promise<void> {
    this.stop.abort();
    clearTimeout(this.pollTimer);
    this.setState('down', 'closed');
    this.reportListeners.clear();
    this.stateListeners.clear();
    await this.exchange.close().catch(() => undefined);
  }

  // ---- orders -------------------------------------------------------------------------------

  async submit(req: SubmitRequest): Promise<SubmitAck> {
    this.assertUsable();
    // Certainly not placed: 'not_sent' lets the OMS reject the order at once, without a lookup.
    if (this.rules.size === 0) throw new VenueError('not_sent', `the connection to ${this.venue} is not open yet`);
    const args = prepareOrder(req, this.rules.get(req.symbol), this.venue, this.capabilities, {
      amountToPrecision: (s, a) => this.exchange.amountToPrecision(s, a) ?? '',
      priceToPrecision: (s, p) => this.exchange.priceToPrecision(s, p) ?? '',
    });
    // An order is never the probe of a paused connection: refusing it now is certain, a failed send is not.
    if (this.breaker.state() !== 'closed') {
      const wait = this.breaker.waitMs();
      throw new VenueError(
        'not_sent',
        `requests to ${this.venue} are paused (${wait > 0 ? `about ${Math.ceil(wait / 1000)} s left` : 'checking the connection'}); try again shortly`,
        wait,
      );
    }
    let raw: unknown;
    try {
      raw = await this.exchange.createOrder(args.symbol, args.type, args.side, args.amount, args.price, args.params);
      this.breaker.succeeded();
    } catch (err) {
      throw this.failure(err, 'submit');
    }
    let order: CcxtOrderSnapshot;
    try {
      order = orderSnapshot(raw);
    } catch {
      // The exchange took the order (it answered 2xx) but we cannot read the reply: let the OMS look it up.
      throw new VenueError('transient', `${this.venue} accepted the request but its reply could not be read; looking the order up`);
    }
    if (order.clientOrderId !== null && order.clientOrderId !== req.clientOrderId) {
      this.opts.log?.warn('the exchange did not keep our client order id', { exchange: this.venue, sent: req.clientOrderId, got: order.clientOrderId });
    }
    this.remember(req.clientOrderId, order, 'always');
    this.pollSoon();
    return { venueOrderId: order.venueOrderId };
  }

  /** `hint.symbol` (the OMS's record of the order) finds an order this connection has not seen; Binance needs it. */
  async cancel(clientOrderId: string, hint?: OrderHint): Promise<void> {
    this.assertUsable();
    let ref = this.orderRefs.get(clientOrderId);
    if (!ref || !this.preset.lookupByClientId) {
      const found = await this.getOrder(clientOrderId, hint);
      if (!found) throw new VenueError('invalid_order', `${this.venue} has no order with client id ${clientOrderId}`);
      ref = { symbol: found.symbol, venueOrderId: found.venueOrderId };
    }
    const params = this.preset.lookupByClientId ? { clientOrderId } : {};
    try {
      this.admitOrderRequest();
      await this.exchange.cancelOrder(ref.venueOrderId, ref.symbol, params);
      this.breaker.succeeded();
    } catch (err) {
      throw this.failure(err, 'cancel');
    }
    this.tracker.track({ clientOrderId, venueOrderId: ref.venueOrderId, symbol: ref.symbol, createdAt: 0 });
    this.tracker.markCancelRequested(clientOrderId);
    // The outcome (canceled, or filled first) arrives as a report from the next poll.
    this.pollSoon();
  }

  /** The order with our client order id; `hint.symbol` lets Binance find it when it is no longer open. */
  async getOrder(clientOrderId: string, hint?: OrderHint): Promise<VenueOrder | null> {
    this.assertUsable();
    const order = await this.findOrder(clientOrderId, hint?.symbol);
    if (!order) return null;
    this.remember(clientOrderId, order, 'if_open');
    return toVenueOrder(order, clientOrderId);
  }

  async openOrders(): Promise<VenueOrder[]> {
    this.assertUsable();
    const open = await this.fetchAllOpenOrders();
    return open.map((o) => {
      const clientOrderId = o.clientOrderId ?? `${this.venue}-${o.venueOrderId}`;
      this.remember(clientOrderId, o, 'if_open');
      return toVenueOrder(o, clientOrderId);
    });
  }

  async fillsOf(clientOrderId: string, hint?: OrderHint): Promise<VenueFill[]> {
    this.assertUsable();
    const order = await this.findOrder(clientOrderId, hint?.symbol);
    if (!order) return [];
    const trades = await this.tradesOfOrder(order.venueOrderId, order.symbol, order.createdAt);
    return trades
      .filter((t) => t.venueOrderId === order.venueOrderId)
      .map((t) => toVenueFill(t, clientOrderId, this.rules.get(t.symbol)?.quote ?? this.quote));
  }

  /** Spot holdings: every currency other than the quote currency, as a position in <currency>/<quote> when that market exists. */
  async positions(): Promise<VenuePosition[]> {
    this.assertUsable();
    const { total } = await this.balances();
    const out: VenuePosition[] = [];
    for (const [currency, qty] of total) {
      if (currency === this.quote || qty.isZero()) continue;
      const symbol = `${currency}/${this.quote}`;
      if (this.rules.has(symbol)) out.push({ symbol, qty });
    }
    return out;
  }

  /** Free quote currency: what new buys can use. */
  async cash(): Promise<Decimal> {
    this.assertUsable();
    return (await this.balances()).free.get(this.quote) ?? new Decimal(0);
  }

  async accountInfo(): Promise<{ venueAccountId: string; currency: string; buyingPower: Decimal; cash: Decimal }> {
    this.assertUsable();
    const b = await this.balances();
    return {
      venueAccountId: b.accountId ?? this.accountId,
      currency: this.quote,
      buyingPower: b.free.get(this.quote) ?? new Decimal(0),
      cash: b.total.get(this.quote) ?? new Decimal(0),
    };
  }

  // ---- lookups ------------------------------------------------------------------------------

  /**
   * Finds one of our orders by client order id. The symbol comes from where we sent it, else
   * from the caller's hint (the OMS passes the order's symbol), else from `symbolOfOrder`.
   */
  private async findOrder(clientOrderId: string, hintedSymbol?: string): Promise<CcxtOrderSnapshot | null> {
    const ref = this.orderRefs.get(clientOrderId);
    const symbol = ref?.symbol ?? hintedSymbol ?? this.opts.symbolOfOrder?.(clientOrderId);
    if (symbol !== undefined && this.preset.lookupByClientId) {
      return this.orderOrNull(() => this.exchange.fetchOrder(ref?.venueOrderId ?? '', symbol, { clientOrderId }));
    }
    if (ref) return this.orderById(ref.venueOrderId, ref.symbol);
    // Without a symbol only the open-orders list can be searched, across all symbols.
    const open = (await this.fetchAllOpenOrders()).find((o) => o.clientOrderId === clientOrderId);
    if (open) return open;
    if (symbol !== undefined) {
      const closed = await this.read(async () => (await this.exchange.fetchClosedOrders(symbol)).map(orderSnapshot));
      return closed.find((o) => o.clientOrderId === clientOrderId) ?? null;
    }
    // Answering "unknown" here could make the OMS reject an order that is live: say we cannot tell.
    throw new VenueError('transient', `cannot look up order ${clientOrderId} at ${this.venue}: its symbol is not known to this connection`);
  }

  private orderById(venueOrderId: string, symbol: string): Promise<CcxtOrderSnapshot | null> {
    return this.orderOrNull(() => this.exchange.fetchOrder(venueOrderId, symbol));
  }

  /** A lookup where "no such order" is an answer, not an error. */
  private async orderOrNull(fetch: () => Promise<unknown>): Promise<CcxtOrderSnapshot | null> {
    try {
      return await this.read(async () => orderSnapshot(await fetch()), (err) => err instanceof OrderNotFound);
    } catch (err) {
      if (err instanceof OrderNotFound) return null;
      throw err;
    }
  }

  private async tradesOfOrder(venueOrderId: string, symbol: string, since: number): Promise<CcxtTradeSnapshot[]> {
    const raw = await this.read(() =>
      this.exchange.has['fetchOrderTrades'] === true
        ? this.exchange.fetchOrderTrades(venueOrderId, symbol)
        : this.exchange.fetchMyTrades(symbol, since > 0 ? since : undefined),
    );
    return raw.map(tradeSnapshot).filter((t) => t.venueOrderId === venueOrderId);
  }

  private async fetchAllOpenOrders(): Promise<CcxtOrderSnapshot[]> {
    const spot = rec(rec(this.exchange.features)['spot']);
    const symbolRequired = rec(spot['fetchOpenOrders'])['symbolRequired'] === true;
    if (!symbolRequired) return this.read(async () => (await this.exchange.fetchOpenOrders()).map(orderSnapshot));
    // One request per symbol we have orders in: listing every market would burn the rate limit.
    const symbols = new Set([...this.orderRefs.values()].map((r) => r.symbol));
    const out: CcxtOrderSnapshot[] = [];
    for (const symbol of symbols) out.push(...(await this.read(async () => (await this.exchange.fetchOpenOrders(symbol)).map(orderSnapshot))));
    return out;
  }

  private async balances(): Promise<BalanceSnapshot> {
    return this.read(async () => balanceSnapshot(await this.exchange.fetchBalance()));
  }

  /**
   * Records where an order is. Orders we submitted are watched until their outcome is
   * reported; orders found by a lookup are watched only while open (a closed one is
   * settled by whoever looked it up, through fillsOf and its status).
   */
  private remember(clientOrderId: string, order: CcxtOrderSnapshot, watch: 'always' | 'if_open'): void {
    this.orderRefs.set(clientOrderId, { symbol: order.symbol, venueOrderId: order.venueOrderId });
    if (watch === 'always' || order.status === 'open') {
      this.tracker.track({ clientOrderId, venueOrderId: order.venueOrderId, symbol: order.symbol, createdAt: order.createdAt });
    }
  }

  private async watchOpenOrders(): Promise<void> {
    for (const o of await this.fetchAllOpenOrders()) this.remember(o.clientOrderId ?? `${this.venue}-${o.venueOrderId}`, o, 'if_open');
  }

  // ---- requests -----------------------------------------------------------------------------

  /**
   * A safe read: retried with backoff on transient and rate-limit failures, through the
   * circuit breaker. `isAnswer` marks errors that are answers (no such order) rather than failures.
   */
  private async read<T>(fn: () => Promise<T>, isAnswer?: (err: unknown) => boolean): Promise<T> {
    this.assertUsable();
    for (let attempt = 0; ; attempt++) {
      await this.admit(attempt > 0);
      try {
        const result = await fn();
        this.breaker.succeeded();
        return result;
      } catch (err) {
        if (isAnswer?.(err)) {
          this.breaker.succeeded();
          throw err;
        }
        const e = this.failure(err, 'read');
        const retryable = e.kind === 'transient' || e.kind === 'rate_limited';
        const delay = backoffMs(this.retry, attempt, e);
        // A long Retry-After is passed on to the caller rather than held inside one read.
        if (!retryable || attempt + 1 >= this.retry.attempts || delay > MAX_READ_WAIT_MS) throw e;
        if (err instanceof InvalidNonce && this.exchange.has['fetchTime'] === true) {
          await this.exchange.loadTimeDifference().catch(() => undefined);
        }
        await sleep(delay, this.stop.signal);
      }
    }
  }

  /**
   * Waits for the breaker to let a request through. A first attempt fails fast while the
   * connection is paused; a retry waits (bounded) for the pause or another call's probe to end.
   */
  private async admit(wait: boolean): Promise<void> {
    const started = Date.now();
    for (;;) {
      if (this.stop.signal.aborted) throw new VenueError('transient', `the connection to ${this.venue} is closed`);
      try {
        this.breaker.admit();
        return;
      } catch (err) {
        if (!wait || Date.now() - started > MAX_READ_WAIT_MS) throw err;
        await sleep(Math.min(Math.max(this.breaker.waitMs(), 10), 250), this.stop.signal);
      }
    }
  }

  /** Maps a failed request, feeds the breaker, and takes the connection down on a fatal error. */
  private failure(err: unknown, op: CcxtOperation): VenueError {
    const retryAfter = err !== null && typeof err === 'object' ? this.retryAfterOf.get(err) : undefined;
    const e = toVenueError(err, op, this.venue, retryAfter);
    if (err instanceof VenueError) return e;
    this.breaker.failed(e);
    // The exchange refused our timestamp: re-measure the clock offset so the next request passes.
    if (err instanceof InvalidNonce && op !== 'read' && this.exchange.has['fetchTime'] === true) {
      void this.exchange.loadTimeDifference().catch(() => undefined);
    }
    if (e.kind === 'fatal') {
      this.fatal = e;
      clearTimeout(this.pollTimer);
      this.setState('down', e.message);
    }
    return e;
  }

  /** An order request (cancel) through the breaker: refused while paused, and then certainly not sent. */
  private admitOrderRequest(): void {
    try {
      this.breaker.admit();
    } catch (err) {
      if (err instanceof VenueError) throw new VenueError('not_sent', err.message, err.retryAfterMs);
      throw err;
    }
  }

  private assertUsable(): void {
    if (this.fatal) throw new VenueError('fatal', `the connection to ${this.venue} is down: ${this.fatal.message}`);
  }


  // ---- polling and streaming ----------------------------------------------------------------

  private startPolling(): void {
    this.pollingStarted = true;
    if (!this.polling) this.schedulePoll(0);
  }

  private pollSoon(): void {
    if (!this.pollingStarted || this.stop.signal.aborted) return;
    if (this.polling) this.pollAgain = true;
    else this.schedulePoll(0);
  }

  private schedulePoll(ms: number): void {
    clearTimeout(this.pollTimer);
    if (this.stop.signal.aborted || this.fatal) return;
    this.pollTimer = setTimeout(() => void this.pollTick(), ms);
    this.pollTimer.unref?.();
  }

  private async pollTick(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    this.pollAgain = false;
    try {
      if (this.tracker.size > 0) await this.tracker.pollOnce();
      // Nothing to watch but the connection is paused: a cheap request probes it, so the state recovers.
      else if (this.breaker.state() !== 'closed' && this.breaker.ready()) await this.read(() => this.exchange.fetchTime());
    } catch (err) {
      const e = err instanceof VenueError ? err : toVenueError(err, 'read', this.venue);
      if (e.kind !== 'transient' && e.kind !== 'rate_limited') this.opts.log?.warn('polling the exchange failed', { exchange: this.venue, error: e.message });
    } finally {
      this.polling = false;
      this.schedulePoll(this.pollAgain ? 0 : this.pollIntervalMs);
    }
  }

  /**
   * ccxt.pro's order stream, used as a doorbell: each update triggers a poll at once. The
   * poll stays the only source of reports, so stream and poll can never both report a
   * trade, and a stream that drops or never connects (no route, testnet without it) costs
   * only latency. Reconnects with backoff until the connection closes.
   */
  private async listenToOrderStream(): Promise<void> {
    let delay = 1_000;
    while (!this.stop.signal.aborted && !this.fatal) {
      try {
        await this.exchange.watchOrders();
        if (!this.streamUp) this.opts.log?.info('order stream connected', { exchange: this.venue });
        this.streamUp = true;
        delay = 1_000;
        this.pollSoon();
      } catch (err) {
        if (this.stop.signal.aborted) return;
        if (this.streamUp || delay === 1_000) {
          this.opts.log?.warn('order stream unavailable; polling only', { exchange: this.venue, error: err instanceof Error ? err.message : String(err) });
        }
        this.streamUp = false;
        await sleep(delay, this.stop.signal);
        delay = Math.min(delay * 2, 60_000);
      }
    }
  }

  // ---- helpers ------------------------------------------------------------------------------

  private loadRules(): void {
    this.rules.clear();
    this.instruments.clear();
    for (const market of Object.values(this.exchange.markets ?? {})) {
      const m = rec(market);
      if (m['spot'] !== true) continue;
      const r = marketRules(market, this.exchange.precisionMode ?? 0);
      if (!r) continue;
      this.rules.set(r.symbol, r);
      this.instruments.set(r.symbol, instrumentOf(r, this.venue));
    }
  }

  private readCapabilities(): Omit<VenueCapabilities, 'streamsOrderUpdates'> {
    const has = this.exchange.has;
    const createOrder = rec(rec(rec(this.exchange.features)['spot'])['createOrder']);
    const tif = rec(createOrder['timeInForce']);
    const triggers = createOrder['triggerPrice'] === true;
    const orderTypes: Array<VenueCapabilities['orderTypes'][number]> = ['market', 'limit'];
    if (triggers || has['createStopMarketOrder'] === true) orderTypes.push('stop');
    if (triggers || has['createStopLimitOrder'] === true) orderTypes.push('stop_limit');
    const timeInForce: Array<VenueCapabilities['timeInForce'][number]> = ['gtc'];
    if (tif['IOC'] === true) timeInForce.push('ioc');
    if (tif['FOK'] === true) timeInForce.push('fok');
    // No modify: ccxt's editOrder is not one operation across exchanges (Binance spot does it
    // as cancel-replace: a new order for the full quantity given, whatever the old one filled
    // meanwhile, and ccxt returns only the new order). Changing an order is cancel and submit anew.
    return { orderTypes, timeInForce, orderClasses: [], canModify: false };
  }

  private setState(state: ConnectionState, detail?: string): void {
    if (state === this.current) return;
    this.current = state;
    for (const l of this.stateListeners) {
      try {
        l(state, detail);
      } catch (err) {
        this.opts.log?.error('a connection state listener failed', { error: err });
      }
    }
  }

  private emit(report: ExecutionReport): void {
    for (const l of this.reportListeners) {
      try {
        l(report);
      } catch (err) {
        this.opts.log?.error('an execution report listener failed', { error: err, kind: report.kind });
      }
    }
  }
}


