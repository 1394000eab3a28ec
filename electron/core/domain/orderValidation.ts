import type { OrderType, Side, TimeInForce } from '../../../shared/contract';
import { ApiError } from '../api/errors';
import { Decimal, decStr, isMultipleOf, parseUserDecimal } from './decimal';
import type { TradingRules } from './instrument';

export interface OrderRequest {
  symbol: string;
  side: Side;
  type: OrderType;
  tif: TimeInForce;
  qty: string | number;
  limitPrice?: string | number | null | undefined;
  stopPrice?: string | number | null | undefined;
}

export interface ValidOrder {
  symbol: string;
  side: Side;
  type: OrderType;
  tif: TimeInForce;
  qty: Decimal;
  limitPrice: Decimal | null;
  stopPrice: Decimal | null;
}

/** The refusal of an order that is wrong in itself. It never reaches a broker. */
export class InvalidOrderError extends ApiError {
  constructor(message: string, field: string) {
    super('INVALID_ORDER', message, { [field]: message });
    this.name = 'InvalidOrderError';
  }
}

const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

function money(d: Decimal, currency: string): string {
  return `${decStr(d.toDecimalPlaces(2, Decimal.ROUND_HALF_UP))} ${currency}`;
}

function parsePrice(raw: string | number, label: string, field: string, rules: TradingRules): Decimal {
  const price = parseUserDecimal(raw);
  if (price === null) throw new InvalidOrderError(`${label} must be a number, like 101.25`, field);
  if (price.lte(0)) throw new InvalidOrderError(`${label} must be greater than zero`, field);
  if (!isMultipleOf(price, rules.tickSize)) {
    throw new InvalidOrderError(
      `${label} ${decStr(price)} is not a multiple of the tick size ${decStr(rules.tickSize)} for ${rules.symbol}`,
      field,
    );
  }
  return price;
}

/**
 * Checks an order against the instrument's rules and returns it in decimals. The
 * messages are written for the trader at the ticket; each names the field at fault.
 * `referencePrice` (last trade) is used for the minimum-notional check of market orders.
 */
export function validateOrder(req: OrderRequest, rules: TradingRules | undefined, referencePrice: Decimal | null): ValidOrder {
  if (!rules) throw new InvalidOrderError(`Unknown symbol ${req.symbol}: pick one from the watchlist`, 'symbol');
  if (!rules.tradable) throw new InvalidOrderError(`${rules.symbol} is not tradable right now`, 'symbol');

  if (blank(req.qty)) throw new InvalidOrderError('Enter a quantity', 'qty');
  const qty = parseUserDecimal(req.qty);
  if (qty === null) throw new InvalidOrderError('Quantity must be a number, like 10', 'qty');
  if (qty.lte(0)) throw new InvalidOrderError('Quantity must be greater than zero', 'qty');
  if (qty.gt(rules.maxQty)) {
    throw new InvalidOrderError(
      `Quantity ${decStr(qty)} is larger than the ${decStr(rules.maxQty)} this ticket accepts for ${rules.symbol}`,
      'qty',
    );
  }
  if (!isMultipleOf(qty, rules.lotSize)) {
    throw new InvalidOrderError(`Quantity must be a multiple of the lot size ${decStr(rules.lotSize)} for ${rules.symbol}`, 'qty');
  }
  if (qty.lt(rules.minQty)) {
    throw new InvalidOrderError(`Quantity must be at least ${decStr(rules.minQty)} for ${rules.symbol}`, 'qty');
  }

  const needsLimit = req.type === 'limit' || req.type === 'stop_limit';
  const needsStop = req.type === 'stop' || req.type === 'stop_limit';
  let limitPrice: Decimal | null = null;
  let stopPrice: Decimal | null = null;
  if (needsLimit) {
    if (blank(req.limitPrice)) throw new InvalidOrderError('A limit order needs a limit price', 'limitPrice');
    limitPrice = parsePrice(req.limitPrice as string | number, 'Limit price', 'limitPrice', rules);
  } else if (!blank(req.limitPrice)) {
    throw new InvalidOrderError(`A ${req.type.replace('_', '-')} order takes no limit price: clear it or choose Limit`, 'limitPrice');
  }
  if (needsStop) {
    if (blank(req.stopPrice)) throw new InvalidOrderError('A stop order needs a stop price', 'stopPrice');
    stopPrice = parsePrice(req.stopPrice as string | number, 'Stop price', 'stopPrice', rules);
  } else if (!blank(req.stopPrice)) {
    throw new InvalidOrderError(`A ${req.type.replace('_', '-')} order takes no stop price`, 'stopPrice');
  }
  if (req.type === 'market' && (req.tif === 'gtc')) {
    throw new InvalidOrderError('A market order cannot be good-till-cancelled: use day, ioc or fok', 'tif');
  }

  const price = limitPrice ?? stopPrice ?? referencePrice;
  if (price !== null) {
    const notional = qty.times(price);
    if (notional.lt(rules.minNotional)) {
      throw new InvalidOrderError(
        `Order value ${money(notional, rules.quoteCurrency)} is below the minimum of ${money(rules.minNotional, rules.quoteCurrency)} for ${rules.symbol}`,
        'qty',
      );
    }
  }
  return { symbol: rules.symbol, side: req.side, type: req.type, tif: req.tif, qty, limitPrice, stopPrice };
}
