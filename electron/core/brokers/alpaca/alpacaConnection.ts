import { ApiError, NotFoundError, streaming, trading } from '@alpacahq/alpaca-trade-api';
import type { ZodType } from 'zod';
import type { Instrument, TimeInForce } from '../../../../shared/contract';
import { Decimal, ZERO, decStr } from '../../domain/decimal';
import { newClientOrderId, ownerFromClientOrderId } from '../../domain/ids';
import type { Logger } from '../../log/logger';
import {
  VenueError,
  type ConnectionState,
  type ExecutionReport,
  type OrderChanges,
  type OrderHint,
  type ReplaceAck,
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
  chainToVenueOrder,
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

/** The port's changes, plus what else Alpaca's replace can change. */
export interface ReplaceChanges extends OrderChanges {
  /** The new total quantity of the order (what already filled included), as the OMS counts it. */
  qty?: Decimal;
  /** New trail (price distance, or percent for a percent trailing stop). */
  trail?: Decimal;
  tif?: TimeInForce;
  /** The replacement is a new order at Alpaca with a new client order id: this one, or one made like ours. */
  newClientOrderId?: string;
}

/** A replacement chain longer than this is not followed further (Alpaca keeps each link). */
const MAX_CHAIN = 20;

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

  // Replacements. Alpaca replaces an order with a new one (new id, new client order id) and
  // ends the old one as "replaced"; the OMS keeps one order and takes the new ids from the
  // replace's acknowledgement. Reports are therefore sent under the client order id the OMS
  // knows the order by, whichever Alpaca order of the chain they come from.
  /** Alpaca client order id -> the client order id the OMS knows its order by, where they differ. */
  private readonly reportAs = new Map<string, string>();
  /** Alpaca client order ids of a chain being replaced -> its reports, waiting until the OMS has the ack. */
  private readonly held = new Map<string, ExecutionReport[]>();
  private readonly ownReplacements = new Set<string>();
  /** The OMS's client order id -> the Alpaca order working for it, when a replacement of it was rejected. */
  private readonly workingVenueId = new Map<string, string>();
  /** Alpaca order whose replacement was rejected while it still worked -> why (said when it ends by filling). */
  private readonly replacementRejected = new Map<string, string>();

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

  /**
   * Sends one order, once. The port's extras (order class and exits, trailing stop) and
   * Alpaca's own (`alpaca`: opening / closing auction, extended hours) become Alpaca's fields.
   */
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

  /** Alpaca finds orders by client order id alone: the hint's symbol is not needed. */
  async cancel(clientOrderId: string, _hint?: OrderHint): Promise<void> {
    const venueOrderId = await this.workingOrderId(clientOrderId);
    if (!venueOrderId) throw new VenueError('invalid_order', `Alpaca has no order with client order id ${clientOrderId}`);
    await this.call('cancel', () => this.ordersApi.deleteOrderByOrderIDRaw({ orderId: venueOrderId }));
  }

  /**
   * Replaces an open order (PATCH, sent once). Alpaca makes the replacement a new order with
   * a new client order id and ends the old one as "replaced"; the acknowledgement carries the
   * new ids. From then on everything of the chain (the replacement's fills and closing, and
   * fills of the old order that raced the replace) is reported under the new client order id,
   * and the old order's "replaced" is not reported at all: for the OMS nothing ended.
   *
   * `qty` is the order's new total as the OMS counts it. Alpaca's replacement is a new order
   * whose quantity does not include what the old one already filled, so the replacement is
   * sent for the total less what the chain has filled at Alpaca.
   */
  async replace(clientOrderId: string, changes: ReplaceChanges, _hint?: OrderHint): Promise<ReplaceAck & { clientOrderId: string }> {
    const venueOrderId = await this.workingOrderId(clientOrderId);
    if (!venueOrderId) throw new VenueError('invalid_order', `Alpaca has no order with client order id ${clientOrderId}`);
    const patch: trading.PatchOrderRequest = {};
    if (changes.qty) patch.qty = decStr(await this.replacementQty(venueOrderId, changes.qty));
    if (changes.limitPrice) patch.limitPrice = decStr(changes.limitPrice);
    if (changes.stopPrice) patch.stopPrice = decStr(changes.stopPrice);
    if (changes.trail) patch.trail = decStr(changes.trail);
    if (changes.tif) patch.timeInForce = changes.tif;
    const newId = changes.newClientOrderId ?? successorClientOrderId(clientOrderId);
    patch.clientOrderId = newId;
    this.ownReplacements.add(newId);
    // While the replace is on its way, what any order of the chain does waits: booked under
    // the old id it would meet the old quantity; under the new id, an order the OMS does not
    // know yet. It is released, in the order it happened, once the OMS has the new ids.
    const chainIds = [clientOrderId, ...this.alpacaIdsOf(clientOrderId), newId];
    const waiting: ExecutionReport[] = [];
    for (const id of chainIds) this.held.set(id, waiting);
    const release = () => {
      for (const id of chainIds) if (this.held.get(id) === waiting) this.held.delete(id);
      for (const r of waiting.splice(0)) this.emit(r);
    };
    let order: AlpacaOrder;
    try {
      order = await this.call('replace', async () =>
        parseWire(AlpacaOrder, await this.ordersApi.patchOrderByOrderIdRaw({ orderId: venueOrderId, patchOrderRequest: patch }).then(json), 'the replacement order'),
      );
    } catch (err) {
      if (err instanceof VenueError && err.kind === 'transient') {
        // Alpaca may have made the replacement: what it does belongs to the order the OMS still knows by the old id.
        this.reportAs.set(newId, this.omsIdOf(clientOrderId));
      }
      release();
      throw err;
    }
    this.ledger.watch(identityOf(order, this.symbols));
    const ackId = order.client_order_id;
    if (ackId !== newId) this.log.warn('alpaca: the replacement did not keep the client order id we gave it', { sent: newId, got: ackId });
    // Every Alpaca order of the chain now reports under the replacement's id.
    for (const [alpacaId, omsId] of this.reportAs) if (omsId === clientOrderId) this.reportAs.set(alpacaId, ackId);
    this.reportAs.set(clientOrderId, ackId);
    this.reportAs.delete(ackId);
    this.workingVenueId.delete(clientOrderId);
    // The OMS records the new ids as soon as this call returns, in the same turn of the event
    // loop: what waited is released on the next turn.
    setImmediate(release);
    return { venueOrderId: order.id, clientOrderId: ackId };
  }

  /**
   * The order with this client order id, or null when Alpaca has none (404). An order that
   * was replaced is answered for its whole chain: the working order's ids, status and
   * prices, with what every order of the chain filled.
   */
  async getOrder(clientOrderId: string, _hint?: OrderHint): Promise<VenueOrder | null> {
    const chain = await this.chainOf(clientOrderId);
    return chain ? chainToVenueOrder(chain, clientOrderId, this.symbols) : null;
  }

  /** Open orders, bracket / OCO / OTO legs included as orders of their own. */
  async openOrders(): Promise<VenueOrder[]> {
    // Under the client order id the OMS knows them by (an order replaced here carries on an OMS order).
    return (await this.fetchOpenOrders()).map((o) => ({ ...toVenueOrder(o, this.symbols), clientOrderId: this.omsIdOf(o.client_order_id) }));
  }

  /** Every execution of the order (of each order of its replacement chain), from Alpaca's FILL activities. */
  async fillsOf(clientOrderId: string, _hint?: OrderHint): Promise<VenueFill[]> {
    const chain = await this.chainOf(clientOrderId);
    if (!chain) return [];
    const members = new Map(chain.map((o) => [o.id, { ...identityOf(o, this.symbols), clientOrderId }]));
    const activities = await this.fetchFillActivities(chain[0]!.created_at - CLOCK_SLACK_MS);
    return activities.flatMap((a) => {
      const who = members.get(a.order_id);
      return who ? [fillFromActivity(a, who, executionIdOfActivity(a.id))] : [];
    });
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
      const paused = `Alpaca is unreachable and requests to it are paused for ${Math.ceil(blockedMs / 1000)} s`;
      // An order request that never left is certain: the OMS rejects it at once instead of looking it up.
      if (op !== 'read') throw new VenueError('not_sent', paused, blockedMs);
      throw new VenueError('transient', `${paused}; nothing was sent`, blockedMs);
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

  // ---- replacement chains -----------------------------------------------------

  /** The other Alpaca client order ids of the chain the OMS knows by this one. */
  private alpacaIdsOf(omsId: string): string[] {
    return [...this.reportAs].filter(([, id]) => id === omsId).map(([alpacaId]) => alpacaId);
  }

  /** The client order id the OMS knows an Alpaca order by. */
  private omsIdOf(alpacaClientOrderId: string): string {
    return this.reportAs.get(alpacaClientOrderId) ?? alpacaClientOrderId;
  }

  /**
   * The Alpaca order working for the OMS's order: the one a rejected replacement left
   * working, else the newest open order of its chain this connection knows, else what
   * Alpaca answers for the client order id (following replacements).
   */
  private async workingOrderId(clientOrderId: string): Promise<string | undefined> {
    const working = this.workingVenueId.get(clientOrderId);
    if (working) return working;
    const alpacaIds = [clientOrderId, ...this.alpacaIdsOf(clientOrderId)];
    const known = alpacaIds
      .map((id) => this.ledger.venueIdOf(id))
      .map((id) => (id === undefined ? undefined : this.ledger.get(id)))
      .filter((w): w is NonNullable<typeof w> => w !== undefined && !w.closed)
      .sort((a, b) => b.createdAt - a.createdAt);
    if (known[0]) return known[0].venueOrderId;
    return (await this.getOrder(clientOrderId))?.venueOrderId;
  }

  /** Replacement quantity for a new total: the total less what the chain filled so far. */
  private async replacementQty(venueOrderId: string, total: Decimal): Promise<Decimal> {
    let filled = ZERO;
    let id: string | null | undefined = venueOrderId;
    for (let i = 0; id && i < MAX_CHAIN; i++) {
      const o: AlpacaOrder = await this.fetchOrderById(id);
      filled = filled.plus(o.filled_qty);
      id = o.replaces;
    }
    const rest = total.minus(filled);
    if (rest.lte(0)) throw new VenueError('invalid_order', `Alpaca has already filled ${decStr(filled)} of this order: a total of ${decStr(total)} leaves nothing to replace; not sent`);
    return rest;
  }

  /** The orders of a replacement chain, oldest first, found from any one of them by client order id. */
  private async chainOf(clientOrderId: string): Promise<AlpacaOrder[] | null> {
    const start = await this.fetchOrderByClientId(clientOrderId);
    if (!start) return null;
    const chain = [start];
    for (let o = start; o.replaces && chain.length < MAX_CHAIN; ) {
      const prev = await this.fetchOrderByIdIfAny(o.replaces);
      if (!prev) break;
      chain.unshift(prev);
      o = prev;
    }
    for (let o = start; o.status === 'replaced' && o.replaced_by && chain.length < MAX_CHAIN; ) {
      const next = await this.fetchOrderByIdIfAny(o.replaced_by);
      if (!next) break;
      chain.push(next);
      o = next;
    }
    return chain;
  }

  /**
   * An order that replaces another and that this connection did not ask for (replaced in
   * Alpaca's dashboard, or by another program) carries on the order the OMS knows.
   */
  private followReplacement(o: AlpacaOrder): void {
    if (!o.replaces || this.ownReplacements.has(o.client_order_id) || this.reportAs.has(o.client_order_id)) return;
    const prev = this.ledger.get(o.replaces);
    if (prev) this.reportAs.set(o.client_order_id, this.omsIdOf(prev.clientOrderId));
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
    this.followReplacement(order);
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
        if (update.event === 'fill') this.markFilled(order, at);
        return;
      }
      case 'order_replace_rejected':
        // Alpaca refused the replace: this order carries on, under the id the OMS knows it by.
        this.workingVenueId.set(this.omsIdOf(order.client_order_id), order.id);
        this.log.warn('alpaca: a replace was refused; the original order keeps working', { orderId: order.id });
        return;
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
    for (const o of open) {
      this.ledger.watch(identityOf(o, this.symbols));
      this.followReplacement(o);
    }
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
      if (o.status === 'filled') this.markFilled(o, terminalTime(o, this.now()));
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
    // Replaced: it lives on in its replacement, which the OMS follows. Nothing ended.
    if (order.status === 'replaced') return true;
    if (order.status === 'rejected' && order.replaces) {
      this.closeRejectedReplacement(order, order.replaces, at);
      return true;
    }
    this.replacementRejected.delete(order.id);
    const reason = closingReasonOf(order) ?? 'Closed at Alpaca';
    const clientOrderId = order.client_order_id;
    if (order.status === 'expired') this.emit({ kind: 'expired', clientOrderId, at, reason });
    else if (order.status === 'rejected') this.emit({ kind: 'rejected', clientOrderId, at, reason });
    else this.emit({ kind: 'canceled', clientOrderId, at, reason });
    return true;
  }

  /** The order filled completely; if it was left working by a rejected replacement, the OMS's order ends with it. */
  private markFilled(order: AlpacaOrder, at: number): void {
    this.ledger.markFilled(order.id, order.filled_qty);
    const why = this.replacementRejected.get(order.id);
    if (why === undefined || !this.ledger.get(order.id)?.closed) return;
    this.replacementRejected.delete(order.id);
    this.emit({ kind: 'canceled', clientOrderId: order.client_order_id, at, reason: `${why}; the original order filled` });
  }

  /**
   * Alpaca rejected a replacement (the original filled before the replacement reached the
   * market, for one). If the original still works, it carries on the order; otherwise
   * nothing of the order works any more, and the OMS's order ends with what filled.
   */
  private closeRejectedReplacement(replacement: AlpacaOrder, originalId: string, at: number): void {
    const why = `Alpaca rejected the replacement order ${replacement.id}`;
    const close = () => this.emit({ kind: 'canceled', clientOrderId: replacement.client_order_id, at, reason: why });
    const keepOriginal = (original: { venueOrderId: string }) => {
      this.workingVenueId.set(this.omsIdOf(replacement.client_order_id), original.venueOrderId);
      this.replacementRejected.set(original.venueOrderId, why);
      this.log.warn('alpaca: a replacement was rejected; the original order keeps working', { original: original.venueOrderId, replacement: replacement.id });
    };
    const known = this.ledger.get(originalId);
    if (known) {
      if (known.closed) close();
      else keepOriginal(known);
      return;
    }
    // Not seen since this connection started: ask Alpaca whether the original still works.
    void this.fetchOrderByIdIfAny(originalId).then(
      (original) => {
        if (original && !isTerminalStatus(original.status)) {
          this.ledger.watch(identityOf(original, this.symbols));
          this.reportAs.set(original.client_order_id, this.omsIdOf(replacement.client_order_id));
          keepOriginal({ venueOrderId: original.id });
        } else close();
      },
      (err: unknown) => this.log.error('alpaca: could not look up the original of a rejected replacement; reconcile will', { error: err, original: originalId }),
    );
  }

  /**
   * Sends a report to the OMS under the client order id it knows the order by. Reports of a
   * replacement wait while its replace call has not returned yet.
   */
  private emit(report: ExecutionReport): void {
    const alpacaId = report.kind === 'fill' ? report.fill.clientOrderId : report.clientOrderId;
    const held = this.held.get(alpacaId);
    if (held) {
      held.push(report);
      return;
    }
    const omsId = this.omsIdOf(alpacaId);
    const out: ExecutionReport =
      omsId === alpacaId ? report : report.kind === 'fill' ? { ...report, fill: { ...report.fill, clientOrderId: omsId } } : { ...report, clientOrderId: omsId };
    for (const listener of this.reportListeners) {
      try {
        listener(out);
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

/** A client order id for a replacement, made like ours and naming the same owner. */
function successorClientOrderId(clientOrderId: string): string {
  return newClientOrderId(ownerFromClientOrderId(clientOrderId) ?? { kind: 'external' });
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
