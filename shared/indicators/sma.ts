import { RingBuffer } from './ringBuffer';
import { requirePeriod, type SeriesIndicator } from './types';

/**
 * Simple moving average of the last `period` values; NaN for the first period - 1 updates.
 *
 * Kept as a running sum (add the newcomer, subtract the value leaving). Running sums drift
 * over millions of bars, and badly after a price level change (1e6 -> 1), so the sum is
 * recomputed from the window each time the ring wraps: O(period) once every period
 * updates, O(1) amortised, and the error never outlives one window.
 */
export class Sma implements SeriesIndicator {
  readonly period: number;
  private readonly window: RingBuffer;
  private sum = 0;
  private current = Number.NaN;

  constructor(period: number) {
    requirePeriod('SMA', period);
    this.period = period;
    this.window = new RingBuffer(period);
  }

  get value(): number {
    return this.current;
  }

  get ready(): boolean {
    return this.window.full;
  }

  update(x: number): number {
    if (this.window.full) this.sum -= this.window.oldest;
    this.window.push(x);
    this.sum = this.window.wrapped ? this.window.sum() : this.sum + x;
    this.current = this.window.full ? this.sum / this.period : Number.NaN;
    return this.current;
  }

  reset(): void {
    this.window.clear();
    this.sum = 0;
    this.current = Number.NaN;
  }
}
