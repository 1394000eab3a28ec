import { requirePeriod } from './types';

/**
 * Fixed-capacity window of the last `capacity` numbers, oldest overwritten first. Backed by
 * one Float64Array, so pushing allocates nothing.
 */
export class RingBuffer {
  readonly capacity: number;
  private readonly data: Float64Array;
  /** Slot the next push writes to; when full it holds the oldest value. */
  private next = 0;
  private filled = 0;

  constructor(capacity: number) {
    requirePeriod('Window', capacity);
    this.capacity = capacity;
    this.data = new Float64Array(capacity);
  }

  get size(): number {
    return this.filled;
  }

  get full(): boolean {
    return this.filled === this.capacity;
  }

  /** The value the next push will overwrite once the window is full (the oldest one). */
  get oldest(): number {
    return this.full ? this.data[this.next]! : this.data[0]!;
  }

  /** True when the last push wrote the last slot: a cheap moment to re-sum the window. */
  get wrapped(): boolean {
    return this.next === 0 && this.filled > 0;
  }

  push(x: number): void {
    this.data[this.next] = x;
    this.next = this.next + 1 === this.capacity ? 0 : this.next + 1;
    if (this.filled < this.capacity) this.filled++;
  }

  /** The k-th value from the oldest (0 = oldest) among the `size` stored. */
  at(k: number): number {
    const start = this.full ? this.next : 0;
    const slot = start + k;
    return this.data[slot >= this.capacity ? slot - this.capacity : slot]!;
  }

  /** Exact sum of the stored values, in slot order: O(capacity), for periodic re-summing. */
  sum(): number {
    let total = 0;
    for (let k = 0; k < this.filled; k++) total += this.data[k]!;
    return total;
  }

  clear(): void {
    this.next = 0;
    this.filled = 0;
  }
}
