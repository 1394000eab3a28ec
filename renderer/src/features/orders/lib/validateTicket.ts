import type { Instrument, OrderType, Side } from '../../../../../shared/contract';
import { compareDecimals, isMultipleOf, parseDecimal, signOf, type Decimal } from '../../../lib/decimal';

export interface TicketValues {
  side: Side;
  type: Extract<OrderType, 'market' | 'limit'>;
  qty: string;
  limitPrice: string;
}

/** Field name -> message, keyed like the engine's `fields` (qty, limitPrice, symbol). */
export type TicketErrors = Partial<Record<'qty' | 'limitPrice' | 'symbol', string>>;

/** Beyond this a quantity is a typo, not an order (the engine applies its own limits too). */
export const MAX_TICKET_QTY = parseDecimal('1000000') as Decimal;

function checkQty(text: string, instrument: Instrument | undefined): string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return 'Enter a quantity.';
  const qty = parseDecimal(trimmed);
  if (!qty) return 'Quantity must be a number, for example 10.';
  const sign = signOf(qty);
  if (sign === 0) return 'Quantity must be greater than zero.';
  if (sign < 0) return 'Quantity cannot be negative. To sell, choose Sell.';
  if (compareDecimals(qty, MAX_TICKET_QTY) > 0) return 'Quantity is too large (at most 1,000,000 per order).';
  if (!instrument) return undefined;
  const minQty = parseDecimal(instrument.minQty);
  if (minQty && compareDecimals(qty, minQty) < 0) return `Quantity must be at least ${instrument.minQty}.`;
  const lot = parseDecimal(instrument.lotSize);
  if (lot && !isMultipleOf(qty, lot)) {
    return instrument.lotSize === '1'
      ? `${instrument.symbol} trades in whole units.`
      : `Quantity must be a multiple of ${instrument.lotSize}.`;
  }
  return undefined;
}

function checkLimitPrice(text: string, instrument: Instrument | undefined): string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return 'Enter a limit price for a limit order.';
  const price = parseDecimal(trimmed);
  if (!price) return 'Limit price must be a number, for example 101.25.';
  if (signOf(price) <= 0) return 'Limit price must be greater than zero.';
  const tick = instrument ? parseDecimal(instrument.tickSize) : null;
  if (tick && instrument && !isMultipleOf(price, tick)) {
    return `Limit price must be a multiple of the tick size ${instrument.tickSize}.`;
  }
  return undefined;
}

/**
 * What the ticket can tell before sending. It is a convenience, not a guard: the engine
 * validates every order again and its answer is the one that counts.
 */
export function validateTicket(values: TicketValues, instrument: Instrument | undefined): TicketErrors {
  const errors: TicketErrors = {};
  const qty = checkQty(values.qty, instrument);
  if (qty) errors.qty = qty;
  if (values.type === 'limit') {
    const limitPrice = checkLimitPrice(values.limitPrice, instrument);
    if (limitPrice) errors.limitPrice = limitPrice;
  }
  if (instrument && !instrument.tradable) errors.symbol = `${instrument.symbol} is not tradable right now.`;
  return errors;
}

export function hasErrors(errors: TicketErrors): boolean {
  return Object.values(errors).some(Boolean);
}
