import { ApiError, NotFoundError, streaming, trading } from '@alpacahq/alpaca-trade-api';
import type { ZodType } from 'zod';
import type { Instrument, TimeInForce } from '../../../../shared/contract';
import { Decimal, decStr } from '../../domain/decimal';
import type { Logger } from '../../log/logger';
import {
  VenueError,
  type ConnectionState,
  type ExecutionReport,
  type SubmitAck,
  type VenueCapabilities,
  type VenueConnection,
  type VenueFill,
  type VenueOrder,
  type VenuePosition,
} from '../port';
import { CircuitBreaker, type CircuitBreakerOptions } from './circuitBreaker';
import { toVenueError, type AlpacaOperation } from './errors';
import {
  closingReasonOf,
  eventTime,
  fillFromActivity,
  fillFromTradeUpdate,
  isTerminalStatus,
  positionQty,
  toPostOrderRequest,
  toVenueOrder,
  withLegs,
  type AlpacaSubmitRequest,
  type OrderIdentity,
} from './orderMapping';
import { ReportLedger, type OrderToWatch } from './reportLedger';
import { instrumentFromAsset } from './rules';
import { SymbolMap } from './symbols';
import {
  AlpacaAccount,
  AlpacaAssetList,
  AlpacaFillActivityList,
  AlpacaOrder,
  AlpacaOrderList,
  AlpacaPositionList,
  AlpacaTradeUpdate,
  executionIdOfActivity,
  parseWire,
  type AlpacaAsset,
  type AlpacaFillActivity,
} from './wire';

export const ALPACA_PAPER_REST = trading.TRADING_PAPER_HOST;
export const ALPACA_LIVE_REST = trading.TRADING_LIVE_HOST;
export const ALPACA_PAPER_STREAM = streaming.TRADING_STREAM_PAPER;
export const ALPACA_LIVE_STREAM = streaming.TRADING_STREAM_LIVE;

export interface AlpacaConnectionOptions {
  /** Our account id for this connection (the OMS books orders under it). */
  accountId: string;
  keyId: string;
  secret: string;
  /** Trade with real money. Paper unless this is explicitly true. */
  live?: boolean;
  /** REST host override (a proxy, or a test server); defaults to Alpaca's paper/live host. */
  baseUrl?: string;
  /** trade_updates WebSocket override; defaults to Alpaca's paper/live stream. */
  streamUrl?: string;
  /** Per-request deadline. */
  timeoutMs?: number;
  /** Retries of safe reads (GET) only; order submits, cancels and replaces are never retried. */
  retry?: { maxRetries?: number; baseDelayMs?: number; maxDelayMs?: number };
  /** Client-side rate limit; Alpaca allows about 200 requests a minute. */
  rateLimit?: { maxRequests: number; intervalMs: number } | false;
  breaker?: Partial<CircuitBreakerOptions>;
  /** How often open orders and fills are polled while the stream is down. */
  pollIntervalMs?: number;
  /** Stream reconnect backoff: doubling from initialMs up to maxMs, with +-jitter (fraction). */
  reconnect?: { initialMs?: number; maxMs?: number; jitter?: number };
  /** How long connect() waits for the stream before carrying on with polling. */
  streamConnectTimeoutMs?: number;
  /** Last known price of a symbol, for the price-dependent equity tick size. */
  referencePrice?: (symbol: string) => Decimal | null;
  log?: Logger;
  now?: () => number;
}

const DEFAULTS = {
  timeoutMs: 10_000,
  maxRetries: 3,
  baseDelayMs: 250,
  maxDelayMs: 5_000,
  rateLimit: { maxRequests: 190, intervalMs: 60_000 },
  failureThreshold: 5,
  coolDownMs: 30_000,
  pollIntervalMs: 3_000,
  reconnectInitialMs: 1_000,
  reconnectMaxMs: 30_000,
  reconnectJitter: 0.2,
  streamConnectTimeoutMs: 10_000,
} as const;

/** Alpaca lists at most 500 orders per request. */
const ORDER_PAGE = 500;
const ACTIVITY_PAGE = 100;
/** Activity and order times are the venue's clock: look a little further back than ours. */
const CLOCK_SLACK_MS = 5_000;
/** FILL activities can be listed a little after the fill; re-read this much on every sync. */
const ACTIVITY_LAG_MS = 60_000;

