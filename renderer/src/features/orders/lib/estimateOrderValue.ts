import type { Instrument } from '../../../../../shared/contract';
import { decimalFromNumber, multiplyDecimals, parseDecimal, signOf, toFixedText } from '../../../lib/decimal';
import { needsLimitPrice, type TicketValues } from './validateTicket';

/**
 * Quantity times the limit price (limit, stop-limit), the stop price (stop), or the last
 * price (market, trailing stop), as an exact decimal string with cents. Null when either
 * side is not a positive number yet, or the ticket knows no last price (broker symbols).
 */
export function estimateOrderValue(values: TicketValues, instrument: Instrument | undefined): string | null {
  const qty = parseDecimal(values.qty);
  if (!qty || signOf(qty) <= 0) return null;
  const price = needsLimitPrice(values.type)
    ? parseDecimal(values.limitPrice)
    : values.type === 'stop'
      ? parseDecimal(values.stopPrice)
      : instrument?.lastPrice !== null && instrument?.lastPrice !== undefined
        ? decimalFromNumber(instrument.lastPrice)
        : null;
  if (!price || signOf(price) <= 0) return null;
  return toFixedText(multiplyDecimals(qty, price), 2);
}
