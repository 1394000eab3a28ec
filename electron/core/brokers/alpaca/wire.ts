import { z } from 'zod';
import { dec, type Decimal } from '../../domain/decimal';

/**
 * Zod schemas of the Alpaca Trading API v2 payloads this adapter reads. Everything that
 * comes from the venue is parsed here before use: a field we rely on that is missing or
 * malformed is an error, never a silent NaN in the books. Only the fields we read are
 * declared; unknown fields are dropped, so Alpaca adding a field breaks nothing.
 *
 * Money and quantities are strings on Alpaca's wire ("12.34") and become decimals here.
 */

const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/;

/** A decimal sent as a string, as Alpaca does for every amount. */
export const WireDecimal = z
  .string()
  .regex(DECIMAL_TEXT, 'expected a decimal number as a string')
  .transform((s): Decimal => dec(s));

/** Alpaca sends a few amounts as JSON numbers (older fields); accept both without floats leaking further. */
export const WireLooseDecimal = z
  .union([z.string().regex(DECIMAL_TEXT), z.number().finite()])
  .transform((v): Decimal => dec(typeof v === 'number' ? String(v) : v));

/** RFC 3339 timestamps with up to nanosecond digits, read as epoch milliseconds. */
export const WireTime = z.string().transform((s, ctx) => {
  const ms = Date.parse(s);
  if (Number.isNaN(ms)) {
    ctx.addIssue({ code: 'custom', message: `not a timestamp: ${s}` });
    return z.NEVER;
  }
  return ms;
});

export const AlpacaSide = z.enum(['buy', 'sell']);
export const AlpacaOrderType = z.enum(['market', 'limit', 'stop', 'stop_limit', 'trailing_stop']);
export type AlpacaOrderType = z.infer<typeof AlpacaOrderType>;
export const AlpacaTimeInForce = z.enum(['day', 'gtc', 'opg', 'cls', 'ioc', 'fok']);
export type AlpacaTimeInForce = z.infer<typeof AlpacaTimeInForce>;
/** Alpaca sends "" for a simple order's class. */
export const AlpacaOrderClass = z.enum(['simple', 'bracket', 'oco', 'oto', 'mleg', '']);
export type AlpacaOrderClass = z.infer<typeof AlpacaOrderClass>;

export const AlpacaOrderStatus = z.enum([
  'new',
  'partially_filled',
  'filled',
  'done_for_day',
  'canceled',
  'expired',
  'replaced',
  'pending_cancel',
  'pending_replace',
  'accepted',
  'pending_new',
  'accepted_for_bidding',
  'stopped',
  'rejected',
  'suspended',
  'calculated',
  'held',
]);
export type AlpacaOrderStatus = z.infer<typeof AlpacaOrderStatus>;

const orderFields = {
  id: z.string().min(1),
  client_order_id: z.string().min(1),
  created_at: WireTime,
  updated_at: WireTime.nullish(),
  submitted_at: WireTime.nullish(),
  filled_at: WireTime.nullish(),
  canceled_at: WireTime.nullish(),
  expired_at: WireTime.nullish(),
  failed_at: WireTime.nullish(),
  replaced_at: WireTime.nullish(),
  replaced_by: z.string().nullish(),
  replaces: z.string().nullish(),
  symbol: z.string().min(1),
  asset_class: z.string().nullish(),
  // Notional orders have no qty until filled; we never send them, but others might.
  qty: WireDecimal.nullish(),
  notional: WireDecimal.nullish(),
  filled_qty: WireDecimal,
  filled_avg_price: WireDecimal.nullish(),
  order_class: AlpacaOrderClass.nullish(),
  type: AlpacaOrderType,
  side: AlpacaSide,
  time_in_force: AlpacaTimeInForce,
  limit_price: WireDecimal.nullish(),
  stop_price: WireDecimal.nullish(),
  trail_price: WireDecimal.nullish(),
  trail_percent: WireDecimal.nullish(),
  hwm: WireDecimal.nullish(),
  status: AlpacaOrderStatus,
  extended_hours: z.boolean().nullish(),
};

export interface AlpacaOrder extends z.infer<z.ZodObject<typeof orderFields>> {
  legs?: AlpacaOrder[] | null;
}

