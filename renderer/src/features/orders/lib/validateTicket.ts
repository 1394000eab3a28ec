import type { Instrument, OrderClass, OrderType, Side, TimeInForce } from '../../../../../shared/contract';
import { compareDecimals, isMultipleOf, parseDecimal, signOf, type Decimal } from '../../../lib/decimal';

export type TrailUnit = 'price' | 'percent';

export interface TicketValues {
  side: Side;
  type: OrderType;
  tif: TimeInForce;
  orderClass: OrderClass;
  qty: string;
  limitPrice: string;
  stopPrice: string;
  /** The trailing stop's distance, as a price amount or a percent (trailUnit). */
  trail: string;
  trailUnit: TrailUnit;
  takeProfitPrice: string;
  stopLossPrice: string;
  stopLossLimitPrice: string;
}

/**
 * Fields the ticket shows an error next to, keyed like the engine's `fields`. trail is the
 * ticket's one input for the engine's trailPrice / trailPercent.
 */
export const TICKET_FIELDS = [
  'symbol',
  'type',
  'tif',
  'orderClass',
  'qty',
  'limitPrice',
  'stopPrice',
  'trail',
  'takeProfitPrice',
  'stopLossPrice',
  'stopLossLimitPrice',
] as const;
export type TicketField = (typeof TICKET_FIELDS)[number];
export type TicketErrors = Partial<Record<TicketField, string>>;

/** Beyond this a quantity is a typo, not an order (the engine applies its own limits too). */
export const MAX_TICKET_QTY = parseDecimal('1000000') as Decimal;

export const needsLimitPrice = (type: OrderType) => type === 'limit' || type === 'stop_limit';
export const needsStopPrice = (type: OrderType) => type === 'stop' || type === 'stop_limit';
export const hasExits = (orderClass: OrderClass) => orderClass !== 'simple';

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

/**
 * A price field: required or optional, a positive number, and on the tick where the ticket
 * knows the instrument (the paper session's symbols). For a broker account the engine holds
 * the venue's rules and names the field itself.
 */
function checkPrice(text: string, label: string, required: boolean, instrument: Instrument | undefined): string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return required ? `Enter a ${label.toLowerCase()}.` : undefined;
  const price = parseDecimal(trimmed);
  if (!price) return `${label} must be a number, for example 101.25.`;
  if (signOf(price) <= 0) return `${label} must be greater than zero.`;
  const tick = instrument ? parseDecimal(instrument.tickSize) : null;
  if (tick && instrument && !isMultipleOf(price, tick)) {
    return `${label} must be a multiple of the tick size ${instrument.tickSize}.`;
  }
  return undefined;
}

function checkTrail(values: TicketValues, instrument: Instrument | undefined): string | undefined {
  if (values.trailUnit === 'price') return checkPrice(values.trail, 'Trail amount', true, instrument);
  const trimmed = values.trail.trim();
  if (trimmed === '') return 'Enter how far the stop trails, in percent.';
  const percent = parseDecimal(trimmed);
  if (!percent || signOf(percent) <= 0) return 'Trail percent must be a number above 0, for example 1.5.';
  return undefined;
}

/**
 * What the ticket can tell before sending: a quantity and the prices the order type needs,
 * as numbers. It is a convenience, not a guard: the engine validates every order against
 * the account's venue (types, time in force, order classes, ticks, exits on the right side)
 * and its answer, which names the field, is the one that counts.
 */
export function validateTicket(values: TicketValues, instrument: Instrument | undefined): TicketErrors {
  const errors: TicketErrors = {};
  const set = (field: TicketField, message: string | undefined) => {
    if (message) errors[field] = message;
  };
  set('qty', checkQty(values.qty, instrument));
  if (needsLimitPrice(values.type)) {
    set('limitPrice', checkPrice(values.limitPrice, 'Limit price', true, instrument));
    if (errors.limitPrice === 'Enter a limit price.') errors.limitPrice = 'Enter a limit price for a limit order.';
  }
  if (needsStopPrice(values.type)) set('stopPrice', checkPrice(values.stopPrice, 'Stop price', true, instrument));
  if (values.type === 'trailing_stop') set('trail', checkTrail(values, instrument));
  if (hasExits(values.orderClass)) {
    // OTO has one exit of the two; bracket and OCO need both (the engine says which is missing).
    const bothRequired = values.orderClass !== 'oto';
    set('takeProfitPrice', checkPrice(values.takeProfitPrice, 'Take-profit price', bothRequired, instrument));
    set('stopLossPrice', checkPrice(values.stopLossPrice, 'Stop-loss price', bothRequired, instrument));
    set('stopLossLimitPrice', checkPrice(values.stopLossLimitPrice, 'Stop-loss limit price', false, instrument));
  }
  if (instrument && !instrument.tradable) errors.symbol = `${instrument.symbol} is not tradable right now.`;
  return errors;
}

export function hasErrors(errors: TicketErrors): boolean {
  return Object.values(errors).some(Boolean);
}
