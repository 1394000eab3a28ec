import type { Instrument } from '../../../../../shared/contract';
import { decimalFromNumber, multiplyDecimals, parseDecimal, signOf, toFixedText } from '../../../lib/decimal';
import type { TicketValues } from './validateTicket';

/**
 * Quantity times the limit price, or the last price for a market order, as an exact
 * decimal string with cents. Null when either side is not a positive number yet.
 */
export function estimateOrderValue(values: TicketValues, instrument: Instrument | undefined): string | null {
  const qty = parseDecimal(values.qty);
  if (!qty || signOf(qty) <= 0) return null;
  const price =
    values.type === 'limit'
      ? parseDecimal(values.limitPrice)
      : instrument?.lastPrice !== null && instrument?.lastPrice !== undefined
        ? decimalFromNumber(instrument.lastPrice)
        : null;
  if (!price || signOf(price) <= 0) return null;
  return toFixedText(multiplyDecimals(qty, price), 2);
}
