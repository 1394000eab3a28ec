import type { Instrument } from '../../../../shared/contract';
import { Decimal, decStr, isMultipleOf } from '../../domain/decimal';
import { VenueError, type SubmitRequest, type VenueCapabilities } from '../port';
import { decimalOf } from './shapes';

/** ccxt's precision modes (ccxt/js/src/base/functions/number.js). */
export const DECIMAL_PLACES = 2;
export const SIGNIFICANT_DIGITS = 3;
export const TICK_SIZE = 4;

/** One market's trading rules as decimals, read from a ccxt market. */
export interface MarketRules {
  symbol: string;
  base: string;
  quote: string;
  active: boolean;
  tickSize: Decimal;
  lotSize: Decimal;
  minQty: Decimal;
  maxQty: Decimal | null;
  /** Binance's MARKET_LOT_SIZE: a tighter maximum for market orders. */
  marketMaxQty: Decimal | null;
  minPrice: Decimal | null;
  maxPrice: Decimal | null;
  minNotional: Decimal;
  maxNotional: Decimal | null;
}

type Loose = Record<string, unknown>;
const rec = (v: unknown): Loose => (v !== null && typeof v === 'object' ? (v as Loose) : {});

/**
 * A precision value as a step. In TICK_SIZE mode (Binance and most exchanges in ccxt 4)
 * the value is the step itself; in DECIMAL_PLACES mode it is a count of decimals.
 * SIGNIFICANT_DIGITS has no fixed step: such markets are not offered (null).
 */
export function stepOf(precision: unknown, precisionMode: number): Decimal | null {
  const value = decimalOf(precision);
  if (!value) return null;
  if (precisionMode === TICK_SIZE) return value.gt(0) ? value : null;
  if (precisionMode === DECIMAL_PLACES) return value.isInteger() ? new Decimal(10).pow(value.neg()) : null;
  return null;
}

const positive = (v: unknown): Decimal | null => {
  const d = decimalOf(v);
  return d && d.gt(0) ? d : null;
};

export function marketRules(market: unknown, precisionMode: number): MarketRules | null {
  const m = rec(market);
  const symbol = typeof m.symbol === 'string' ? m.symbol : null;
  if (!symbol) return null;
  const precision = rec(m.precision);
  const tickSize = stepOf(precision.price, precisionMode);
  const lotSize = stepOf(precision.amount, precisionMode);
  if (!tickSize || !lotSize) return null;
  const limits = rec(m.limits);
  const amount = rec(limits.amount);
  const price = rec(limits.price);
  const cost = rec(limits.cost);
  return {
    symbol,
    base: String(m.base ?? ''),
    quote: String(m.quote ?? ''),
    active: m.active !== false,
    tickSize,
    lotSize,
    minQty: positive(amount.min) ?? lotSize,
    maxQty: positive(amount.max),
    marketMaxQty: positive(rec(limits.market).max),
    minPrice: positive(price.min),
    maxPrice: positive(price.max),
    minNotional: positive(cost.min) ?? new Decimal(0),
    maxNotional: positive(cost.max),
  };
}

export function instrumentOf(r: MarketRules, venue: string): Instrument {
  return {
    symbol: r.symbol,
    name: `${r.base} / ${r.quote}`,
    assetClass: 'crypto',
    venue,
    tickSize: decStr(r.tickSize),
    lotSize: decStr(r.lotSize),
    minQty: decStr(r.minQty),
    minNotional: decStr(r.minNotional),
    quoteCurrency: r.quote,
    tradable: r.active,
    fractionable: r.lotSize.lt(1),
    // Spot accounts cannot sell what they do not hold.
    shortable: false,
    lastPrice: null,
    dayChange: null,
  };
}

/** What ccxt's createOrder gets, already checked against the market's rules. */
export interface CreateOrderArgs {
  symbol: string;
  type: 'market' | 'limit';
  side: 'buy' | 'sell';
  amount: number;
  price: number | undefined;
  params: Record<string, string>;
}

/** ccxt's formatting of amounts and prices for a market (the exchange's own rounding rules). */
export interface PrecisionFormatter {
  amountToPrecision(symbol: string, amount: string): string;
  priceToPrecision(symbol: string, price: string): string;
}

const CLIENT_ORDER_ID = /^[A-Za-z0-9-]{1,36}$/;

const refuse = (reason: string) => new VenueError('invalid_order', reason);

/**
 * Checks an order against the market's rules and builds ccxt's createOrder arguments. An
 * order that would need its quantity or price changed to be accepted is refused, with the
 * reason and the nearest valid values: we never change what a trader asked for.
 */
