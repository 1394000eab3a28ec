import { RollingExtreme } from './rollingExtreme';
import { requirePeriod, type Indicator } from './types';

/**
 * Donchian channel: upper = highest high, lower = lowest low over the last `period` bars,
 * value = their midpoint.
 *
 * After update(high, low) of bar i the channel INCLUDES bar i (bars i - period + 1 .. i):
 * the usual charting convention. A breakout compares bar i's close with the channel of the
 * PREVIOUS `period` bars (i - period .. i - 1), since a close can never exceed a high that
 * includes its own bar: read `upper` / `lower` BEFORE calling update for bar i. That
 * channel is ready from bar index `period` on.
 */
export class Donchian implements Indicator {
  readonly period: number;
  private readonly highest: RollingExtreme;
  private readonly lowest: RollingExtreme;
  private middle = Number.NaN;

  constructor(period: number) {
    requirePeriod('Donchian', period);
    this.period = period;
    this.highest = new RollingExtreme(period, 'highest');
    this.lowest = new RollingExtreme(period, 'lowest');
  }

  get value(): number {
    return this.middle;
  }

  get upper(): number {
    return this.highest.value;
  }

  get lower(): number {
    return this.lowest.value;
  }

  get ready(): boolean {
    return this.highest.ready;
  }

  /** Adds a bar; returns the midpoint of the channel including it. */
  update(high: number, low: number): number {
    const upper = this.highest.update(high);
    const lower = this.lowest.update(low);
    this.middle = (upper + lower) / 2;
    return this.middle;
  }

  reset(): void {
    this.highest.reset();
    this.lowest.reset();
    this.middle = Number.NaN;
  }
}
