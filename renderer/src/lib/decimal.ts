/**
 * Just enough exact decimal arithmetic for the renderer (estimated cost, ticket checks,
 * signs of P&L) without turning money into binary floats. A value is an integer count of
 * 10^-scale units held in a BigInt.
 */
export interface Decimal {
  readonly units: bigint;
  readonly scale: number;
}

const DECIMAL_TEXT = /^([+-])?(\d*)(?:\.(\d*))?$/;

/** Parses "12", "-0.5", "3.", ".25" (what people type); null for anything else. */
export function parseDecimal(text: string): Decimal | null {
  const match = DECIMAL_TEXT.exec(text.trim());
  if (!match) return null;
  const [, sign, whole = '', fraction = ''] = match;
  if (whole === '' && fraction === '') return null;
  const digits = `${whole}${fraction}`.replace(/^0+(?=\d)/, '') || '0';
  const units = BigInt(digits);
  return { units: sign === '-' ? -units : units, scale: fraction.length };
}

/** A float from a chart or an instrument's last price, rounded to `places` decimals. */
export function decimalFromNumber(value: number, places = 8): Decimal | null {
  if (!Number.isFinite(value)) return null;
  return parseDecimal(value.toFixed(places));
}

function rescale(value: Decimal, scale: number): bigint {
  return value.units * 10n ** BigInt(scale - value.scale);
}

export function compareDecimals(a: Decimal, b: Decimal): -1 | 0 | 1 {
  const scale = Math.max(a.scale, b.scale);
  const left = rescale(a, scale);
  const right = rescale(b, scale);
  return left < right ? -1 : left > right ? 1 : 0;
}

export function multiplyDecimals(a: Decimal, b: Decimal): Decimal {
  return { units: a.units * b.units, scale: a.scale + b.scale };
}

export function signOf(value: Decimal): -1 | 0 | 1 {
  return value.units < 0n ? -1 : value.units > 0n ? 1 : 0;
}

/** True when `value` is a whole number of `step`s (lot size, tick size). A zero step accepts anything. */
export function isMultipleOf(value: Decimal, step: Decimal): boolean {
  if (step.units === 0n) return true;
  const scale = Math.max(value.scale, step.scale);
  return rescale(value, scale) % rescale(step, scale) === 0n;
}

/** Exact text with `places` decimals, rounding half away from zero. */
export function toFixedText(value: Decimal, places: number): string {
  let units = value.units;
  if (value.scale > places) {
    const divisor = 10n ** BigInt(value.scale - places);
    const quotient = units / divisor;
    const remainder = units % divisor;
    const roundsAway = (remainder < 0n ? -remainder : remainder) * 2n >= divisor;
    units = roundsAway ? quotient + (units < 0n ? -1n : 1n) : quotient;
  } else {
    units = units * 10n ** BigInt(places - value.scale);
  }
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(places + 1, '0');
  const whole = digits.slice(0, digits.length - places);
  const fraction = places > 0 ? `.${digits.slice(digits.length - places)}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/** The number of decimals a step such as a tick size ("0.01") implies. */
export function decimalsOf(step: string): number {
  const dot = step.indexOf('.');
  if (dot < 0) return 0;
  return step.slice(dot + 1).replace(/0+$/, '').length;
}