export const ALPACA_CAPABILITIES: VenueCapabilities = {
  orderTypes: ['market', 'limit', 'stop', 'stop_limit', 'trailing_stop'],
  timeInForce: ['day', 'gtc', 'ioc', 'fok'],
  orderClasses: ['bracket', 'oco', 'oto'],
  canModify: true,
  streamsOrderUpdates: true,
};

export interface ReplaceChanges {
  qty?: Decimal;
  limitPrice?: Decimal;
  stopPrice?: Decimal;
  /** New trail (price distance, or percent for a percent trailing stop). */
  trail?: Decimal;
  tif?: TimeInForce;
  /** The replacement is a new order at Alpaca; give it our id, or Alpaca makes one up. */
  newClientOrderId?: string;
}

const silentLog: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * A connection to one Alpaca account through the official SDK (4.x): REST for orders and
 * records, the trade_updates WebSocket for what happens to orders, and polling of open
 * orders and FILL activities whenever that stream is down.
 *
 * Towards the OMS it behaves like the paper venue: submit resolves with an acknowledgement
 * or throws a VenueError; fills, cancels, expiries and rejections arrive as reports, each
 * execution once. An order submit is never retried (the SDK never replays a POST, and we
 * do not either): after an unclear failure the OMS looks the order up by client order id.
 */
export class AlpacaConnection implements VenueConnection {
  readonly venue = 'alpaca';
  readonly accountId: string;
  readonly capabilities = ALPACA_CAPABILITIES;
  readonly paper: boolean;
  /** Where this connection talks to, for the connection panel and the logs. */
  readonly endpoint: { rest: string; stream: string };

  private readonly log: Logger;
  private readonly now: () => number;
  private readonly ordersApi: trading.OrdersApi;
  private readonly accountApi: trading.AccountsApi;
  private readonly activitiesApi: trading.AccountActivitiesApi;
  private readonly positionsApi: trading.PositionsApi;
  private readonly assetsApi: trading.AssetsApi;
  private readonly stream: streaming.TradingStream;
  private readonly breaker: CircuitBreaker;
  private readonly ledger = new ReportLedger();
  private readonly symbols = new SymbolMap();
  private readonly assets = new Map<string, AlpacaAsset>();
  private readonly reportListeners = new Set<(r: ExecutionReport) => void>();
  private readonly stateListeners = new Set<(s: ConnectionState, detail?: string) => void>();

  private lastState: ConnectionState = 'connecting';
  private connectStarted = false;
  private connectFailure: string | null = null;
  private connected = false;
  private closed = false;
  private fatalReason: string | null = null;
  private streamListening = false;
  private streamWasUp = false;
  private pollTimer: ReturnType<typeof setTimeout> | undefined;
  private followUpTimer: ReturnType<typeof setTimeout> | undefined;
  private sync: Promise<void> | null = null;
  private syncAgain = false;
  private lastSyncError: unknown = null;
  private listeningWaiters: Array<() => void> = [];

