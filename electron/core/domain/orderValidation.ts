import type { OrderClass, OrderType, Side, TimeInForce } from '../../../shared/contract';
import { ApiError } from '../api/errors';
import type { VenueCapabilities } from '../brokers/port';
import { Decimal, decStr, isMultipleOf, parseUserDecimal } from './decimal';
import type { TradingRules } from './instrument';
import { SIMPLE, type OrderExtras } from './order';

type Raw = string | number | null | undefined;

/** Order class, trailing distance and bracket exits as typed at the ticket. */
export interface RawExtras {
  orderClass?: OrderClass;
  trailPrice?: Raw;
  trailPercent?: Raw;
  takeProfitPrice?: Raw;
  stopLossPrice?: Raw;
  stopLossLimitPrice?: Raw;
}

export interface OrderRequest {
  symbol: string;
  side: Side;
  type: OrderType;
  tif: TimeInForce;
  qty: string | number;
  limitPrice?: string | number | null | undefined;
  stopPrice?: string | number | null | undefined;
  extras?: RawExtras;
}

export interface ValidOrder {
  symbol: string;
  side: Side;
  type: OrderType;
  tif: TimeInForce;
  qty: Decimal;
  limitPrice: Decimal | null;
  stopPrice: Decimal | null;
  extras: OrderExtras;
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

  const extras = validateExtras(req, rules, limitPrice ?? referencePrice);

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
  return { symbol: rules.symbol, side: req.side, type: req.type, tif: req.tif, qty, limitPrice, stopPrice, extras };
}

const CLASS_WORDS: Record<OrderClass, string> = { simple: 'simple', bracket: 'bracket', oco: 'OCO', oto: 'OTO' };

/** Refuses order types, time-in-force values and order classes the account's venue does not have. */
export function checkCapabilities(req: OrderRequest, caps: VenueCapabilities, venue: string): void {
  if (!caps.orderTypes.includes(req.type)) {
    throw new InvalidOrderError(
      `${venue} does not take ${req.type.replace('_', '-')} orders; it takes ${caps.orderTypes.map((t) => t.replace('_', '-')).join(', ')}`,
      'type',
    );
  }
  if (!caps.timeInForce.includes(req.tif)) {
    throw new InvalidOrderError(`${venue} does not take time-in-force ${req.tif.toUpperCase()}; it takes ${caps.timeInForce.join(', ').toUpperCase()}`, 'tif');
  }
  const cls = req.extras?.orderClass ?? 'simple';
  if (cls !== 'simple' && !caps.orderClasses.includes(cls)) {
    throw new InvalidOrderError(`${venue} does not take ${CLASS_WORDS[cls]} orders`, 'orderClass');
  }
}

function optionalPrice(raw: Raw, label: string, field: string, rules: TradingRules): Decimal | null {
  return blank(raw) ? null : parsePrice(raw as string | number, label, field, rules);
}

/**
 * Trailing stops need one distance; a bracket needs a take-profit above and a stop-loss
 * below the entry (the other way round for a sell); OCO is a limit exit with both; OTO
 * has exactly one exit. Exits on a simple order are refused rather than ignored.
 */
function validateExtras(req: OrderRequest, rules: TradingRules, entry: Decimal | null): OrderExtras {
  const raw = req.extras ?? {};
  const orderClass = raw.orderClass ?? 'simple';
  let trailPrice: Decimal | null = null;
  let trailPercent: Decimal | null = null;
  if (req.type === 'trailing_stop') {
    if (blank(raw.trailPrice) === blank(raw.trailPercent)) {
      throw new InvalidOrderError('A trailing stop needs a trail: either a price distance or a percent, not both', 'trailPrice');
    }
    if (!blank(raw.trailPrice)) trailPrice = parsePrice(raw.trailPrice as string | number, 'Trail distance', 'trailPrice', rules);
    else {
      trailPercent = parseUserDecimal(raw.trailPercent as string | number);
      if (trailPercent === null || trailPercent.lte(0) || trailPercent.gt(50)) {
        throw new InvalidOrderError('Trail percent must be a number above 0 and at most 50', 'trailPercent');
      }
    }
  } else if (!blank(raw.trailPrice) || !blank(raw.trailPercent)) {
    throw new InvalidOrderError('Only a trailing stop takes a trail distance', 'trailPrice');
  }

  const takeProfitPrice = optionalPrice(raw.takeProfitPrice, 'Take-profit price', 'takeProfitPrice', rules);
  const stopLossPrice = optionalPrice(raw.stopLossPrice, 'Stop-loss price', 'stopLossPrice', rules);
  const stopLossLimitPrice = optionalPrice(raw.stopLossLimitPrice, 'Stop-loss limit price', 'stopLossLimitPrice', rules);
  if (stopLossLimitPrice && !stopLossPrice) throw new InvalidOrderError('A stop-loss limit needs a stop-loss price', 'stopLossPrice');

  switch (orderClass) {
    case 'simple':
      if (takeProfitPrice || stopLossPrice) {
        throw new InvalidOrderError('Take-profit and stop-loss exits need a bracket, OCO or OTO order', 'orderClass');
      }
      break;
    case 'bracket':
    case 'oco': {
      if (!takeProfitPrice) throw new InvalidOrderError(`A ${CLASS_WORDS[orderClass]} order needs a take-profit price`, 'takeProfitPrice');
      if (!stopLossPrice) throw new InvalidOrderError(`A ${CLASS_WORDS[orderClass]} order needs a stop-loss price`, 'stopLossPrice');
      if (orderClass === 'oco' && req.type !== 'limit') throw new InvalidOrderError('An OCO order is a limit order with its two exits', 'type');
      if (orderClass === 'bracket' && req.type !== 'market' && req.type !== 'limit') {
        throw new InvalidOrderError('A bracket entry is a market or limit order', 'type');
      }
      // The exits protect a position opened by a buy (or a sell): profit above, loss below.
      const up = req.side === 'buy';
      if (up ? !takeProfitPrice.gt(stopLossPrice) : !takeProfitPrice.lt(stopLossPrice)) {
        throw new InvalidOrderError(
          up ? 'The take-profit must be above the stop-loss for a buy' : 'The take-profit must be below the stop-loss for a sell',
          'takeProfitPrice',
        );
      }
      if (orderClass === 'bracket' && entry) {
        if (up ? !takeProfitPrice.gt(entry) : !takeProfitPrice.lt(entry)) {
          throw new InvalidOrderError(`The take-profit must be ${up ? 'above' : 'below'} the entry price ${decStr(entry)}`, 'takeProfitPrice');
        }
        if (up ? !stopLossPrice.lt(entry) : !stopLossPrice.gt(entry)) {
          throw new InvalidOrderError(`The stop-loss must be ${up ? 'below' : 'above'} the entry price ${decStr(entry)}`, 'stopLossPrice');
        }
      }
      break;
    }
    case 'oto':
      if (!takeProfitPrice === !stopLossPrice) {
        throw new InvalidOrderError('An OTO order has exactly one exit: a take-profit or a stop-loss', 'takeProfitPrice');
      }
      break;
  }
  if (orderClass === 'simple' && !trailPrice && !trailPercent) return SIMPLE;
  return { orderClass, trailPrice, trailPercent, takeProfitPrice, stopLossPrice, stopLossLimitPrice };
}
