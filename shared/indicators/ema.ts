import { SeededExponentialAverage } from './exponentialAverage';
import type { SeriesIndicator } from './types';

/**
 * Exponential moving average with alpha = 2 / (period + 1), seeded with the SMA of the first
 * `period` values like TA-Lib: the first value is at update number `period`, and equals
 * SMA(period) there. (pandas' ewm(adjust=False) seeds with the first value instead and so
 * differs early on; the difference decays by (1 - alpha) per bar.)
 */
export class Ema extends SeededExponentialAverage implements SeriesIndicator {
  constructor(period: number) {
    super('EMA', period, 2 / (period + 1));
  }
}

/**
 * Wilder's smoothing (a.k.a. RMA, SMMA): alpha = 1 / period, seeded with the plain mean of the
 * first `period` values, i.e. value = (previous * (period - 1) + x) / period. Used by RSI and ATR.
 */
export class WilderAverage extends SeededExponentialAverage implements SeriesIndicator {
  constructor(period: number) {
    super("Wilder's average", period, 1 / period);
  }
}
