import type { OrderType, Side, TimeInForce } from '../../../shared/contract';
import type { Decimal } from '../domain/decimal';
import type { OrderExtras } from '../domain/order';

/**
 * The broker port. A call returns an acknowledgement, not a result: what happens to an
 * order afterwards arrives as execution reports. Every adapter can also list what the
 * venue holds, so the OMS can reconcile after a restart or a reconnect.
 */
export interface BrokerPort {
  readonly venue: string;
  readonly accountId: string;
  /** Resolves when the venue has the order; throws VenueError otherwise. */
  submit(req: SubmitRequest): Promise<SubmitAck>;
  /** Resolves when the venue took the cancel request; the outcome arrives as a report. */
  cancel(clientOrderId: string, hint?: OrderHint): Promise<void>;
  /**
   * Changes an open order's quantity or prices. Venues that replace rather than amend
   * return the replacement's ids; the OMS keeps one order with the new ids.
   */
  replace?(clientOrderId: string, changes: OrderChanges, hint?: OrderHint): Promise<ReplaceAck>;
  onReport(listener: (report: ExecutionReport) => void): () => void;
  /** The order with our client order id, or null when the venue has none. */
  getOrder(clientOrderId: string, hint?: OrderHint): Promise<VenueOrder | null>;
  openOrders(): Promise<VenueOrder[]>;
  fillsOf(clientOrderId: string, hint?: OrderHint): Promise<VenueFill[]>;
  positions(): Promise<VenuePosition[]>;
  cash(): Promise<Decimal>;
  close(): Promise<void>;
}

export interface SubmitRequest {
  clientOrderId: string;
  symbol: string;
  side: Side;
  type: OrderType;
  tif: TimeInForce;
  qty: Decimal;
  limitPrice: Decimal | null;
  stopPrice: Decimal | null;
  /** Order class, trailing distance and bracket exits, for venues that have them. */
  extras?: OrderExtras;
}

/** What the OMS knows about an order that helps a venue find it (Binance needs the symbol). */
export interface OrderHint {
  symbol?: string;
}

export interface OrderChanges {
  qty?: Decimal;
  limitPrice?: Decimal;
  stopPrice?: Decimal;
}

export interface ReplaceAck {
  venueOrderId: string;
  /** Set when the venue made a new order with a new client id. */
  clientOrderId?: string;
}

export interface SubmitAck {
  venueOrderId: string;
}

export interface VenueFill {
  clientOrderId: string;
  venueOrderId: string;
  tradeId: string;
  symbol: string;
  side: Side;
  qty: Decimal;
  price: Decimal;
  fee: Decimal;
  feeCurrency: string;
  liquidity: 'maker' | 'taker';
  at: number;
}

export type ExecutionReport =
  | { kind: 'fill'; fill: VenueFill }
  | { kind: 'canceled'; clientOrderId: string; at: number; reason?: string }
  | { kind: 'expired'; clientOrderId: string; at: number; reason?: string }
  | { kind: 'rejected'; clientOrderId: string; at: number; reason: string };

export type VenueOrderStatus = 'open' | 'filled' | 'canceled' | 'rejected' | 'expired';

export interface VenueOrder {
  clientOrderId: string;
  venueOrderId: string;
  symbol: string;
  side: Side;
  type: OrderType;
  tif: TimeInForce;
  qty: Decimal;
  limitPrice: Decimal | null;
  stopPrice: Decimal | null;
  filledQty: Decimal;
  status: VenueOrderStatus;
  reason: string | null;
  createdAt: number;
}

export interface VenuePosition {
  symbol: string;
  qty: Decimal;
}

/**
 * Venue errors translated into the few kinds the OMS acts on: transient (safe reads are
 * retried with backoff; an order submit is looked up, never resent), rate-limited
 * (back off), invalid order (the venue said no: reject and tell the user), fatal (stop
 * the connection and tell the user), not sent (we know for certain the request never
 * left: circuit open, refused before sending — the OMS rejects at once, no lookup).
 */
export type VenueErrorKind = 'transient' | 'rate_limited' | 'invalid_order' | 'fatal' | 'not_sent';

export class VenueError extends Error {
  constructor(
    readonly kind: VenueErrorKind,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'VenueError';
  }
}

/** How a connection to a venue is doing, shown next to each connection in the UI. */
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'down';

/** What a venue can do: the ticket offers exactly these. */
export interface VenueCapabilities {
  orderTypes: ReadonlyArray<'market' | 'limit' | 'stop' | 'stop_limit' | 'trailing_stop'>;
  timeInForce: ReadonlyArray<'day' | 'gtc' | 'ioc' | 'fok'>;
  /** Alpaca's order classes; empty for most crypto venues. */
  orderClasses: ReadonlyArray<'bracket' | 'oco' | 'oto'>;
  canModify: boolean;
  /** Order updates arrive pushed (stream) rather than only by polling. */
  streamsOrderUpdates: boolean;
}

/**
 * A remote venue: a broker port plus a connection with a state, the venue's instruments
 * with their trading rules, and what it supports. Adapters (alpaca/, ccxt/) implement this.
 */
export interface VenueConnection extends BrokerPort {
  readonly capabilities: VenueCapabilities;
  /** Loads account and instruments and opens streams; resolves once usable. */
  connect(): Promise<void>;
  state(): ConnectionState;
  onState(listener: (state: ConnectionState, detail?: string) => void): () => void;
  /** Trading rules (tick, lot, minimums) for a symbol, in our instrument shape; undefined if unknown. */
  instrument(symbol: string): import('../../../shared/contract').Instrument | undefined;
  /** Account id and buying power at the venue, for "test connection". */
  accountInfo(): Promise<{ venueAccountId: string; currency: string; buyingPower: Decimal; cash: Decimal }>;
}