export const AlpacaOrder: z.ZodType<AlpacaOrder> = z.object({
  ...orderFields,
  legs: z.lazy(() => z.array(AlpacaOrder)).nullish(),
});

export const AlpacaOrderList = z.array(AlpacaOrder);

export const AlpacaAccount = z.object({
  id: z.string().min(1),
  account_number: z.string().min(1),
  status: z.string(),
  currency: z.string().min(1),
  cash: WireDecimal,
  buying_power: WireDecimal,
  equity: WireDecimal.nullish(),
  trading_blocked: z.boolean().nullish(),
  account_blocked: z.boolean().nullish(),
});
export type AlpacaAccount = z.infer<typeof AlpacaAccount>;

export const AlpacaPosition = z.object({
  symbol: z.string().min(1),
  asset_class: z.string().nullish(),
  qty: WireDecimal,
  side: z.enum(['long', 'short']),
  avg_entry_price: WireDecimal.nullish(),
});
export const AlpacaPositionList = z.array(AlpacaPosition);
export type AlpacaPosition = z.infer<typeof AlpacaPosition>;

export const AlpacaAsset = z.object({
  id: z.string().min(1),
  class: z.string().min(1),
  exchange: z.string().nullish(),
  symbol: z.string().min(1),
  name: z.string(),
  status: z.string(),
  tradable: z.boolean(),
  marginable: z.boolean().nullish(),
  shortable: z.boolean(),
  easy_to_borrow: z.boolean().nullish(),
  fractionable: z.boolean(),
  min_order_size: WireLooseDecimal.nullish(),
  min_trade_increment: WireLooseDecimal.nullish(),
  price_increment: WireLooseDecimal.nullish(),
});
export const AlpacaAssetList = z.array(AlpacaAsset);
export type AlpacaAsset = z.infer<typeof AlpacaAsset>;

/** One execution as listed by GET /v2/account/activities/FILL. */
export const AlpacaFillActivity = z.object({
  id: z.string().min(1),
  activity_type: z.literal('FILL'),
  transaction_time: WireTime,
  type: z.enum(['fill', 'partial_fill']),
  price: WireDecimal,
  qty: WireDecimal,
  side: AlpacaSide,
  symbol: z.string().min(1),
  leaves_qty: WireDecimal.nullish(),
  order_id: z.string().min(1),
  cum_qty: WireDecimal,
  order_status: z.string().nullish(),
});
export const AlpacaFillActivityList = z.array(AlpacaFillActivity);
export type AlpacaFillActivity = z.infer<typeof AlpacaFillActivity>;

/**
 * A trade_updates event as the SDK hands it over: the SDK keeps the raw snake_case keys
 * (top level and inside `order`) but replaces `timestamp` with a Date.
 */
export const AlpacaTradeUpdate = z.object({
  event: z.string().min(1),
  execution_id: z.string().nullish(),
  price: WireDecimal.nullish(),
  qty: WireDecimal.nullish(),
  position_qty: WireDecimal.nullish(),
  timestamp: z.union([z.date(), WireTime]).nullish(),
  order: AlpacaOrder,
});
export type AlpacaTradeUpdate = z.infer<typeof AlpacaTradeUpdate>;

/** Alpaca's error envelope: {"code": 40010001, "message": "..."}; "forbidden." replies carry only a message. */
export const AlpacaErrorBody = z.object({
  code: z.union([z.number(), z.string()]).optional(),
  message: z.string().optional(),
});

/** The venue said something we could not read: we do not know what happened. */
export class WireError extends Error {
  constructor(
    readonly what: string,
    readonly issues: string,
  ) {
    super(`Alpaca sent ${what} we could not read: ${issues}`);
    this.name = 'WireError';
  }
}

export function parseWire<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issues = result.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('; ');
    throw new WireError(what, issues);
  }
  return result.data;
}

/** The execution id inside a FILL activity id ("20210127144930176::<execution uuid>"). */
export function executionIdOfActivity(activityId: string): string {
  const at = activityId.indexOf('::');
  return at >= 0 ? activityId.slice(at + 2) : activityId;
}
