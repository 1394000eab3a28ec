import type { Order, OrderClass, OrderStatus, OrderType, Side, TimeInForce } from '../../../shared/contract';
import { Decimal, ZERO, decStr } from './decimal';
import { IllegalTransitionError, nextStatus } from './orderStateMachine';

/** The order as the engine holds it: decimals, not strings. An order is the fold of its events. */
export interface OrderState {
  id: string;
  clientOrderId: string;
  venueOrderId: string | null;
  accountId: string;
  owner: string;
  symbol: string;
  side: Side;
  type: OrderType;
  tif: TimeInForce;
  qty: Decimal;
  limitPrice: Decimal | null;
  stopPrice: Decimal | null;
  extras: OrderExtras;
  status: OrderStatus;
  filledQty: Decimal;
  /** Sum of qty*price over fills, so the average is exact. */
  filledNotional: Decimal;
  reason: string | null;
  createdAt: number;
  updatedAt: number;
}

/** What some venues add to an order: Alpaca's order classes and trailing stops. */
export interface OrderExtras {
  orderClass: OrderClass;
  trailPrice: Decimal | null;
  trailPercent: Decimal | null;
  takeProfitPrice: Decimal | null;
  stopLossPrice: Decimal | null;
  stopLossLimitPrice: Decimal | null;
}

export const SIMPLE: OrderExtras = {
  orderClass: 'simple',
  trailPrice: null,
  trailPercent: null,
  takeProfitPrice: null,
  stopLossPrice: null,
  stopLossLimitPrice: null,
};

type SerializedExtras = { [K in keyof OrderExtras]: OrderExtras[K] extends Decimal | null ? string | null : OrderExtras[K] };

export function serializeExtras(e: OrderExtras): SerializedExtras {
  const s = (d: Decimal | null) => (d === null ? null : decStr(d));
  return {
    orderClass: e.orderClass,
    trailPrice: s(e.trailPrice),
    trailPercent: s(e.trailPercent),
    takeProfitPrice: s(e.takeProfitPrice),
    stopLossPrice: s(e.stopLossPrice),
    stopLossLimitPrice: s(e.stopLossLimitPrice),
  };
}

export function parseExtras(e: Partial<SerializedExtras> | undefined): OrderExtras {
  if (!e) return SIMPLE;
  const d = (x: string | null | undefined) => (x === null || x === undefined ? null : new Decimal(x));
  return {
    orderClass: e.orderClass ?? 'simple',
    trailPrice: d(e.trailPrice),
    trailPercent: d(e.trailPercent),
    takeProfitPrice: d(e.takeProfitPrice),
    stopLossPrice: d(e.stopLossPrice),
    stopLossLimitPrice: d(e.stopLossLimitPrice),
  };
}

export interface OrderSpec {
  id: string;
  clientOrderId: string;
  accountId: string;
  owner: string;
  symbol: string;
  side: Side;
  type: OrderType;
  tif: TimeInForce;
  qty: Decimal;
  limitPrice: Decimal | null;
  stopPrice: Decimal | null;
  extras: OrderExtras;
}

export interface FillDetails {
  fillId: string;
  venueTradeId: string;
  qty: string;
  price: string;
  fee: string;
  feeCurrency: string;
  liquidity: 'maker' | 'taker';
}

/** What each event carries. Stored as JSON in order_events.data. */
export type OrderEventData =
  | { type: 'OrderInitialized'; spec: SerializedSpec }
  | { type: 'OrderDenied'; reason: string }
  | { type: 'OrderSubmitted' }
  | { type: 'OrderAccepted'; venueOrderId: string }
  | { type: 'OrderRejected'; reason: string }
  | { type: 'OrderPartiallyFilled'; fill: FillDetails }
  | { type: 'OrderFilled'; fill: FillDetails }
  | { type: 'OrderPendingCancel' }
  | { type: 'OrderCancelRejected'; reason: string }
  | {
      type: 'OrderUpdated';
      qty?: string;
      limitPrice?: string | null;
      stopPrice?: string | null;
      /** Venues that replace rather than amend give the order new ids. */
      clientOrderId?: string;
      venueOrderId?: string;
    }
  | { type: 'OrderCanceled'; reason?: string }
  | { type: 'OrderExpired'; reason?: string };

export type SerializedSpec = Omit<OrderSpec, 'qty' | 'limitPrice' | 'stopPrice' | 'extras'> & {
  qty: string;
  limitPrice: string | null;
  stopPrice: string | null;
  /** Absent in events written before order classes existed. */
  extras?: SerializedExtras;
};

export interface OrderEventRecord {
  at: number;
  data: OrderEventData;
}

export function serializeSpec(spec: OrderSpec): SerializedSpec {
  return {
    ...spec,
    qty: decStr(spec.qty),
    limitPrice: spec.limitPrice ? decStr(spec.limitPrice) : null,
    stopPrice: spec.stopPrice ? decStr(spec.stopPrice) : null,
    extras: serializeExtras(spec.extras),
  };
}

