import { RollingMoments } from './rollingMoments';
import { requirePeriod, type SeriesIndicator } from './types';

/**
 * Bollinger Bands like TA-Lib's BBANDS with an SMA: mid = SMA(period) of the values up to and
 * including the current one, upper/lower = mid +/- k * population standard deviation of the
 * same window. `value` (and update's result) is the mid; NaN until `period` values.
 */
export class Bollinger implements SeriesIndicator {
  readonly period: number;
  readonly k: number;
  private readonly moments: RollingMoments;
  private midValue = Number.NaN;
  private upperValue = Number.NaN;
  private lowerValue = Number.NaN;

  constructor(period = 20, k = 2) {
    requirePeriod('Bollinger', period);
    if (!Number.isFinite(k) || k < 0) throw new RangeError(`Bollinger band width must be a non-negative number of standard deviations, not ${k}`);
    this.period = period;
    this.k = k;
    this.moments = new RollingMoments(period);
  }

  get value(): number {
    return this.midValue;
  }

  get mid(): number {
    return this.midValue;
  }

  get upper(): number {
    return this.upperValue;
  }

  get lower(): number {
    return this.lowerValue;
  }

  get ready(): boolean {
    return this.moments.ready;
  }

  update(x: number): number {
    this.moments.update(x);
    if (!this.moments.ready) return this.midValue;
    const width = this.k * Math.sqrt(this.moments.variance);
    this.midValue = this.moments.mean;
    this.upperValue = this.midValue + width;
    this.lowerValue = this.midValue - width;
    return this.midValue;
  }

  reset(): void {
    this.moments.reset();
    this.midValue = Number.NaN;
    this.upperValue = Number.NaN;
    this.lowerValue = Number.NaN;
  }
}
