import { requirePeriod, type SeriesIndicator } from './types';

/**
 * Highest (or lowest) of the last `period` values in amortised O(1) per update, with a
 * monotonic deque: the window keeps only values that could still become the extreme, in
 * decreasing order, so the front is the answer. A lowest is the highest of the negated
 * values, which keeps one code path. NaN until `period` values have been seen.
 */
export class RollingExtreme implements SeriesIndicator {
  readonly period: number;
  /** +1 for the highest, -1 for the lowest: values are stored multiplied by it. */
  private readonly sign: number;
  private readonly values: Float64Array;
  /** Update number of each stored value (Float64 so it never overflows in a long run). */
  private readonly indices: Float64Array;
  private head = 0;
  private length = 0;
  private count = 0;
  private current = Number.NaN;

  constructor(period: number, extreme: 'highest' | 'lowest') {
    requirePeriod(extreme === 'highest' ? 'Highest' : 'Lowest', period);
    this.period = period;
    this.sign = extreme === 'highest' ? 1 : -1;
    this.values = new Float64Array(period);
    this.indices = new Float64Array(period);
  }

  get value(): number {
    return this.current;
  }

  get ready(): boolean {
    return this.count >= this.period;
  }

  update(x: number): number {
    const cap = this.period;
    const index = this.count++;
    const signed = this.sign * x;
    // Expire what left the window [index - period + 1, index]; afterwards at most period - 1 remain.
    while (this.length > 0 && this.indices[this.head]! <= index - cap) {
      this.head = this.head + 1 === cap ? 0 : this.head + 1;
      this.length--;
    }
    // Values not above the newcomer can never be the extreme again.
    while (this.length > 0) {
      let back = this.head + this.length - 1;
      if (back >= cap) back -= cap;
      if (this.values[back]! > signed) break;
      this.length--;
    }
    let slot = this.head + this.length;
    if (slot >= cap) slot -= cap;
    this.values[slot] = signed;
    this.indices[slot] = index;
    this.length++;
    this.current = this.count >= cap ? this.sign * this.values[this.head]! : Number.NaN;
    return this.current;
  }

  reset(): void {
    this.head = 0;
    this.length = 0;
    this.count = 0;
    this.current = Number.NaN;
  }
}