  constructor(private readonly opts: AlpacaConnectionOptions) {
    this.accountId = opts.accountId;
    this.paper = opts.live !== true;
    this.log = opts.log ?? silentLog;
    this.now = opts.now ?? Date.now;
    const baseUrl = opts.baseUrl ?? (this.paper ? ALPACA_PAPER_REST : ALPACA_LIVE_REST);
    const streamUrl = opts.streamUrl ?? (this.paper ? ALPACA_PAPER_STREAM : ALPACA_LIVE_STREAM);
    this.endpoint = { rest: baseUrl, stream: streamUrl };
    if (this.paper && (isLiveHost(baseUrl) || isLiveHost(streamUrl))) {
      // Real money only when the caller said so: a live URL in a paper config is a mistake.
      throw new VenueError('fatal', 'A paper Alpaca connection was pointed at the live trading host; pass live: true to trade real money');
    }
    const retry = opts.retry ?? {};
    const config = new trading.Configuration({
      basePath: baseUrl,
      keyId: opts.keyId,
      secret: opts.secret,
      paper: this.paper,
      timeoutMs: opts.timeoutMs ?? DEFAULTS.timeoutMs,
      // The SDK retries only safe verbs (GET...), honouring Retry-After, with exponential
      // backoff and jitter; POST/PATCH/DELETE are issued once.
      retry: {
        maxRetries: retry.maxRetries ?? DEFAULTS.maxRetries,
        retryDelayMs: retry.baseDelayMs ?? DEFAULTS.baseDelayMs,
        maxDelayMs: retry.maxDelayMs ?? DEFAULTS.maxDelayMs,
        respectRetryAfter: true,
        onRetry: (e) => this.log.warn('alpaca: retrying a read', { method: e.method, path: pathOf(e.url), attempt: e.attempt, delayMs: e.delayMs, status: e.status }),
      },
      rateLimit: opts.rateLimit === false ? undefined : (opts.rateLimit ?? DEFAULTS.rateLimit),
    });
    this.ordersApi = new trading.OrdersApi(config);
    this.accountApi = new trading.AccountsApi(config);
    this.activitiesApi = new trading.AccountActivitiesApi(config);
    this.positionsApi = new trading.PositionsApi(config);
    this.assetsApi = new trading.AssetsApi(config);
    this.breaker = new CircuitBreaker(
      { failureThreshold: opts.breaker?.failureThreshold ?? DEFAULTS.failureThreshold, coolDownMs: opts.breaker?.coolDownMs ?? DEFAULTS.coolDownMs },
      (state, detail) => {
        this.log.warn(`alpaca: circuit ${state}`, { detail });
        this.refreshState(detail);
      },
      this.now,
    );
    // The same client trading.stream() builds, with our endpoint and reconnect policy.
    this.stream = new streaming.TradingStream({
      credentials: { keyId: opts.keyId, secret: opts.secret },
      paper: this.paper,
      url: streamUrl,
      reconnect: true,
      maxReconnectAttempts: streaming.UNLIMITED_RECONNECT_ATTEMPTS,
      backoff: true,
      initialReconnectMs: opts.reconnect?.initialMs ?? DEFAULTS.reconnectInitialMs,
      maxReconnectMs: opts.reconnect?.maxMs ?? DEFAULTS.reconnectMaxMs,
      reconnectJitter: opts.reconnect?.jitter ?? DEFAULTS.reconnectJitter,
    });
    this.wireStream();
  }

  // ---- connection ---------------------------------------------------------------

  /** Checks the keys, loads instruments and open orders, opens the stream; resolves once usable. */
  async connect(): Promise<void> {
    if (this.connectStarted) throw new VenueError('fatal', 'connect() was already called on this Alpaca connection');
    this.connectStarted = true;
    this.connectFailure = null;
    this.refreshState('connecting to Alpaca');
    try {
      await this.accountInfo();
      await this.loadAssets();
      for (const o of await this.fetchOpenOrders()) this.ledger.watch(identityOf(o, this.symbols));
    } catch (err) {
      const e = toVenueError(err, 'read');
      if (e.kind === 'fatal') this.goFatal(e.message);
      else {
        // Alpaca unreachable or busy at start: down for now, and connect() may be called again.
        this.connectFailure = e.message;
        this.connectStarted = false;
      }
      this.refreshState(e.message);
      throw e;
    }
    const listening = this.whenListening(this.opts.streamConnectTimeoutMs ?? DEFAULTS.streamConnectTimeoutMs);
    this.stream.subscribeTradeUpdates();
    this.stream.connect();
    const auth = await this.stream.waitForAuthenticationResult(this.opts.streamConnectTimeoutMs ?? DEFAULTS.streamConnectTimeoutMs);
    if (auth.status === streaming.STREAM_AUTH_STATUS.SERVER_REJECTED) {
      this.goFatal('Alpaca refused the API keys on the trade updates stream');
      throw new VenueError('fatal', this.fatalReason ?? 'stream authentication failed');
    }
    const upInTime = auth.authenticated && (await listening);
    this.connected = true;
    if (!this.streamListening) {
      // REST works, so the connection is usable: order updates come by polling until the stream is up.
      this.log.warn('alpaca: trade updates stream not up yet; polling meanwhile', { status: auth.status, message: auth.message });
      this.startPolling();
    }
    this.refreshState(upInTime ? 'trade updates stream listening' : 'stream unavailable; polling for order updates');
  }

  state(): ConnectionState {
    return this.lastState;
  }

