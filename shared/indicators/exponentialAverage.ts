import { requirePeriod } from './types';

/**
 * The recursion shared by EMA and Wilder's average: seeded with the plain mean of the first
 * `period` values (as TA-Lib does, so outputs match it from the first one), then
 * value += alpha * (x - value). NaN for the first period - 1 updates.
 */
export class SeededExponentialAverage {
  readonly period: number;
  readonly alpha: number;
  private count = 0;
  private seedSum = 0;
  private current = Number.NaN;

  constructor(what: string, period: number, alpha: number) {
    requirePeriod(what, period);
    this.period = period;
    this.alpha = alpha;
  }

  get value(): number {
    return this.current;
  }

  get ready(): boolean {
    return this.count >= this.period;
  }

  update(x: number): number {
    if (this.count >= this.period) {
      this.current += this.alpha * (x - this.current);
      return this.current;
    }
    this.count++;
    this.seedSum += x;
    if (this.count === this.period) this.current = this.seedSum / this.period;
    return this.current;
  }

  /** Replaces the value and marks the average warm; MACD uses it to align its fast EMA with TA-Lib. */
  seed(value: number): void {
    this.count = this.period;
    this.current = value;
  }

  reset(): void {
    this.count = 0;
    this.seedSum = 0;
    this.current = Number.NaN;
  }
}
