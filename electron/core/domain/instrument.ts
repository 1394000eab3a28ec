import type { Instrument } from '../../../shared/contract';
import { Decimal } from './decimal';

/** An instrument's trading rules as decimals, for validation and rounding. */
export interface TradingRules {
  symbol: string;
  tickSize: Decimal;
  lotSize: Decimal;
  minQty: Decimal;
  minNotional: Decimal;
  /** Beyond this a quantity is treated as a typing mistake, not an order. */
  maxQty: Decimal;
  tradable: boolean;
  shortable: boolean;
  quoteCurrency: string;
}

export const DEFAULT_MAX_QTY = new Decimal(10_000_000);

export function rulesOf(instrument: Instrument, maxQty: Decimal = DEFAULT_MAX_QTY): TradingRules {
  return {
    symbol: instrument.symbol,
    tickSize: new Decimal(instrument.tickSize),
    lotSize: new Decimal(instrument.lotSize),
    minQty: new Decimal(instrument.minQty),
    minNotional: new Decimal(instrument.minNotional),
    maxQty,
    tradable: instrument.tradable,
    shortable: instrument.shortable,
    quoteCurrency: instrument.quoteCurrency,
  };
}

/** Rounds a price to the tick: buys round down and sells round up never cross the user's intent; used for simulated fills. */
export function roundToTick(price: Decimal, tick: Decimal, mode: 'up' | 'down' | 'nearest'): Decimal {
  const rounding = mode === 'up' ? Decimal.ROUND_CEIL : mode === 'down' ? Decimal.ROUND_FLOOR : Decimal.ROUND_HALF_EVEN;
  return price.div(tick).toDecimalPlaces(0, rounding).times(tick);
}