  onState(listener: (state: ConnectionState, detail?: string) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  onReport(listener: (report: ExecutionReport) => void): () => void {
    this.reportListeners.add(listener);
    return () => this.reportListeners.delete(listener);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stopPolling();
    if (this.followUpTimer) clearTimeout(this.followUpTimer);
    this.stream.disconnect();
    this.breaker.dispose();
    for (const wake of this.listeningWaiters.splice(0)) wake();
    this.refreshState('connection closed');
    this.reportListeners.clear();
    this.stateListeners.clear();
  }

  // ---- instruments and account ------------------------------------------------

  instrument(symbol: string): Instrument | undefined {
    const asset = this.assets.get(symbol);
    return asset ? instrumentFromAsset(asset, this.opts.referencePrice?.(symbol) ?? null) : undefined;
  }

  instruments(): Instrument[] {
    return [...this.assets.keys()].map((s) => this.instrument(s)).filter((i): i is Instrument => i !== undefined);
  }

  async accountInfo(): Promise<{ venueAccountId: string; currency: string; buyingPower: Decimal; cash: Decimal }> {
    const account = await this.read('the account', AlpacaAccount, () => this.accountApi.getAccountRaw());
    return { venueAccountId: account.account_number, currency: account.currency, buyingPower: account.buying_power, cash: account.cash };
  }

  async cash(): Promise<Decimal> {
    return (await this.accountInfo()).cash;
  }

  async positions(): Promise<VenuePosition[]> {
    const list = await this.read('the positions', AlpacaPositionList, () => this.positionsApi.getAllOpenPositionsRaw());
    return list.map((p) => ({ symbol: this.symbols.fromAlpaca(p.symbol), qty: positionQty(p.side, p.qty) }));
  }

  // ---- orders -----------------------------------------------------------------

  /** Sends one order, once. Extras (order class, legs, trailing stop) are Alpaca-only. */
  async submit(req: AlpacaSubmitRequest): Promise<SubmitAck> {
    const body = toPostOrderRequest(req, this.symbols);
    const order = await this.call('submit', async () => parseWire(AlpacaOrder, await this.ordersApi.postOrderRaw({ postOrderRequest: body }).then(json), 'the new order'));
    for (const o of withLegs(order)) this.ledger.watch(identityOf(o, this.symbols));
    if (order.status === 'rejected') {
      // Accepted by the API but refused right away: the outcome is a report, after the ack.
      queueMicrotask(() => this.reportClose(order, this.now()));
    }
    return { venueOrderId: order.id };
  }

  async cancel(clientOrderId: string): Promise<void> {
    const venueOrderId = this.ledger.venueIdOf(clientOrderId) ?? (await this.getOrder(clientOrderId))?.venueOrderId;
    if (!venueOrderId) throw new VenueError('invalid_order', `Alpaca has no order with client order id ${clientOrderId}`);
    await this.call('cancel', () => this.ordersApi.deleteOrderByOrderIDRaw({ orderId: venueOrderId }));
  }

  /**
   * Replaces an open order (PATCH, sent once). Alpaca makes the replacement a new order and
   * closes the old one as "replaced", which reaches the OMS as a cancel of the old order.
   */
  async replace(clientOrderId: string, changes: ReplaceChanges): Promise<SubmitAck & { clientOrderId: string }> {
    const venueOrderId = this.ledger.venueIdOf(clientOrderId) ?? (await this.getOrder(clientOrderId))?.venueOrderId;
    if (!venueOrderId) throw new VenueError('invalid_order', `Alpaca has no order with client order id ${clientOrderId}`);
    const patch: trading.PatchOrderRequest = {};
    if (changes.qty) patch.qty = decStr(changes.qty);
    if (changes.limitPrice) patch.limitPrice = decStr(changes.limitPrice);
    if (changes.stopPrice) patch.stopPrice = decStr(changes.stopPrice);
    if (changes.trail) patch.trail = decStr(changes.trail);
    if (changes.tif) patch.timeInForce = changes.tif;
    if (changes.newClientOrderId) patch.clientOrderId = changes.newClientOrderId;
    const order = await this.call('replace', async () =>
      parseWire(AlpacaOrder, await this.ordersApi.patchOrderByOrderIdRaw({ orderId: venueOrderId, patchOrderRequest: patch }).then(json), 'the replacement order'),
    );
    this.ledger.watch(identityOf(order, this.symbols));
    return { venueOrderId: order.id, clientOrderId: order.client_order_id };
  }

  /** The order with this client order id, or null when Alpaca has none (404). */
  async getOrder(clientOrderId: string): Promise<VenueOrder | null> {
    const order = await this.fetchOrderByClientId(clientOrderId);
    return order ? toVenueOrder(order, this.symbols) : null;
  }

  /** Open orders, bracket / OCO / OTO legs included as orders of their own. */
  async openOrders(): Promise<VenueOrder[]> {
    return (await this.fetchOpenOrders()).map((o) => toVenueOrder(o, this.symbols));
  }

  /** Every execution of the order, from Alpaca's FILL activities; each carries its execution id. */
  async fillsOf(clientOrderId: string): Promise<VenueFill[]> {
    const order = await this.fetchOrderByClientId(clientOrderId);
    if (!order) return [];
    const who = identityOf(order, this.symbols);
    const activities = await this.fetchFillActivities(order.created_at - CLOCK_SLACK_MS);
    return activities.filter((a) => a.order_id === order.id).map((a) => fillFromActivity(a, who, executionIdOfActivity(a.id)));
  }

  /**
   * Reads open orders and FILL activities now and reports whatever the stream missed
   * (each execution once). Runs by itself whenever the stream is down or comes back.
   */
  async syncNow(): Promise<void> {
    await this.requestSync('asked for');
    if (this.lastSyncError) throw toVenueError(this.lastSyncError, 'read');
  }

  // ---- REST plumbing ----------------------------------------------------------

  /**
   * Every venue call goes through here: fail fast while the circuit is open, translate
   * errors, and count transient failures towards opening it.
   */
  private async call<T>(op: AlpacaOperation, fn: () => Promise<T>): Promise<T> {
    if (this.closed) throw new VenueError('fatal', 'The Alpaca connection is closed');
    if (this.fatalReason) throw new VenueError('fatal', this.fatalReason);
    const blockedMs = this.breaker.blockedForMs();
    if (blockedMs > 0) {
      const what = op === 'submit' ? 'the order was not sent' : 'nothing was sent';
      throw new VenueError('transient', `Alpaca is unreachable and requests are paused for ${Math.ceil(blockedMs / 1000)} s; ${what}`, blockedMs);
    }
    try {
      const result = await fn();
      this.breaker.recordSuccess();
      return result;
    } catch (err) {
      const e = toVenueError(err, op);
      if (e.kind === 'transient') this.breaker.recordFailure(e.message);
      else if (e.kind === 'invalid_order') this.breaker.recordSuccess(); // Alpaca answered
      if (isAuthFailure(err, e)) this.goFatal(e.message);
      throw e;
    }
  }

  private read<T>(what: string, schema: ZodType<T>, fn: () => Promise<{ raw: Response }>): Promise<T> {
    return this.call('read', async () => parseWire(schema, await fn().then(json), what));
  }

  private fetchOrderByClientId(clientOrderId: string): Promise<AlpacaOrder | null> {
    return this.call('read', async () => {
      try {
        return parseWire(AlpacaOrder, await this.ordersApi.getOrderByClientOrderIdRaw({ clientOrderId }).then(json), 'an order');
      } catch (err) {
        if (err instanceof NotFoundError) return null;
        throw err;
      }
    });
  }

  private fetchOrderById(orderId: string): Promise<AlpacaOrder> {
    return this.read('an order', AlpacaOrder, () => this.ordersApi.getOrderByOrderIDRaw({ orderId, nested: true }));
  }

  private fetchOrderByIdIfAny(orderId: string): Promise<AlpacaOrder | null> {
    return this.call('read', async () => {
      try {
        return parseWire(AlpacaOrder, await this.ordersApi.getOrderByOrderIDRaw({ orderId, nested: true }).then(json), 'an order');
      } catch (err) {
        if (err instanceof NotFoundError) return null;
        throw err;
      }
    });
  }

  private async fetchOpenOrders(): Promise<AlpacaOrder[]> {
    const all: AlpacaOrder[] = [];
    let until: Date | undefined;
    for (;;) {
      // Flat, not nested: the open legs of a bracket whose entry already filled are open
      // orders of their own, and a nested listing would hide them under a closed parent.
      const page = await this.read('the open orders', AlpacaOrderList, () =>
        this.ordersApi.getAllOrdersRaw({ status: 'open', limit: ORDER_PAGE, nested: false, direction: 'desc', until: until?.toISOString() }),
      );
      all.push(...page.flatMap(withLegs));
      const oldest = page.at(-1);
      if (page.length < ORDER_PAGE || !oldest) break;
      until = new Date(oldest.submitted_at ?? oldest.created_at);
    }
    // Pages meet at the boundary timestamp, and a filled parent can list open legs: keep each open order once.
    const unique = new Map<string, AlpacaOrder>();
    for (const o of all) if (!isTerminalStatus(o.status)) unique.set(o.id, o);
    return [...unique.values()];
  }

  /** FILL activities since a time, oldest first, across pages (the cursor is the last id). */
  private async fetchFillActivities(sinceMs: number): Promise<AlpacaFillActivity[]> {
    const all: AlpacaFillActivity[] = [];
    let pageToken: string | undefined;
    for (;;) {
      const page = await this.read('the fill activities', AlpacaFillActivityList, () =>
        this.activitiesApi.getAccountActivitiesByActivityTypeRaw({
          activityType: 'FILL',
          after: new Date(sinceMs),
          direction: 'asc',
          pageSize: ACTIVITY_PAGE,
          pageToken,
        }),
      );
      all.push(...page);
      const last = page.at(-1);
      if (page.length < ACTIVITY_PAGE || !last || last.id === pageToken) break;
      pageToken = last.id;
    }
    return all;
  }

  private async loadAssets(): Promise<void> {
    const list = await this.read('the asset list', AlpacaAssetList, () => this.assetsApi.getV2AssetsRaw({ status: 'active' }));
    for (const asset of list) {
      this.assets.set(asset.symbol, asset);
      this.symbols.add(asset.symbol);
    }
    this.log.info('alpaca: instruments loaded', { count: list.length });
  }

  // ---- stream -----------------------------------------------------------------

  private wireStream(): void {
    this.stream.onTradeUpdate((update) => this.onTradeUpdate(update));
    this.stream.on(streaming.EVENT.SUBSCRIPTION, (streams: unknown) => {
      if (Array.isArray(streams) && streams.includes('trade_updates')) this.onStreamListening();
    });
    this.stream.onDisconnect(() => this.onStreamLost('trade updates stream disconnected'));
    this.stream.onReconnecting((attempt) => this.log.info('alpaca: reconnecting the trade updates stream', { attempt }));
    this.stream.onError((message) => {
      this.log.warn('alpaca: trade updates stream error', { message });
      // The SDK stops reconnecting after an authentication refusal: the keys are bad now.
      if (this.connected && /auth failed/i.test(message)) this.goFatal('Alpaca refused the API keys on the trade updates stream');
    });
  }

  private onStreamListening(): void {
    this.streamListening = true;
    const reconnected = this.streamWasUp;
    this.streamWasUp = true;
    for (const wake of this.listeningWaiters.splice(0)) wake();
    this.stopPolling();
    this.refreshState('trade updates stream listening');
    // Alpaca does not replay what happened while we were away: fetch it now that nothing new can slip past.
    if (reconnected || this.ledger.unfinished().length > 0) this.requestSync(reconnected ? 'catch-up after reconnect' : 'catch-up at start');
  }

  private onStreamLost(detail: string): void {
    if (this.closed) return;
    const wasListening = this.streamListening;
    this.streamListening = false;
    if (!this.connected) return;
    if (wasListening) this.log.warn('alpaca: trade updates stream lost; polling until it is back');
    this.startPolling();
    this.refreshState(detail);
  }

  private whenListening(timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.listeningWaiters.push(() => {
        clearTimeout(timer);
        resolve(this.streamListening);
      });
    });
  }

  private onTradeUpdate(raw: unknown): void {
    if (this.closed) return;
    let update: AlpacaTradeUpdate;
    try {
      update = parseWire(AlpacaTradeUpdate, raw, 'a trade update');
    } catch (err) {
      // Dropping it silently could lose a fill: fetch the truth by polling instead.
      this.log.error('alpaca: unreadable trade update; syncing by polling', { error: err });
      this.requestSync('unreadable trade update');
      return;
    }
    const order = update.order;
    this.ledger.watch(identityOf(order, this.symbols));
    const at = eventTime(update, this.now());
    switch (update.event) {
      case 'fill':
      case 'partial_fill': {
        const fill = fillFromTradeUpdate(update, this.symbols, at);
        if (!fill) {
          this.log.error('alpaca: fill event without execution id, qty or price; syncing by polling', { orderId: order.id });
          this.requestSync('incomplete fill event');
          return;
        }
        this.reportFill(fill);
        if (update.event === 'fill') this.ledger.markFilled(order.id, order.filled_qty);
        return;
      }
      case 'canceled':
      case 'expired':
      case 'rejected':
      case 'replaced':
        this.reportClose(order, at);
        return;
      default:
        // new, accepted, pending_*, done_for_day...: no change the OMS acts on.
        return;
    }
  }

  // ---- polling fallback -------------------------------------------------------

  private startPolling(): void {
    if (this.pollTimer || this.closed || this.fatalReason) return;
    const tick = () => {
      this.pollTimer = undefined;
      if (this.streamListening || this.closed || this.fatalReason) return;
      void this.requestSync('stream down').finally(() => {
        if (!this.streamListening && !this.closed && !this.pollTimer) this.pollTimer = setTimeout(tick, this.opts.pollIntervalMs ?? DEFAULTS.pollIntervalMs);
      });
    };
    // The first poll right away: the outage may already have hidden a fill.
    this.pollTimer = setTimeout(tick, 0);
  }

  private stopPolling(): void {
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = undefined;
  }

  private scheduleFollowUpSync(): void {
    if (this.followUpTimer || this.closed) return;
    this.followUpTimer = setTimeout(() => {
      this.followUpTimer = undefined;
      void this.requestSync('waiting for fills of an ended order');
    }, this.opts.pollIntervalMs ?? DEFAULTS.pollIntervalMs);
  }

  /** Runs a sync, or one more after the running one: never two at once, never a stale last word. */
  private requestSync(reason: string): Promise<void> {
    if (this.sync) {
      this.syncAgain = true;
      return this.sync;
    }
    this.sync = (async () => {
      try {
        do {
          this.syncAgain = false;
          this.lastSyncError = null;
          await this.syncOnce(reason);
        } while (this.syncAgain && !this.closed);
      } catch (err) {
        this.lastSyncError = err;
        this.log.warn('alpaca: order sync failed; will try again', { reason, error: err instanceof Error ? err.message : String(err) });
      } finally {
        this.sync = null;
      }
    })();
    return this.sync;
  }

  /**
   * Brings the reports up to date from REST: fills from FILL activities (each execution
   * once), then closes for orders that ended, only once all their fills went out.
   */
  private async syncOnce(reason: string): Promise<void> {
    if (this.closed || this.fatalReason) return;
    const open = await this.fetchOpenOrders();
    const openIds = new Set(open.map((o) => o.id));
    for (const o of open) this.ledger.watch(identityOf(o, this.symbols));
    const unfinished = this.ledger.unfinished();
    if (unfinished.length === 0) return;
    const ended: AlpacaOrder[] = [];
    for (const w of unfinished) {
      if (openIds.has(w.venueOrderId)) continue;
      const found = await this.fetchOrderByIdIfAny(w.venueOrderId);
      if (found) ended.push(found);
      else this.ledger.forget(w.venueOrderId);
    }

    // Each order's activities were read up to the last sync; read on from there (with a
    // margin for activities Alpaca lists late), or from its creation the first time.
    const scanStartedAt = this.now();
    const since = Math.min(...unfinished.map((w) => (w.scannedUntil === null ? w.createdAt - CLOCK_SLACK_MS : w.scannedUntil - ACTIVITY_LAG_MS)));
    const activities = await this.fetchFillActivities(since);
    // Same-millisecond partial fills may be listed out of order: cumulative qty orders them.
    activities.sort((a, b) => a.transaction_time - b.transaction_time || a.cum_qty.cmp(b.cum_qty));
    let fills = 0;
    for (const a of activities) {
      const executionId = executionIdOfActivity(a.id);
      if (this.ledger.hasReported(executionId)) continue;
      const watched = this.ledger.get(a.order_id) ?? this.ledger.watch(identityOf(await this.fetchOrderById(a.order_id), this.symbols));
      if (this.reportFill(fillFromActivity(a, watched, executionId))) fills++;
    }
    for (const w of unfinished) w.scannedUntil = scanStartedAt;

    let closes = 0;
    const incomplete: string[] = [];
    for (const o of ended) {
      if (o.status === 'filled') this.ledger.markFilled(o.id, o.filled_qty);
      else if (this.tryClose(o, terminalTime(o, this.now()))) closes++;
    }
    // Alpaca counts more filled than we have reported: an activity is not listed yet, or
    // was missed. Read this order's activities from the start again, a moment from now.
    for (const o of [...open, ...ended]) {
      const watched = this.ledger.get(o.id);
      if (!watched || watched.closed || this.ledger.missingFillQty(o.id, o.filled_qty).isZero()) continue;
      watched.scannedUntil = null;
      incomplete.push(o.id);
    }
    if (incomplete.length) {
      this.log.warn('alpaca: Alpaca counts fills not listed in its activities yet; will look again', { orders: incomplete });
      this.scheduleFollowUpSync();
    }
    if (fills || closes) this.log.info('alpaca: reports recovered by polling', { reason, fills, closes });
  }

  // ---- reports ----------------------------------------------------------------

  private reportFill(fill: VenueFill): boolean {
    if (!this.ledger.claimFill(fill)) return false;
    this.emit({ kind: 'fill', fill });
    return true;
  }

  /** From the stream: a close that arrives before all fills were seen sends us polling for them. */
  private reportClose(order: AlpacaOrder, at: number): void {
    if (!this.tryClose(order, at) && !this.ledger.get(order.id)?.closed) this.requestSync('order closed before all its fills were reported');
  }

  private tryClose(order: AlpacaOrder, at: number): boolean {
    if (!this.ledger.claimClose(order.id, order.filled_qty)) return false;
    const reason = closingReasonOf(order) ?? 'Closed at Alpaca';
    const clientOrderId = order.client_order_id;
    if (order.status === 'expired') this.emit({ kind: 'expired', clientOrderId, at, reason });
    else if (order.status === 'rejected') this.emit({ kind: 'rejected', clientOrderId, at, reason });
    else this.emit({ kind: 'canceled', clientOrderId, at, reason });
    return true;
  }

  private emit(report: ExecutionReport): void {
    for (const listener of this.reportListeners) {
      try {
        listener(report);
      } catch (err) {
        this.log.error('alpaca: a report listener threw', { error: err, kind: report.kind });
      }
    }
  }

  // ---- state ------------------------------------------------------------------

  private goFatal(reason: string): void {
    if (this.fatalReason) return;
    this.fatalReason = reason;
    this.log.error('alpaca: connection stopped', { reason });
    this.stopPolling();
    this.stream.disconnect();
    this.refreshState(reason);
  }

  private computeState(): ConnectionState {
    if (this.closed || this.fatalReason) return 'down';
    if (!this.connected) return this.connectFailure ? 'down' : 'connecting';
    if (this.breaker.state() === 'open') return 'down';
    return this.streamListening ? 'connected' : 'reconnecting';
  }

  private refreshState(detail?: string): void {
    const next = this.computeState();
    if (next === this.lastState) return;
    this.lastState = next;
    this.log.info('alpaca: connection state', { state: next, detail });
    for (const listener of this.stateListeners) {
      try {
        listener(next, detail);
      } catch (err) {
        this.log.error('alpaca: a state listener threw', { error: err });
      }
    }
  }
}

function json(res: { raw: Response }): Promise<unknown> {
  return res.raw.json() as Promise<unknown>;
}

function identityOf(o: AlpacaOrder, symbols: SymbolMap): OrderToWatch & OrderIdentity {
  return { venueOrderId: o.id, clientOrderId: o.client_order_id, symbol: symbols.fromAlpaca(o.symbol), side: o.side, createdAt: o.created_at };
}

function terminalTime(o: AlpacaOrder, fallback: number): number {
  return o.canceled_at ?? o.expired_at ?? o.failed_at ?? o.replaced_at ?? o.updated_at ?? fallback;
}

function isAuthFailure(err: unknown, e: VenueError): boolean {
  return err instanceof ApiError && (err.status === 401 || (err.status === 403 && e.kind === 'fatal'));
}

function isLiveHost(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return host === new URL(ALPACA_LIVE_REST).hostname;
  } catch {
    return false;
  }
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}
