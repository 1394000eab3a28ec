import { NO_VARIANCE } from './series';

/** A return per period, aligned by index across series; null (or a missing index) where a series has no observation. */
export type AlignedReturns = ReadonlyArray<number | null>;

/**
 * Pearson correlation over the periods where both series have a finite return
 * (pairwise-complete). Null with fewer than two such periods or when either side does not
 * vary over them: a constant series is not correlated with anything, not even itself.
 */
export function pearson(a: AlignedReturns, b: AlignedReturns): number | null {
  const n = Math.min(a.length, b.length);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    if (typeof x === 'number' && typeof y === 'number' && Number.isFinite(x) && Number.isFinite(y)) {
      xs.push(x);
      ys.push(y);
    }
  }
  if (xs.length < 2) return null;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < xs.length; i++) {
    mx += xs[i]!;
    my += ys[i]!;
  }
  mx /= xs.length;
  my /= ys.length;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < xs.length; i++) {
    const dx = xs[i]! - mx;
    const dy = ys[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  const sdx = Math.sqrt(sxx / (xs.length - 1));
  const sdy = Math.sqrt(syy / (ys.length - 1));
  if (!(sdx > NO_VARIANCE) || !(sdy > NO_VARIANCE)) return null;
  const r = sxy / Math.sqrt(sxx * syy);
  // Rounding can push a perfect correlation a hair past 1.
  return Number.isFinite(r) ? Math.max(-1, Math.min(1, r)) : null;
}

/** The symmetric matrix of pairwise correlations, rows and columns in the order of the keys. */
export function correlationMatrix(series: Readonly<Record<string, AlignedReturns>>): { symbols: string[]; matrix: Array<Array<number | null>> } {
  const symbols = Object.keys(series);
  const matrix = symbols.map(() => symbols.map((): number | null => null));
  for (let i = 0; i < symbols.length; i++) {
    for (let j = i; j < symbols.length; j++) {
      const r = pearson(series[symbols[i]!]!, series[symbols[j]!]!);
      matrix[i]![j] = r;
      matrix[j]![i] = r;
    }
  }
  return { symbols, matrix };
}
