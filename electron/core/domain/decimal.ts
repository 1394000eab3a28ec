import DecimalJs from 'decimal.js';

/**
 * Money and quantities use decimal.js, never binary floats, wherever they are stored,
 * compared or summed (OMS, positions, accounting). 40 significant digits is far more
 * than any venue's precision; half-even rounding avoids bias when amounts are rounded.
 */
export const Decimal = DecimalJs.clone({ precision: 40, rounding: DecimalJs.ROUND_HALF_EVEN, toExpNeg: -40, toExpPos: 40 });
export type Decimal = InstanceType<typeof Decimal>;

export const ZERO = new Decimal(0);

export function dec(value: Decimal | string | number): Decimal {
  return value instanceof Decimal ? value : new Decimal(value);
}

/** Plain notation, no exponent, no trailing zeros: what the contract's DecimalString expects. */
export function decStr(value: Decimal): string {
  const s = value.toFixed();
  return s === '-0' ? '0' : s;
}

const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)$/;

/**
 * Parses what a person typed into a number field. Only plain decimal notation is
 * accepted: "1e3", "0x10", "Infinity", "NaN", "" and thousands separators are refused,
 * because a trader who typed them almost certainly did not mean what we would read.
 */
export function parseUserDecimal(raw: string | number): Decimal | null {
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return null;
    return new Decimal(raw);
  }
  const text = raw.trim();
  if (!PLAIN_NUMBER.test(text)) return null;
  return new Decimal(text);
}

/** True when value is a whole multiple of step (step > 0). */
export function isMultipleOf(value: Decimal, step: Decimal): boolean {
  return value.mod(step).isZero();
}
