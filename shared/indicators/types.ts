/**
 * Shared shape of the incremental indicators.
 *
 * Every indicator is a small class that is fed one bar at a time through `update(...)`,
 * returns its new value (NaN until it has seen enough bars, "warm"), and keeps it in
 * `value`. Updates are O(1) (amortised where a window is re-summed) and allocate nothing:
 * all storage is allocated in the constructor, on Float64Array ring buffers.
 *
 * Inputs are expected to be finite. A NaN input is not rejected (that would cost a branch
 * per bar and the data layer already cleans bars); it makes the output NaN until it leaves
 * the window (windowed indicators) or for good (recursive ones such as EMA, RSI, ATR).
 */
export interface Indicator {
  /** Latest output; NaN until warm. */
  readonly value: number;
  /** True once `value` is defined. */
  readonly ready: boolean;
  /** Forgets every bar seen, as if newly constructed. */
  reset(): void;
}

/** An indicator over one number per bar (usually the close). */
export interface SeriesIndicator extends Indicator {
  update(x: number): number;
}

/** Throws unless `period` is a whole number of bars, at least `min`. */
export function requirePeriod(what: string, period: number, min = 1): void {
  if (!Number.isInteger(period) || period < min) {
    throw new RangeError(`${what} period must be a whole number of bars, at least ${min}, not ${period}`);
  }
}
