import type { trading } from '@alpacahq/alpaca-trade-api';
import type { OrderType, TimeInForce } from '../../../../shared/contract';
import { Decimal, ZERO, decStr } from '../../domain/decimal';
import type { SubmitRequest, VenueFill, VenueOrder, VenueOrderStatus } from '../port';
import type { SymbolMap } from './symbols';
import type { AlpacaFillActivity, AlpacaOrder, AlpacaOrderStatus, AlpacaTradeUpdate } from './wire';

/**
 * What an Alpaca order can say beyond the port's SubmitRequest: order classes with their
 * legs, trailing stops, and the auction time-in-force values. The OMS does not send these
 * yet; a caller that holds an AlpacaConnection can.
 */
export interface AlpacaOrderExtras {
  orderClass?: 'simple' | 'bracket' | 'oco' | 'oto';
  /** Bracket / OCO / OTO exit that takes profit: a limit order. */
  takeProfit?: { limitPrice: Decimal };
  /** Bracket / OCO / OTO exit that stops the loss: a stop, or stop-limit with limitPrice. */
  stopLoss?: { stopPrice: Decimal; limitPrice?: Decimal };
  /** Makes the order a trailing stop: the stop follows the best price by this distance. */
  trail?: { price: Decimal } | { percent: Decimal };
  /** Market/limit on open or close auction, which the port's TimeInForce cannot say. */
  timeInForce?: 'opg' | 'cls';
  extendedHours?: boolean;
}

export interface AlpacaSubmitRequest extends SubmitRequest {
  alpaca?: AlpacaOrderExtras;
}

/** The POST /v2/orders body, in the SDK's model (it writes the snake_case wire keys). */
export function toPostOrderRequest(req: AlpacaSubmitRequest, symbols: SymbolMap): trading.PostOrderRequest {
  const extras = req.alpaca ?? {};
  const trailing = extras.trail !== undefined;
  const body: trading.PostOrderRequest = {
    symbol: symbols.toAlpaca(req.symbol),
    qty: decStr(req.qty),
    side: req.side,
    type: trailing ? 'trailing_stop' : req.type,
    timeInForce: extras.timeInForce ?? req.tif,
    clientOrderId: req.clientOrderId,
  };
  if (!trailing && req.limitPrice !== null) body.limitPrice = decStr(req.limitPrice);
  if (!trailing && req.stopPrice !== null) body.stopPrice = decStr(req.stopPrice);
  if (extras.trail) {
    if ('price' in extras.trail) body.trailPrice = decStr(extras.trail.price);
    else body.trailPercent = decStr(extras.trail.percent);
  }
  if (extras.orderClass) body.orderClass = extras.orderClass;
  if (extras.takeProfit) body.takeProfit = { limitPrice: decStr(extras.takeProfit.limitPrice) };
  if (extras.stopLoss) {
    body.stopLoss = { stopPrice: decStr(extras.stopLoss.stopPrice) };
    if (extras.stopLoss.limitPrice) body.stopLoss.limitPrice = decStr(extras.stopLoss.limitPrice);
  }
  if (extras.extendedHours !== undefined) body.extendedHours = extras.extendedHours;
  return body;
}

const OPEN_STATUSES: ReadonlySet<AlpacaOrderStatus> = new Set([
  'new',
  'partially_filled',
  'done_for_day',
  'pending_cancel',
  'pending_replace',
  'accepted',
  'pending_new',
  'accepted_for_bidding',
  'stopped',
  'suspended',
  'calculated',
  'held',
]);

/** Alpaca's many statuses folded into the port's five. */
export function venueStatusOf(status: AlpacaOrderStatus): VenueOrderStatus {
  if (OPEN_STATUSES.has(status)) return 'open';
  switch (status) {
    case 'filled':
      return 'filled';
    case 'expired':
      return 'expired';
    case 'rejected':
      return 'rejected';
    default:
      // canceled, and replaced: the old order is finished; its replacement is a new order.
      return 'canceled';
  }
}

export function isTerminalStatus(status: AlpacaOrderStatus): boolean {
  return !OPEN_STATUSES.has(status);
}

