import type { OrderType, Side, TimeInForce } from '../../../../shared/contract';
import { Decimal } from '../../domain/decimal';
import { VenueError, type VenueOrder, type VenueOrderStatus } from '../port';

/**
 * ccxt's unified structures are typed loosely (fields may be undefined at run time, numbers
 * are binary floats). Everything the adapter reads from ccxt passes through here once and
 * comes out as checked values with decimals.
 */

export interface CcxtOrderSnapshot {
  venueOrderId: string;
  clientOrderId: string | null;
  symbol: string;
  side: Side;
  type: OrderType;
  tif: TimeInForce;
  status: VenueOrderStatus;
  qty: Decimal;
  filledQty: Decimal;
  limitPrice: Decimal | null;
  stopPrice: Decimal | null;
  createdAt: number;
  /** When the exchange last changed the order (a fill, a cancel), or createdAt when it does not say. */
  updatedAt: number;
}

export interface CcxtTradeSnapshot {
  tradeId: string;
  venueOrderId: string;
  symbol: string;
  side: Side;
  qty: Decimal;
  price: Decimal;
  fee: Decimal;
  feeCurrency: string | null;
  liquidity: 'maker' | 'taker';
  at: number;
}

type Loose = Record<string, unknown>;

const isRecord = (v: unknown): v is Loose => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * A ccxt number as a decimal. ccxt parses the exchange's decimal strings into doubles; a
 * double carries 15 significant decimal digits faithfully, so rounding to 15 removes the
 * binary noise of any arithmetic ccxt did (summing fills) without touching real digits.
 */
export function decimalOf(v: unknown): Decimal | null {
  if (typeof v === 'number') return Number.isFinite(v) ? new Decimal(String(v)).toSignificantDigits(15) : null;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return new Decimal(v.trim());
  return null;
}

function str(v: unknown): string | null {
  if (typeof v === 'string' && v !== '') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return null;
}

function side(v: unknown, what: string): Side {
  if (v === 'buy' || v === 'sell') return v;
  throw malformed(`${what} side ${String(v)}`);
}

function malformed(detail: string): VenueError {
  // A reply we cannot read is an answer we did not get: the read is retried later.
  return new VenueError('transient', `unexpected reply from the exchange (${detail})`);
}

const STATUS: Record<string, VenueOrderStatus> = {
  open: 'open',
  // ccxt reports "canceling" while a cancel is pending: the order can still fill.
  canceling: 'open',
  closed: 'filled',
  canceled: 'canceled',
  cancelled: 'canceled',
  expired: 'expired',
  rejected: 'rejected',
};

function orderType(rawType: unknown, hasStop: boolean): OrderType {
  const t = typeof rawType === 'string' ? rawType.toLowerCase() : '';
  if (t === 'market') return hasStop ? 'stop' : 'market';
  if (t === 'limit' || t === 'limit_maker') return hasStop ? 'stop_limit' : 'limit';
  if (t === 'stop_loss_limit' || t === 'take_profit_limit' || t === 'stop_limit' || t === 'stop') return 'stop_limit';
  if (t === 'stop_loss' || t === 'take_profit' || t === 'stop_market' || t === 'take_profit_market') return 'stop';
  throw malformed(`order type ${String(rawType)}`);
}

function timeInForce(v: unknown): TimeInForce {
  const t = typeof v === 'string' ? v.toUpperCase() : '';
  if (t === 'IOC') return 'ioc';
  if (t === 'FOK') return 'fok';
  // GTC, post-only (PO) and exchanges that do not say: a resting order stays until canceled.
  return 'gtc';
}

