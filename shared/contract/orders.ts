import { z } from 'zod';
import { event, invoke } from './define';
import { DecimalString, EpochMs, NumberLike, Side, Symbol } from './common';

export const OrderType = z.enum(['market', 'limit', 'stop', 'stop_limit', 'trailing_stop']);
export type OrderType = z.infer<typeof OrderType>;

export const TimeInForce = z.enum(['day', 'gtc', 'ioc', 'fok']);
export type TimeInForce = z.infer<typeof TimeInForce>;

/** Alpaca's order classes: a bracket is an entry with a take-profit and a stop-loss exit. */
export const OrderClass = z.enum(['simple', 'bracket', 'oco', 'oto']);
export type OrderClass = z.infer<typeof OrderClass>;

/** Statuses and events follow NautilusTrader's naming. DENIED (our risk) is never REJECTED (the venue). */
export const OrderStatus = z.enum([
  'INITIALIZED',
  'DENIED',
  'SUBMITTED',
  'ACCEPTED',
  'REJECTED',
  'PARTIALLY_FILLED',
  'FILLED',
  'PENDING_CANCEL',
  'CANCELED',
  'EXPIRED',
]);
export type OrderStatus = z.infer<typeof OrderStatus>;

export const OrderEventType = z.enum([
  'OrderInitialized',
  'OrderDenied',
  'OrderSubmitted',
  'OrderAccepted',
  'OrderRejected',
  'OrderPartiallyFilled',
  'OrderFilled',
  'OrderPendingCancel',
  'OrderCancelRejected',
  'OrderUpdated',
  'OrderCanceled',
  'OrderExpired',
]);
export type OrderEventType = z.infer<typeof OrderEventType>;

export const Order = z.object({
  id: z.string(),
  clientOrderId: z.string(),
  venueOrderId: z.string().nullable(),
  accountId: z.string(),
  /** Who placed it: "manual" for the ticket, "bot:<id>" for a bot, "external" when adopted from the venue. */
  owner: z.string(),
  symbol: z.string(),
  side: Side,
  type: OrderType,
  tif: TimeInForce,
  qty: DecimalString,
  limitPrice: DecimalString.nullable(),
  stopPrice: DecimalString.nullable(),
  orderClass: OrderClass,
  /** Trailing stops: the distance the stop follows the best price, as a price or a percent. */
  trailPrice: DecimalString.nullable(),
  trailPercent: DecimalString.nullable(),
  /** Exits attached to a bracket / OTO / OCO entry. */
  takeProfitPrice: DecimalString.nullable(),
  stopLossPrice: DecimalString.nullable(),
  status: OrderStatus,
  filledQty: DecimalString,
  avgFillPrice: DecimalString.nullable(),
  /** Why it was denied, rejected or cancelled, in words for the user. */
  reason: z.string().nullable(),
  createdAt: EpochMs,
  updatedAt: EpochMs,
});
export type Order = z.infer<typeof Order>;

export const OrderEvent = z.object({
  seq: z.number().int(),
  orderId: z.string(),
  type: OrderEventType,
  at: EpochMs,
  /** Event details: fill price and quantity, reason, venue id ... */
  data: z.record(z.string(), z.unknown()),
});
export type OrderEvent = z.infer<typeof OrderEvent>;

export const Fill = z.object({
  id: z.string(),
  orderId: z.string(),
  clientOrderId: z.string(),
  accountId: z.string(),
  symbol: z.string(),
  side: Side,
  qty: DecimalString,
  price: DecimalString,
  fee: DecimalString,
  feeCurrency: z.string(),
  liquidity: z.enum(['maker', 'taker']),
  /** The venue's trade id: fills are de-duplicated by it. */
  venueTradeId: z.string(),
  at: EpochMs,
});
export type Fill = z.infer<typeof Fill>;

export const SubmitOrderInput = z
  .object({
    symbol: Symbol,
    side: Side,
    type: OrderType,
    qty: NumberLike,
    limitPrice: NumberLike.optional().nullable(),
    stopPrice: NumberLike.optional().nullable(),
    tif: TimeInForce.default('day'),
    accountId: z.string().max(64).optional(),
    orderClass: OrderClass.default('simple'),
    trailPrice: NumberLike.optional().nullable(),
    trailPercent: NumberLike.optional().nullable(),
    takeProfitPrice: NumberLike.optional().nullable(),
    stopLossPrice: NumberLike.optional().nullable(),
    stopLossLimitPrice: NumberLike.optional().nullable(),
    /** The ticket sends this after the user confirmed a repeat of a recent order. */
    confirmDuplicate: z.boolean().optional(),
  })
  .strict();
export type SubmitOrderInput = z.input<typeof SubmitOrderInput>;

export const ModifyOrderInput = z
  .object({
    orderId: z.string().min(1).max(64),
    qty: NumberLike.optional(),
    limitPrice: NumberLike.optional(),
    stopPrice: NumberLike.optional(),
  })
  .strict();
export type ModifyOrderInput = z.input<typeof ModifyOrderInput>;

export const OrderHistory = z.object({
  order: Order,
  events: z.array(OrderEvent),
  fills: z.array(Fill),
});
export type OrderHistory = z.infer<typeof OrderHistory>;

export const ordersChannels = {
  'orders.submit': invoke('Submit an order from the ticket.', SubmitOrderInput, Order, { rateLimited: true }),
  'orders.cancel': invoke(
    'Cancel an open order.',
    z.object({ orderId: z.string().min(1).max(64) }).strict(),
    Order,
    { rateLimited: true },
  ),
  'orders.modify': invoke(
    'Change the quantity or prices of an open order, where the venue allows it.',
    ModifyOrderInput,
    Order,
    { rateLimited: true },
  ),
  'orders.list': invoke(
    'Orders, newest first.',
    z
      .object({
        scope: z.enum(['open', 'all']).default('all'),
        symbol: Symbol.optional(),
        accountId: z.string().max(64).optional(),
        limit: z.number().int().min(1).max(5_000).default(500),
      })
      .strict()
      .default({ scope: 'all', limit: 500 }),
    z.array(Order),
  ),
  'orders.history': invoke(
    'One order with every event and fill.',
    z.object({ orderId: z.string().min(1).max(64) }).strict(),
    OrderHistory,
  ),
  'fills.list': invoke(
    'Fills, newest first.',
    z
      .object({ symbol: Symbol.optional(), limit: z.number().int().min(1).max(5_000).default(500) })
      .strict()
      .default({ limit: 500 }),
    z.array(Fill),
  ),
} as const;

export const ordersEvents = {
  'orders.changed': event('Orders whose state changed, latest state of each.', z.object({ orders: z.array(Order) })),
  'fills.added': event('New fills.', z.object({ fills: z.array(Fill) })),
} as const;
