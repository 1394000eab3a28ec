import { Ema } from '../../../shared/indicators/ema';
import { Sma } from '../../../shared/indicators/sma';
import type { SeriesIndicator } from '../../../shared/indicators/types';
import { resolveParams, type BarSeries, type ParamValues, type StrategyContext, type StrategyDefinition, type StrategyInstance } from './api';
import { ALLOW_SHORT_PARAM, boolParam, enumParam, numberParam } from './params';
import { WARM_UP_GATE, formatNumber } from './trace';

const AVERAGE_KINDS = ['sma', 'ema'] as const;
type AverageKind = (typeof AVERAGE_KINDS)[number];

interface MaCrossSettings {
  fast: number;
  slow: number;
  kind: AverageKind;
  allowShort: boolean;
}

function settingsOf(p: ParamValues): MaCrossSettings {
  return {
    fast: numberParam(p, 'fast'),
    slow: numberParam(p, 'slow'),
    kind: enumParam(p, 'kind', AVERAGE_KINDS),
    allowShort: boolParam(p, 'allowShort'),
  };
}

function average(kind: AverageKind, period: number): SeriesIndicator {
  return kind === 'ema' ? new Ema(period) : new Sma(period);
}

/**
 * Moving-average cross, decided at each bar's close:
 * - crossed above: previous bar fast <= slow and this bar fast > slow -> target +1;
 * - crossed below: previous bar fast >= slow and this bar fast < slow -> target 0, or -1
 *   with allowShort;
 * - otherwise no call to target (the last intent stands).
 * Both averages must be defined on this bar and the previous one, so the first decision is
 * at bar index `slow` (the slow average's first value is at slow - 1).
 */
class MaCross implements StrategyInstance {
  private readonly fast: SeriesIndicator;
  private readonly slow: SeriesIndicator;
  private readonly belowUnits: number;
  private readonly warmup: number;
  private previousFast = Number.NaN;
  private previousSlow = Number.NaN;
  private barsSeen = 0;
  // Built once so that a decision allocates nothing.
  private readonly fastLabel: string;
  private readonly slowLabel: string;
  private readonly reasonAbove: string;
  private readonly reasonBelow: string;

  constructor(s: MaCrossSettings) {
    this.fast = average(s.kind, s.fast);
    this.slow = average(s.kind, s.slow);
    this.belowUnits = s.allowShort ? -1 : 0;
    this.warmup = s.slow;
    const name = s.kind.toUpperCase();
    this.fastLabel = `${name}(${s.fast})`;
    this.slowLabel = `${name}(${s.slow})`;
    this.reasonAbove = `${this.fastLabel} crossed above ${this.slowLabel}: long`;
    this.reasonBelow = `${this.fastLabel} crossed below ${this.slowLabel}: ${s.allowShort ? 'short' : 'flat'}`;
  }

  onBar(bars: BarSeries, i: number, ctx: StrategyContext): void {
    const close = bars.c[i]!;
    const fast = this.fast.update(close);
    const slow = this.slow.update(close);
    const previousFast = this.previousFast;
    const previousSlow = this.previousSlow;
    this.previousFast = fast;
    this.previousSlow = slow;
    this.barsSeen++;

    if (Number.isNaN(fast) || Number.isNaN(slow) || Number.isNaN(previousFast) || Number.isNaN(previousSlow)) {
      if (ctx.tracing) this.traceWarmup(ctx);
      return;
    }
    const crossedAbove = previousFast <= previousSlow && fast > slow;
    const crossedBelow = previousFast >= previousSlow && fast < slow;
    if (ctx.tracing) this.traceDecision(ctx, fast, slow, previousFast, previousSlow, crossedAbove, crossedBelow);
    if (crossedAbove) ctx.target(1, this.reasonAbove);
    else if (crossedBelow) ctx.target(this.belowUnits, this.reasonBelow);
  }

  private traceWarmup(ctx: StrategyContext): void {
    ctx.gate({
      gate: WARM_UP_GATE,
      passed: false,
      detail: `${this.slowLabel} on this bar and the previous one needs ${this.warmup + 1} bars; ${this.barsSeen} seen`,
      value: this.barsSeen,
      threshold: this.warmup + 1,
    });
  }

  private traceDecision(ctx: StrategyContext, fast: number, slow: number, previousFast: number, previousSlow: number, above: boolean, below: boolean): void {
    ctx.gate({ gate: WARM_UP_GATE, passed: true, detail: `${this.barsSeen} bars seen` });
    const relation = fast > slow ? 'above' : fast < slow ? 'below' : 'equal to';
    ctx.gate({
      gate: 'signal',
      passed: true,
      detail: `${this.fastLabel} ${formatNumber(fast)} ${relation} ${this.slowLabel} ${formatNumber(slow)} (previous bar ${formatNumber(previousFast)} vs ${formatNumber(previousSlow)})`,
      value: fast,
      threshold: slow,
    });
    const detail = above ? 'crossed up' : below ? 'crossed down' : `no cross: ${this.fastLabel} stayed ${relation} ${this.slowLabel}`;
    ctx.gate({ gate: 'cross', passed: above || below, detail, value: fast - slow, threshold: 0 });
  }
}

export const maCross: StrategyDefinition = {
  id: 'ma-cross',
  name: 'Moving-average cross',
  description:
    'Goes long one unit at the close of the bar where the fast moving average crosses above the slow one, and flat (or short) where it crosses below.',
  params: [
    { name: 'fast', label: 'Fast period', kind: 'int', default: 10, min: 1, max: 500, step: 1, help: 'Bars in the fast moving average.' },
    { name: 'slow', label: 'Slow period', kind: 'int', default: 30, min: 2, max: 2000, step: 1, help: 'Bars in the slow moving average; longer than the fast one.' },
    { name: 'kind', label: 'Average', kind: 'enum', default: 'sma', options: AVERAGE_KINDS, help: 'Simple or exponential (seeded with the simple average, like TA-Lib).' },
    ALLOW_SHORT_PARAM,
  ],
  validate(p) {
    const fast = p.fast;
    const slow = p.slow;
    if (typeof fast === 'number' && typeof slow === 'number' && fast >= slow) {
      return `The fast period (${fast}) must be shorter than the slow period (${slow})`;
    }
    return null;
  },
  warmup(p) {
    return settingsOf(resolveParams(maCross, p)).slow;
  },
  create(p) {
    return new MaCross(settingsOf(resolveParams(maCross, p)));
  },
};
