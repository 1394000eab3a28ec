import { directionOf, formatSignedMoney, formatPercent } from '../lib/format';

/** A P&L amount, green when positive and red when negative. */
export function SignedMoney({ value, currency }: { value: string | null | undefined; currency?: string }) {
  return <span className={`num ${directionOf(value)}`}>{formatSignedMoney(value, currency)}</span>;
}

/** A change as a percentage of a fraction, colored by direction. */
export function SignedPercent({ fraction }: { fraction: number | null | undefined }) {
  return <span className={`num ${directionOf(fraction ?? null)}`}>{formatPercent(fraction)}</span>;
}
