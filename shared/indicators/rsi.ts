import { WilderAverage } from './ema';
import { requirePeriod, type SeriesIndicator } from './types';

/**
 * Wilder's Relative Strength Index, as TA-Lib computes it: changes start at the second
 * value; the first average gain / loss is the plain mean of the first `period` changes, then
 * each is smoothed as avg = (avg * (period - 1) + change) / period; RSI = 100 * avgGain /
 * (avgGain + avgLoss). So the first value is at update number period + 1.
 *
 * One deliberate difference: when nothing moved over the window (avgGain = avgLoss = 0),
 * TA-Lib gives 0 and some charting tools 100; this gives 50, because a flat market is
 * neither oversold nor overbought and a reversion strategy must not buy it.
 */
export class Rsi implements SeriesIndicator {
  readonly period: number;
  private readonly gains: WilderAverage;
  private readonly losses: WilderAverage;
  private previous = Number.NaN;
  private seenFirst = false;
  private current = Number.NaN;

  constructor(period: number) {
    requirePeriod('RSI', period);
    this.period = period;
    this.gains = new WilderAverage(period);
    this.losses = new WilderAverage(period);
  }

  get value(): number {
    return this.current;
  }

  get ready(): boolean {
    return this.gains.ready;
  }

  update(x: number): number {
    if (!this.seenFirst) {
      this.seenFirst = true;
      this.previous = x;
      return this.current;
    }
    const change = x - this.previous;
    this.previous = x;
    const gain = this.gains.update(change > 0 ? change : 0);
    const loss = this.losses.update(change < 0 ? -change : 0);
    if (!this.gains.ready) return this.current;
    const total = gain + loss;
    this.current = total === 0 ? 50 : (100 * gain) / total;
    return this.current;
  }

  reset(): void {
    this.gains.reset();
    this.losses.reset();
    this.previous = Number.NaN;
    this.seenFirst = false;
    this.current = Number.NaN;
  }
}
