import { Ema } from './ema';
import { Sma } from './sma';
import { requirePeriod, type SeriesIndicator } from './types';

/**
 * MACD with TA-Lib's alignment:
 * - slow EMA: seeded with the SMA of the first `slow` values (first at update `slow`);
 * - fast EMA: TA-Lib starts it on the same bar as the slow one, seeded with the SMA of the
 *   last `fast` values there (not with the SMA of the first `fast`), so this does the same;
 * - line = fast EMA - slow EMA, from update `slow` on (`value`, returned by update);
 * - signal = EMA(signalPeriod) of the line, seeded with the mean of its first
 *   `signalPeriod` values, so from update slow + signalPeriod - 1 on;
 * - histogram = line - signal.
 * TA-Lib reports all three only from the signal's first bar; the line is exposed earlier here.
 */
export class Macd implements SeriesIndicator {
  readonly fastPeriod: number;
  readonly slowPeriod: number;
  readonly signalPeriod: number;
  /** Only for the fast EMA's seed on the slow EMA's first bar. */
  private readonly fastSeed: Sma;
  private readonly fast: Ema;
  private readonly slow: Ema;
  private readonly signalEma: Ema;
  private line = Number.NaN;
  private signalValue = Number.NaN;
  private histogramValue = Number.NaN;

  constructor(fastPeriod = 12, slowPeriod = 26, signalPeriod = 9) {
    requirePeriod('MACD fast', fastPeriod);
    requirePeriod('MACD slow', slowPeriod, 2);
    requirePeriod('MACD signal', signalPeriod);
    if (fastPeriod >= slowPeriod) throw new RangeError(`MACD fast period (${fastPeriod}) must be shorter than its slow period (${slowPeriod})`);
    this.fastPeriod = fastPeriod;
    this.slowPeriod = slowPeriod;
    this.signalPeriod = signalPeriod;
    this.fastSeed = new Sma(fastPeriod);
    this.fast = new Ema(fastPeriod);
    this.slow = new Ema(slowPeriod);
    this.signalEma = new Ema(signalPeriod);
  }

  /** The MACD line. */
  get value(): number {
    return this.line;
  }

  get macd(): number {
    return this.line;
  }

  get signal(): number {
    return this.signalValue;
  }

  get histogram(): number {
    return this.histogramValue;
  }

  /** True once line, signal and histogram are all defined. */
  get ready(): boolean {
    return this.signalEma.ready;
  }

  update(x: number): number {
    const slow = this.slow.update(x);
    if (this.fast.ready) this.fast.update(x);
    else {
      const seed = this.fastSeed.update(x);
      if (!this.slow.ready) return this.line;
      this.fast.seed(seed);
    }
    this.line = this.fast.value - slow;
    this.signalValue = this.signalEma.update(this.line);
    this.histogramValue = this.line - this.signalValue;
    return this.line;
  }

  reset(): void {
    this.fastSeed.reset();
    this.fast.reset();
    this.slow.reset();
    this.signalEma.reset();
    this.line = Number.NaN;
    this.signalValue = Number.NaN;
    this.histogramValue = Number.NaN;
  }
}