function initial(spec: SerializedSpec, at: number): OrderState {
  return {
    id: spec.id,
    clientOrderId: spec.clientOrderId,
    venueOrderId: null,
    accountId: spec.accountId,
    owner: spec.owner,
    symbol: spec.symbol,
    side: spec.side,
    type: spec.type,
    tif: spec.tif,
    qty: new Decimal(spec.qty),
    limitPrice: spec.limitPrice === null ? null : new Decimal(spec.limitPrice),
    stopPrice: spec.stopPrice === null ? null : new Decimal(spec.stopPrice),
    extras: parseExtras(spec.extras),
    status: 'INITIALIZED',
    filledQty: ZERO,
    filledNotional: ZERO,
    reason: null,
    createdAt: at,
    updatedAt: at,
  };
}

/**
 * Applies one event. Returns a new state; throws IllegalTransitionError for a transition
 * the table does not allow, and for fills that would take the order past its quantity.
 */
export function applyOrderEvent(state: OrderState | null, event: OrderEventRecord): OrderState {
  const { data, at } = event;
  if (data.type === 'OrderInitialized') {
    if (state !== null) throw new IllegalTransitionError(state.status, 'OrderInitialized');
    return initial(data.spec, at);
  }
  if (state === null) throw new Error(`${data.type} before OrderInitialized`);
  const hasFills = state.filledQty.gt(0);
  const status = nextStatus(state.status, data.type, hasFills);
  const next: OrderState = { ...state, status, updatedAt: at };
  switch (data.type) {
    case 'OrderAccepted':
      next.venueOrderId = data.venueOrderId;
      break;
    case 'OrderDenied':
    case 'OrderRejected':
      next.reason = data.reason;
      break;
    case 'OrderCanceled':
    case 'OrderExpired':
      next.reason = data.reason ?? null;
      break;
    case 'OrderCancelRejected':
      next.reason = `Cancel refused: ${data.reason}`;
      break;
    case 'OrderUpdated': {
      if (data.qty !== undefined) {
        const qty = new Decimal(data.qty);
        if (qty.lt(state.filledQty)) throw new Error(`Order ${state.id} cannot be reduced below its filled ${decStr(state.filledQty)}`);
        next.qty = qty;
      }
      if (data.limitPrice !== undefined) next.limitPrice = data.limitPrice === null ? null : new Decimal(data.limitPrice);
      if (data.stopPrice !== undefined) next.stopPrice = data.stopPrice === null ? null : new Decimal(data.stopPrice);
      if (data.clientOrderId) next.clientOrderId = data.clientOrderId;
      if (data.venueOrderId) next.venueOrderId = data.venueOrderId;
      break;
    }
    case 'OrderPartiallyFilled':
    case 'OrderFilled': {
      const qty = new Decimal(data.fill.qty);
      const price = new Decimal(data.fill.price);
      next.filledQty = state.filledQty.plus(qty);
      next.filledNotional = state.filledNotional.plus(qty.times(price));
      if (next.filledQty.gt(state.qty)) {
        throw new Error(`Fill of ${data.fill.qty} would take order ${state.id} past its quantity ${decStr(state.qty)}`);
      }
      break;
    }
    default:
      break;
  }
  return next;
}

export function foldOrder(events: readonly OrderEventRecord[]): OrderState {
  let state: OrderState | null = null;
  for (const e of events) state = applyOrderEvent(state, e);
  if (state === null) throw new Error('An order needs at least its OrderInitialized event');
  return state;
}

/** Which fill event a fill of `qty` is: partial unless it completes the order. */
export function fillEventType(state: OrderState, qty: Decimal): 'OrderFilled' | 'OrderPartiallyFilled' {
  return state.filledQty.plus(qty).gte(state.qty) ? 'OrderFilled' : 'OrderPartiallyFilled';
}

export function avgFillPrice(state: OrderState): Decimal | null {
  return state.filledQty.isZero() ? null : state.filledNotional.div(state.filledQty);
}

export function toOrderDto(state: OrderState): Order {
  const avg = avgFillPrice(state);
  return {
    id: state.id,
    clientOrderId: state.clientOrderId,
    venueOrderId: state.venueOrderId,
    accountId: state.accountId,
    owner: state.owner,
    symbol: state.symbol,
    side: state.side,
    type: state.type,
    tif: state.tif,
    qty: decStr(state.qty),
    limitPrice: state.limitPrice ? decStr(state.limitPrice) : null,
    stopPrice: state.stopPrice ? decStr(state.stopPrice) : null,
    orderClass: state.extras.orderClass,
    trailPrice: state.extras.trailPrice ? decStr(state.extras.trailPrice) : null,
    trailPercent: state.extras.trailPercent ? decStr(state.extras.trailPercent) : null,
    takeProfitPrice: state.extras.takeProfitPrice ? decStr(state.extras.takeProfitPrice) : null,
    stopLossPrice: state.extras.stopLossPrice ? decStr(state.extras.stopLossPrice) : null,
    status: state.status,
    filledQty: decStr(state.filledQty),
    // Rounded for display; the exact notional stays in the event log.
    avgFillPrice: avg ? decStr(avg.toDecimalPlaces(8)) : null,
    reason: state.reason,
    createdAt: state.createdAt,
    updatedAt: state.updatedAt,
  };
}
