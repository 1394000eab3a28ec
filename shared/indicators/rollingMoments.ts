import { RingBuffer } from './ringBuffer';
import { requirePeriod } from './types';

/**
 * Mean and population variance of the last `period` values in O(1) amortised.
 *
 * Not sum-of-squares minus square-of-sum (TA-Lib's way): with prices around 1e4 and a small
 * spread that cancels catastrophically. Instead Welford's update while filling and its
 * sliding form once full (replace `old` by `x`: mean' = mean + (x - old) / n,
 * M2' = M2 + (x - old) * (x - mean' + old - mean)), re-computed exactly (two passes over
 * the window) each time the ring wraps so rounding never accumulates past one window.
 */
export class RollingMoments {
  readonly period: number;
  private readonly window: RingBuffer;
  private meanValue = 0;
  /** Sum of squared deviations from the mean over the window. */
  private m2 = 0;

  constructor(period: number) {
    requirePeriod('Window', period);
    this.period = period;
    this.window = new RingBuffer(period);
  }

  get ready(): boolean {
    return this.window.full;
  }

  /** Mean of the window; NaN until full. */
  get mean(): number {
    return this.window.full ? this.meanValue : Number.NaN;
  }

  /** Population variance (divides by n, like TA-Lib's STDDEV); NaN until full. */
  get variance(): number {
    if (!this.window.full) return Number.NaN;
    return this.m2 > 0 ? this.m2 / this.period : 0;
  }

  update(x: number): void {
    if (this.window.full) {
      const old = this.window.oldest;
      const previousMean = this.meanValue;
      this.meanValue += (x - old) / this.period;
      this.m2 += (x - old) * (x - this.meanValue + old - previousMean);
      this.window.push(x);
    } else {
      this.window.push(x);
      const delta = x - this.meanValue;
      this.meanValue += delta / this.window.size;
      this.m2 += delta * (x - this.meanValue);
    }
    if (this.window.wrapped) this.recompute();
  }

  reset(): void {
    this.window.clear();
    this.meanValue = 0;
    this.m2 = 0;
  }

  private recompute(): void {
    const n = this.window.size;
    const mean = this.window.sum() / n;
    let m2 = 0;
    for (let k = 0; k < n; k++) {
      const d = this.window.at(k) - mean;
      m2 += d * d;
    }
    this.meanValue = mean;
    this.m2 = m2;
  }
}
