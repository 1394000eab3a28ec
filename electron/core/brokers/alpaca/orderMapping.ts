import type { trading } from '@alpacahq/alpaca-trade-api';
import type { OrderType, TimeInForce } from '../../../../shared/contract';
import { Decimal, ZERO, decStr } from '../../domain/decimal';
import type { OrderExtras } from '../../domain/order';
import { VenueError, type SubmitRequest, type VenueFill, type VenueOrder, type VenueOrderStatus } from '../port';
import type { SymbolMap } from './symbols';
import type { AlpacaFillActivity, AlpacaOrder, AlpacaOrderStatus, AlpacaTradeUpdate } from './wire';

/**
 * What an Alpaca order can say in Alpaca's own terms: order classes with their legs,
 * trailing stops, and the auction time-in-force values. The OMS sends classes, legs and
 * trails in the port's `extras` (mapped here); what only Alpaca has, the opening / closing
 * auction and extended hours, a caller that holds an AlpacaConnection passes as `alpaca`.
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

/** The port's order class, exits and trail in Alpaca's terms (nothing for a simple order). */
export function fromOrderExtras(e: OrderExtras | undefined): AlpacaOrderExtras {
  if (!e) return {};
  const out: AlpacaOrderExtras = {};
  if (e.orderClass !== 'simple') out.orderClass = e.orderClass;
  if (e.takeProfitPrice) out.takeProfit = { limitPrice: e.takeProfitPrice };
  if (e.stopLossPrice) out.stopLoss = e.stopLossLimitPrice ? { stopPrice: e.stopLossPrice, limitPrice: e.stopLossLimitPrice } : { stopPrice: e.stopLossPrice };
  if (e.trailPrice) out.trail = { price: e.trailPrice };
  else if (e.trailPercent) out.trail = { percent: e.trailPercent };
  return out;
}

const SHAPE_KEYS = ['orderClass', 'takeProfit', 'stopLoss', 'trail'] as const;

/**
 * The order's extras from both sources. The shape of an order (class, exits, trail) may
 * come from one of them only: two descriptions of one order are refused, not merged.
 */
export function alpacaExtrasOf(req: AlpacaSubmitRequest): AlpacaOrderExtras {
  const fromPort = fromOrderExtras(req.extras);
  const own = req.alpaca ?? {};
  const twice = SHAPE_KEYS.filter((k) => own[k] !== undefined && fromPort[k] !== undefined);
  if (twice.length > 0) {
    throw new VenueError('invalid_order', `the order's ${twice.join(', ')} was given both in the order and in its Alpaca options; not sent`);
  }
  return { ...fromPort, ...own };
}

/**
 * The POST /v2/orders body, in the SDK's model (it writes the snake_case wire keys).
 * Throws VenueError('invalid_order') for an order Alpaca cannot be sent as it stands.
 */
export function toPostOrderRequest(req: AlpacaSubmitRequest, symbols: SymbolMap): trading.PostOrderRequest {
  const extras = alpacaExtrasOf(req);
  // A trailing stop is its own type; `alpaca.trail` on a stop order also makes one (older callers).
  const trailing = req.type === 'trailing_stop' || extras.trail !== undefined;
  if (trailing && extras.trail === undefined) throw new VenueError('invalid_order', 'a trailing stop needs a trail (a price distance or a percent); not sent');
  const body: trading.PostOrderRequest = {
    symbol: symbols.toAlpaca(req.symbol),
    qty: decStr(req.qty),
    side: req.side,
    type: trailing ? 'trailing_stop' : req.type,
    timeInForce: extras.timeInForce ?? req.tif,
    clientOrderId: req.clientOrderId,
  };
  let limitPrice = trailing ? null : req.limitPrice;
  if (extras.orderClass === 'oco' && limitPrice !== null && extras.takeProfit) {
    // Alpaca's OCO is an exit pair: its limit is the take-profit's, written once, in take_profit.
    if (!limitPrice.eq(extras.takeProfit.limitPrice)) {
      throw new VenueError(
        'invalid_order',
        `an OCO order's limit price is its take-profit price: ${decStr(limitPrice)} and ${decStr(extras.takeProfit.limitPrice)} differ; not sent`,
      );
    }
    limitPrice = null;
  }
  if (limitPrice !== null) body.limitPrice = decStr(limitPrice);
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
      // canceled, and replaced: this Alpaca order is finished. A replaced one lives on in its
      // replacement; lookups by client order id follow the chain (see AlpacaConnection.getOrder).
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

/** Alpaca's order types are the port's, trailing stops included. */
function portOrderType(o: AlpacaOrder): OrderType {
  return o.type;
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

/**
 * Which order of a replacement chain (oldest first) works for it. The newest, unless Alpaca
 * rejected it as a replacement while the one before was not replaced (it filled first, or
 * still works): then that one is the order, and the rejected replacement is `rejected`.
 */
export function workingOfChain(chain: readonly AlpacaOrder[]): { working: AlpacaOrder; rejected: AlpacaOrder | null } {
  const last = chain.at(-1)!;
  const before = chain.at(-2);
  if (before && last.status === 'rejected' && last.replaces === before.id && before.status !== 'replaced') return { working: before, rejected: last };
  return { working: last, rejected: null };
}

/**
 * A replacement chain as the one order the OMS keeps: the working order's ids, type and
 * prices; quantity and filled quantity over the whole chain (a replacement's quantity does
 * not count what the orders before it filled). A chain whose last replacement was rejected
 * and whose original no longer works has ended: canceled, with what filled.
 */
export function chainToVenueOrder(chain: readonly AlpacaOrder[], clientOrderId: string, symbols: SymbolMap): VenueOrder {
  if (chain.length === 1) return { ...toVenueOrder(chain[0]!, symbols), clientOrderId };
  const { working, rejected } = workingOfChain(chain);
  const base = toVenueOrder(working, symbols);
  const filledBefore = chain.slice(0, chain.indexOf(working)).reduce((sum, o) => sum.plus(o.filled_qty), ZERO);
  const ended = rejected !== null && base.status !== 'open';
  return {
    ...base,
    clientOrderId,
    qty: filledBefore.plus(base.qty),
    filledQty: chain.reduce((sum, o) => sum.plus(o.filled_qty), ZERO),
    status: ended ? 'canceled' : base.status,
    reason: ended ? `Alpaca rejected the replacement order ${rejected.id}; the original order ${working.status === 'filled' ? 'filled' : 'ended'}` : base.reason,
    createdAt: chain[0]!.created_at,
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
