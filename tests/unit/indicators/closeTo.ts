import { expect } from 'vitest';

/**
 * Equal within 1e-9 relative to the larger magnitude, with magnitudes below 1 compared
 * absolutely at 1e-9 (MACD lines and histograms are differences of prices and cannot be
 * relatively exact near zero). Two NaNs are equal: both sides say "not warm yet".
 */
export function closeTo(actual: number, expected: number, tolerance = 1e-9): boolean {
  if (Number.isNaN(actual) || Number.isNaN(expected)) return Number.isNaN(actual) && Number.isNaN(expected);
  return Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(actual), Math.abs(expected));
}

export function expectSeriesClose(actual: ArrayLike<number>, expected: ArrayLike<number>, what = 'series'): void {
  expect(actual.length, `${what} length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!closeTo(actual[i]!, expected[i]!)) {
      expect.fail(`${what}[${i}]: got ${actual[i]}, expected ${expected[i]}`);
    }
  }
}