export function orderSnapshot(raw: unknown): CcxtOrderSnapshot {
  if (!isRecord(raw)) throw malformed('order is not an object');
  const venueOrderId = str(raw.id);
  const symbol = str(raw.symbol);
  if (!venueOrderId || !symbol) throw malformed('order without id or symbol');
  const status = STATUS[String(raw.status)];
  if (!status) throw malformed(`order status ${String(raw.status)}`);
  const qty = decimalOf(raw.amount);
  if (!qty) throw malformed(`order ${venueOrderId} without amount`);
  const stop = decimalOf(raw.triggerPrice) ?? decimalOf(raw.stopPrice);
  const stopPrice = stop && stop.gt(0) ? stop : null;
  const type = orderType(raw.type, stopPrice !== null);
  const price = decimalOf(raw.price);
  const limitPrice = (type === 'limit' || type === 'stop_limit') && price && price.gt(0) ? price : null;
  const createdAt = timeOf(raw.timestamp) ?? Date.now();
  return {
    venueOrderId,
    clientOrderId: str(raw.clientOrderId),
    symbol,
    side: side(raw.side, `order ${venueOrderId}`),
    type,
    tif: timeInForce(raw.timeInForce),
    status,
    qty,
    filledQty: decimalOf(raw.filled) ?? new Decimal(0),
    limitPrice,
    stopPrice,
    createdAt,
    updatedAt: timeOf(raw.lastUpdateTimestamp) ?? timeOf(raw.lastTradeTimestamp) ?? createdAt,
  };
}

function timeOf(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

export function tradeSnapshot(raw: unknown): CcxtTradeSnapshot {
  if (!isRecord(raw)) throw malformed('trade is not an object');
  const tradeId = str(raw.id);
  const venueOrderId = str(raw.order);
  const symbol = str(raw.symbol);
  if (!tradeId || !venueOrderId || !symbol) throw malformed('trade without id, order or symbol');
  const qty = decimalOf(raw.amount);
  const price = decimalOf(raw.price);
  if (!qty || !price) throw malformed(`trade ${tradeId} without amount or price`);
  const fee = feeOf(raw);
  return {
    tradeId,
    venueOrderId,
    symbol,
    side: side(raw.side, `trade ${tradeId}`),
    qty,
    price,
    fee: fee.cost,
    feeCurrency: fee.currency,
    liquidity: raw.takerOrMaker === 'maker' ? 'maker' : 'taker',
    at: timeOf(raw.timestamp) ?? Date.now(),
  };
}

/** One fee per fill (the port's shape). ccxt gives `fee`, or `fees` when an exchange charges several. */
function feeOf(raw: Loose): { cost: Decimal; currency: string | null } {
  const fees = Array.isArray(raw.fees) ? raw.fees.filter(isRecord) : [];
  const single = isRecord(raw.fee) ? raw.fee : fees[0];
  if (!single) return { cost: new Decimal(0), currency: null };
  const currency = str(single.currency);
  // Several fee entries in the same currency are summed; other currencies cannot be expressed in one fee.
  const sameCurrency = fees.length > 1 ? fees.filter((f) => str(f.currency) === currency) : [single];
  const cost = sameCurrency.reduce((sum, f) => sum.plus(decimalOf(f.cost) ?? 0), new Decimal(0));
  return { cost, currency };
}

export function toVenueOrder(o: CcxtOrderSnapshot, clientOrderId: string): VenueOrder {
  return {
    clientOrderId,
    venueOrderId: o.venueOrderId,
    symbol: o.symbol,
    side: o.side,
    type: o.type,
    tif: o.tif,
    qty: o.qty,
    limitPrice: o.limitPrice,
    stopPrice: o.stopPrice,
    filledQty: o.filledQty,
    status: o.status,
    reason: null,
    createdAt: o.createdAt,
  };
}

export interface BalanceSnapshot {
  free: Map<string, Decimal>;
  total: Map<string, Decimal>;
  /** The account's id at the exchange when the exchange says it (Binance: uid). */
  accountId: string | null;
}

export function balanceSnapshot(raw: unknown): BalanceSnapshot {
  if (!isRecord(raw)) throw malformed('balance is not an object');
  const free = new Map<string, Decimal>();
  const total = new Map<string, Decimal>();
  const read = (field: unknown, into: Map<string, Decimal>) => {
    if (!isRecord(field)) return;
    for (const [currency, v] of Object.entries(field)) {
      const d = decimalOf(v);
      if (d) into.set(currency, d);
    }
  };
  read(raw.free, free);
  read(raw.total, total);
  const info = isRecord(raw.info) ? raw.info : {};
  return { free, total, accountId: str(info.uid) ?? str(info.accountId) ?? null };
}
