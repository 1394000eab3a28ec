import type { ExposureRow } from '../../../shared/contract/portfolio';
import { Decimal, ZERO, decStr } from '../domain/decimal';

/** An open position valued at its price (mark, or average cost without one). */
export interface ValuedPosition {
  symbol: string;
  /** Signed: negative is short. */
  qty: Decimal;
  price: Decimal;
}

export interface SymbolGroup {
  name: string;
  kind: string;
  symbols: readonly string[];
}

export const UNASSIGNED = 'Unassigned';

const cents = (d: Decimal) => decStr(d.toDecimalPlaces(2, Decimal.ROUND_HALF_UP));

/**
 * Long, short, net and gross market value per key. `short` is the absolute value of the
 * short side, so net = long - short and gross = long + short. A symbol with several keys
 * (in two groups) counts fully in each. Rows come largest gross first. Amounts are summed
 * exactly and rounded to cents once, at the end.
 */
export function exposureRows(positions: readonly ValuedPosition[], keysOf: (symbol: string) => readonly string[]): ExposureRow[] {
  const sums = new Map<string, { long: Decimal; short: Decimal }>();
  for (const p of positions) {
    if (p.qty.isZero()) continue;
    const value = p.qty.times(p.price);
    for (const key of keysOf(p.symbol)) {
      const row = sums.get(key) ?? { long: ZERO, short: ZERO };
      if (value.lt(0)) row.short = row.short.plus(value.abs());
      else row.long = row.long.plus(value);
      sums.set(key, row);
    }
  }
  return [...sums.entries()]
    .map(([key, { long, short }]) => ({ key, long, short, gross: long.plus(short) }))
    .sort((a, b) => b.gross.comparedTo(a.gross) || a.key.localeCompare(b.key))
    .map(({ key, long, short, gross }) => ({ key, long: cents(long), short: cents(short), net: cents(long.minus(short)), gross: cents(gross) }));
}

/** Sectors come from risk groups of kind 'sector'; a symbol in none is 'Unassigned'. */
export function sectorKeys(groups: readonly SymbolGroup[]): (symbol: string) => string[] {
  const sectors = groups.filter((g) => g.kind === 'sector');
  return (symbol) => {
    const names = sectors.filter((g) => g.symbols.includes(symbol)).map((g) => g.name);
    return names.length ? names : [UNASSIGNED];
  };
}
