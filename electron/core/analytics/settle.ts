import { Decimal } from '../domain/decimal';

/**
 * Decimal division is rounded to 40 significant digits (domain/decimal.ts), so average costs
 * and pro-rata fee splits carry noise around the 30th decimal. Summed, that noise can move
 * an exact half cent (35.915) to 35.91499...9 and flip the rounding to cents. Settling a
 * divided amount to 24 decimal places removes the noise and keeps every real digit
 * (8-decimal quantities times 8-decimal prices have 16), and amounts with at most 24
 * decimals add and subtract exactly.
 */
export const SETTLED_PLACES = 24;

export function settle(d: Decimal): Decimal {
  return d.toDecimalPlaces(SETTLED_PLACES, Decimal.ROUND_HALF_EVEN);
}
