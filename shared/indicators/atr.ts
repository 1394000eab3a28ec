import { WilderAverage } from './ema';
import { requirePeriod, type Indicator } from './types';

/**
 * Wilder's Average True Range as TA-Lib computes it (and as risk/sizing.ts does with
 * decimals): the true range max(high - low, |high - prevClose|, |low - prevClose|) starts
 * at the second bar, because the first has no previous close; the first ATR is the mean of
 * the first `period` true ranges, then ATR = (ATR * (period - 1) + TR) / period. So the
 * first value is at update number period + 1.
 */
export class Atr implements Indicator {
  readonly period: number;
  private readonly average: WilderAverage;
  private previousClose = Number.NaN;
  private seenFirst = false;

  constructor(period = 14) {
    requirePeriod('ATR', period);
    this.period = period;
    this.average = new WilderAverage(period);
  }

  get value(): number {
    return this.average.value;
  }

  get ready(): boolean {
    return this.average.ready;
  }

  update(high: number, low: number, close: number): number {
    if (!this.seenFirst) {
      this.seenFirst = true;
      this.previousClose = close;
      return this.average.value;
    }
    const trueRange = Math.max(high - low, Math.abs(high - this.previousClose), Math.abs(low - this.previousClose));
    this.previousClose = close;
    return this.average.update(trueRange);
  }

  reset(): void {
    this.average.reset();
    this.previousClose = Number.NaN;
    this.seenFirst = false;
  }
}