export function prepareOrder(
  req: SubmitRequest,
  rules: MarketRules | undefined,
  venue: string,
  capabilities: VenueCapabilities,
  fmt: PrecisionFormatter,
): CreateOrderArgs {
  if (!rules) throw refuse(`${venue} does not list ${req.symbol}`);
  if (!rules.active) throw refuse(`${req.symbol} is not trading on ${venue} at the moment`);
  if (!CLIENT_ORDER_ID.test(req.clientOrderId)) throw refuse(`client order id "${req.clientOrderId}" is not 1-36 letters, digits or dashes`);
  if (!capabilities.orderTypes.includes(req.type)) throw refuse(`${venue} does not take ${req.type.replace('_', '-')} orders through this app`);

  const isLimit = req.type === 'limit' || req.type === 'stop_limit';
  const isStop = req.type === 'stop' || req.type === 'stop_limit';
  const params: Record<string, string> = { clientOrderId: req.clientOrderId };

  const qty = req.qty;
  if (qty.lte(0)) throw refuse('the quantity must be more than zero');
  if (!isMultipleOf(qty, rules.lotSize)) {
    const down = qty.div(rules.lotSize).floor().times(rules.lotSize);
    throw refuse(
      `quantity ${decStr(qty)} is not a multiple of ${req.symbol}'s lot size ${decStr(rules.lotSize)}; ` +
        `the nearest valid quantities are ${decStr(down)} and ${decStr(down.plus(rules.lotSize))}`,
    );
  }
  if (qty.lt(rules.minQty)) throw refuse(`quantity ${decStr(qty)} is below ${req.symbol}'s minimum of ${decStr(rules.minQty)}`);
  if (rules.maxQty && qty.gt(rules.maxQty)) throw refuse(`quantity ${decStr(qty)} is above ${req.symbol}'s maximum of ${decStr(rules.maxQty)}`);
  if (req.type === 'market' && rules.marketMaxQty && qty.gt(rules.marketMaxQty)) {
    throw refuse(`quantity ${decStr(qty)} is above ${req.symbol}'s maximum of ${decStr(rules.marketMaxQty)} for market orders`);
  }
  const amount = asNumber(exactly(() => fmt.amountToPrecision(req.symbol, decStr(qty)), qty, 'quantity'), qty, 'quantity');

  let price: number | undefined;
  if (isLimit) {
    if (!req.limitPrice) throw refuse(`a ${req.type.replace('_', '-')} order needs a limit price`);
    price = asNumber(checkPrice(req.limitPrice, 'limit price', rules, req.symbol, fmt), req.limitPrice, 'limit price');
  }
  let referencePrice = req.limitPrice;
  if (isStop) {
    if (!req.stopPrice) throw refuse(`a ${req.type.replace('_', '-')} order needs a stop price`);
    params.triggerPrice = checkPrice(req.stopPrice, 'stop price', rules, req.symbol, fmt);
    referencePrice ??= req.stopPrice;
  }
  // Market orders have no price to check the order value against: the exchange checks it.
  if (referencePrice) {
    const notional = qty.times(referencePrice);
    if (notional.lt(rules.minNotional)) {
      throw refuse(
        `the order value ${decStr(notional)} ${rules.quote} is below ${req.symbol}'s minimum of ${decStr(rules.minNotional)} ${rules.quote}`,
      );
    }
    if (rules.maxNotional && notional.gt(rules.maxNotional)) {
      throw refuse(`the order value ${decStr(notional)} ${rules.quote} is above ${req.symbol}'s maximum of ${decStr(rules.maxNotional)} ${rules.quote}`);
    }
  }

  if (isLimit) {
    if (req.tif === 'day') {
      throw refuse(`${venue} has no day orders; choose ${capabilities.timeInForce.map((t) => t.toUpperCase()).join(', ')}`);
    }
    if (!capabilities.timeInForce.includes(req.tif)) throw refuse(`${venue} does not take ${req.tif.toUpperCase()} orders`);
    params.timeInForce = req.tif.toUpperCase();
  }
  // Market and stop-market orders take no time in force on spot exchanges: they execute what
  // they can at once and the rest expires (IOC). All-or-nothing cannot be promised for them.
  if (!isLimit && req.tif === 'fok') throw refuse(`${venue} market orders fill what they can at once (IOC); all-or-nothing (FOK) is only available for limit orders`);

  return { symbol: req.symbol, type: isLimit ? 'limit' : 'market', side: req.side, amount, price, params };
}

function checkPrice(value: Decimal, what: string, rules: MarketRules, symbol: string, fmt: PrecisionFormatter): string {
  if (value.lte(0)) throw refuse(`the ${what} must be more than zero`);
  if (!isMultipleOf(value, rules.tickSize)) {
    const down = value.div(rules.tickSize).floor().times(rules.tickSize);
    throw refuse(
      `${what} ${decStr(value)} is not a multiple of ${symbol}'s tick size ${decStr(rules.tickSize)}; ` +
        `the nearest valid prices are ${decStr(down)} and ${decStr(down.plus(rules.tickSize))}`,
    );
  }
  if (rules.minPrice && value.lt(rules.minPrice)) throw refuse(`${what} ${decStr(value)} is below ${symbol}'s minimum price of ${decStr(rules.minPrice)}`);
  if (rules.maxPrice && value.gt(rules.maxPrice)) throw refuse(`${what} ${decStr(value)} is above ${symbol}'s maximum price of ${decStr(rules.maxPrice)}`);
  return exactly(() => fmt.priceToPrecision(symbol, decStr(value)), value, what);
}

/**
 * ccxt's createOrder takes amount and price as JavaScript numbers. A double holds 15
 * significant digits exactly; a value with more would reach the exchange changed.
 */
function asNumber(formatted: string, expected: Decimal, what: string): number {
  const n = Number(formatted);
  if (!decimalOf(n)?.eq(expected)) throw refuse(`the ${what} ${decStr(expected)} has more digits than can be sent exactly`);
  return n;
}

/**
 * ccxt's own formatting must give back exactly the value we checked; if it would round it
 * (a precision mode we read differently, a float artefact), the order is refused rather
 * than sent with a value the trader did not choose.
 */
function exactly(format: () => string, expected: Decimal, what: string): string {
  let formatted: string;
  try {
    formatted = format();
  } catch (err) {
    throw refuse(`the ${what} ${decStr(expected)} cannot be expressed on this market (${err instanceof Error ? err.message : String(err)})`);
  }
  const back = decimalOf(formatted);
  if (!back || !back.eq(expected)) throw refuse(`the exchange would round the ${what} ${decStr(expected)} to ${formatted}; the order was not sent`);
  return formatted;
}
