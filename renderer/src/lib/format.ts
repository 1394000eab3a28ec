import { decimalsOf, parseDecimal, signOf, toFixedText } from './decimal';

/**
 * Display-only formatting. Decimal strings from the engine go to Intl as strings, which
 * formats them exactly (no float round-trip); the renderer never sums money itself.
 */
type DecimalLike = string | number;

const formatters = new Map<string, Intl.NumberFormat>();

function numberFormat(key: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat('en-US', options);
    formatters.set(key, formatter);
  }
  return formatter;
}

function asIntlValue(value: DecimalLike): number | Intl.StringNumericLiteral {
  return typeof value === 'number' ? value : (value as Intl.StringNumericLiteral);
}

export const EMPTY_VALUE = '—';

/** $12,345.67 (or the given currency). */
export function formatMoney(value: DecimalLike | null | undefined, currency = 'USD'): string {
  if (value === null || value === undefined || value === '') return EMPTY_VALUE;
  return numberFormat(`money:${currency}`, {
    style: 'currency',
    currency,
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  }).format(asIntlValue(value));
}

/** +$12.34 / −$12.34 / $0.00: for P&L, where the sign is the point. */
export function formatSignedMoney(value: DecimalLike | null | undefined, currency = 'USD'): string {
  if (value === null || value === undefined || value === '') return EMPTY_VALUE;
  return numberFormat(`signed-money:${currency}`, {
    style: 'currency',
    currency,
    signDisplay: 'exceptZero',
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  }).format(asIntlValue(value));
}

/** A price with a fixed number of decimals (from the instrument's tick size). */
export function formatPrice(value: DecimalLike | null | undefined, decimals = 2): string {
  if (value === null || value === undefined || value === '') return EMPTY_VALUE;
  return numberFormat(`price:${decimals}`, {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  }).format(asIntlValue(value));
}

/** A price from the engine shown as precise as it is (2 to 6 decimals): average and fill prices. */
export function formatExactPrice(value: DecimalLike | null | undefined): string {
  if (value === null || value === undefined || value === '') return EMPTY_VALUE;
  return numberFormat('exact-price', { minimumFractionDigits: 2, maximumFractionDigits: 6 }).format(asIntlValue(value));
}

/** Quantities keep their own precision (fractional crypto) but drop trailing zeros. */
export function formatQty(value: DecimalLike | null | undefined): string {
  if (value === null || value === undefined || value === '') return EMPTY_VALUE;
  return numberFormat('qty', { maximumFractionDigits: 8 }).format(asIntlValue(value));
}

/** +1.23% from a fraction (0.0123). */
export function formatPercent(fraction: number | null | undefined): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return EMPTY_VALUE;
  return numberFormat('percent', {
    style: 'percent',
    signDisplay: 'exceptZero',
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  }).format(fraction);
}

/** Compact volume: 12.3K, 4.5M. */
export function formatVolume(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return EMPTY_VALUE;
  return numberFormat('volume', { notation: 'compact', maximumFractionDigits: 2 }).format(value);
}

export type Direction = 'up' | 'down' | 'flat';

/** Up, down or flat from a decimal string's sign, without a float. */
export function directionOf(value: DecimalLike | null | undefined): Direction {
  if (value === null || value === undefined) return 'flat';
  if (typeof value === 'number') return value > 0 ? 'up' : value < 0 ? 'down' : 'flat';
  const parsed = parseDecimal(value);
  if (!parsed) return 'flat';
  const sign = signOf(parsed);
  return sign > 0 ? 'up' : sign < 0 ? 'down' : 'flat';
}

/** Decimals to show for an instrument's prices, from its tick size. */
export function priceDecimals(tickSize: string | undefined): number {
  return tickSize ? Math.max(2, decimalsOf(tickSize)) : 2;
}

/** Rounds a decimal string to a tick's decimals for display; keeps the input when unparsable. */
export function roundToDecimals(value: string, decimals: number): string {
  const parsed = parseDecimal(value);
  return parsed ? toFixedText(parsed, decimals) : value;
}

const timeFormat = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});
const dateTimeFormat = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

export function formatTime(epochMs: number): string {
  return timeFormat.format(epochMs);
}

export function formatDateTime(epochMs: number): string {
  return dateTimeFormat.format(epochMs);
}