/** Why an order ended, in words for the order blotter; null while it is open or filled. */
export function closingReasonOf(o: AlpacaOrder): string | null {
  switch (o.status) {
    case 'canceled':
      return 'Canceled at Alpaca';
    case 'expired':
      return `Expired at Alpaca (time in force ${o.time_in_force})`;
    case 'rejected':
      return 'Rejected by Alpaca';
    case 'replaced':
      return `Replaced at Alpaca by order ${o.replaced_by ?? 'unknown'}`;
    default:
      return null;
  }
}

/** The port has no trailing stop yet: it is a stop whose price moves, so it reads as one. */
function portOrderType(o: AlpacaOrder): OrderType {
  return o.type === 'trailing_stop' ? 'stop' : o.type;
}

/** Auction orders (opg/cls) live within one session: the nearest port value is day. */
function portTimeInForce(o: AlpacaOrder): TimeInForce {
  return o.time_in_force === 'opg' || o.time_in_force === 'cls' ? 'day' : o.time_in_force;
}

export function toVenueOrder(o: AlpacaOrder, symbols: SymbolMap): VenueOrder {
  return {
    clientOrderId: o.client_order_id,
    venueOrderId: o.id,
    symbol: symbols.fromAlpaca(o.symbol),
    side: o.side,
    type: portOrderType(o),
    tif: portTimeInForce(o),
    qty: o.qty ?? o.filled_qty,
    limitPrice: o.limit_price ?? null,
    stopPrice: o.stop_price ?? null,
    filledQty: o.filled_qty,
    status: venueStatusOf(o.status),
    reason: closingReasonOf(o),
    createdAt: o.created_at,
  };
}

/** An order with its bracket / OCO / OTO legs, flattened: every leg is an order that can fill. */
export function withLegs(o: AlpacaOrder): AlpacaOrder[] {
  return [o, ...(o.legs ?? []).flatMap(withLegs)];
}

/**
 * Alpaca reports neither fees on equity fills (commission-free) nor liquidity. Crypto
 * fees are booked by Alpaca as separate CFEE activities in the received asset, which the
 * port cannot express yet; we record zero and taker (the conservative assumption).
 */
const NO_FEE = ZERO;
const FEE_CURRENCY = 'USD';

export interface OrderIdentity {
  clientOrderId: string;
  venueOrderId: string;
  symbol: string;
  side: 'buy' | 'sell';
}

export function fillFromActivity(a: AlpacaFillActivity, order: OrderIdentity, executionId: string): VenueFill {
  return {
    clientOrderId: order.clientOrderId,
    venueOrderId: order.venueOrderId,
    tradeId: executionId,
    symbol: order.symbol,
    side: order.side,
    qty: a.qty,
    price: a.price,
    fee: NO_FEE,
    feeCurrency: FEE_CURRENCY,
    liquidity: 'taker',
    at: a.transaction_time,
  };
}

/** A fill event's own execution (qty and price of this execution, not the order's totals). */
export function fillFromTradeUpdate(u: AlpacaTradeUpdate, symbols: SymbolMap, fallbackAt: number): VenueFill | null {
  if (!u.execution_id || !u.qty || !u.price) return null;
  return {
    clientOrderId: u.order.client_order_id,
    venueOrderId: u.order.id,
    tradeId: u.execution_id,
    symbol: symbols.fromAlpaca(u.order.symbol),
    side: u.order.side,
    qty: u.qty,
    price: u.price,
    fee: NO_FEE,
    feeCurrency: FEE_CURRENCY,
    liquidity: 'taker',
    at: eventTime(u, fallbackAt),
  };
}

export function eventTime(u: AlpacaTradeUpdate, fallbackAt: number): number {
  const t = u.timestamp;
  if (t instanceof Date) return Number.isNaN(t.getTime()) ? fallbackAt : t.getTime();
  return typeof t === 'number' ? t : fallbackAt;
}

export function positionQty(side: 'long' | 'short', qty: Decimal): Decimal {
  // Alpaca writes short quantities negative, but the side is the authority.
  return side === 'short' ? qty.abs().neg() : qty.abs();
}
