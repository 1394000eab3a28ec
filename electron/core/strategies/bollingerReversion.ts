import { Bollinger } from '../../../shared/indicators/bollinger';
import { resolveParams, type BarSeries, type ParamValues, type StrategyContext, type StrategyDefinition, type StrategyInstance } from './api';
import { ALLOW_SHORT_PARAM, boolParam, numberParam } from './params';
import { RULE_GATE_NAMES, applyRules, nextTarget, traceRules, type RuleReasons } from './positionRules';
import { WARM_UP_GATE, formatNumber } from './trace';

interface BollingerSettings {
  period: number;
  k: number;
  allowShort: boolean;
}

function settingsOf(p: ParamValues): BollingerSettings {
  return { period: numberParam(p, 'period'), k: numberParam(p, 'k'), allowShort: boolParam(p, 'allowShort') };
}

/**
 * Bollinger mean reversion, decided at each bar's close with the bands of the `period` closes
 * up to and including it (SMA mid +/- k population standard deviations):
 * - flat: close < lower -> long; with allowShort, close > upper -> short;
 * - long: close >= mid -> flat (or short when also above the upper band, with allowShort);
 * - short: close <= mid -> flat (or long when also below the lower band).
 * Entries are strict, exits include the mid ("exit at the mid"). First decision at bar
 * index period - 1 (the bands' first value).
 */
class BollingerReversion implements StrategyInstance {
  private readonly bands: Bollinger;
  private readonly allowShort: boolean;
  private readonly reasons: RuleReasons;
  private readonly label: string;
  private held = 0;
  private barsSeen = 0;

  constructor(s: BollingerSettings) {
    this.bands = new Bollinger(s.period, s.k);
    this.allowShort = s.allowShort;
    this.label = `BB(${s.period}, ${s.k})`;
    this.reasons = {
      long: `close below the lower ${this.label} band: long`,
      short: `close above the upper ${this.label} band: short`,
      exitLong: `close back at the ${this.label} mid: exit long`,
      exitShort: `close back at the ${this.label} mid: exit short`,
    };
  }

  onBar(bars: BarSeries, i: number, ctx: StrategyContext): void {
    const close = bars.c[i]!;
    const mid = this.bands.update(close);
    this.barsSeen++;
    if (Number.isNaN(mid)) {
      if (ctx.tracing) {
        const needed = this.bands.period;
        ctx.gate({ gate: WARM_UP_GATE, passed: false, detail: `${this.label} needs ${needed} bars; ${this.barsSeen} seen`, value: this.barsSeen, threshold: needed });
      }
      return;
    }
    const upper = this.bands.upper;
    const lower = this.bands.lower;
    if (ctx.tracing) this.trace(ctx, close, lower, mid, upper);
    const next = nextTarget(this.held, this.allowShort, close < lower, close > upper, close >= mid, close <= mid);
    this.held = applyRules(ctx, this.held, next, this.reasons);
  }

  private trace(ctx: StrategyContext, close: number, lower: number, mid: number, upper: number): void {
    const c = `close ${formatNumber(close)}`;
    ctx.gate({ gate: WARM_UP_GATE, passed: true, detail: `${this.barsSeen} bars seen` });
    traceRules(ctx, this.held, this.allowShort, {
      longEntry: { gate: RULE_GATE_NAMES.longEntry, passed: close < lower, detail: `${c} vs lower band ${formatNumber(lower)}`, value: close, threshold: lower },
      shortEntry: { gate: RULE_GATE_NAMES.shortEntry, passed: close > upper, detail: `${c} vs upper band ${formatNumber(upper)}`, value: close, threshold: upper },
      exitLong: { gate: RULE_GATE_NAMES.exitLong, passed: close >= mid, detail: `${c} vs mid ${formatNumber(mid)} (exit at or above)`, value: close, threshold: mid },
      exitShort: { gate: RULE_GATE_NAMES.exitShort, passed: close <= mid, detail: `${c} vs mid ${formatNumber(mid)} (exit at or below)`, value: close, threshold: mid },
    });
  }
}

export const bollingerReversion: StrategyDefinition = {
  id: 'bollinger-reversion',
  name: 'Bollinger reversion',
  description: 'Goes long when the close falls below the lower Bollinger band and exits when it is back at the middle band.',
  params: [
    { name: 'period', label: 'Band period', kind: 'int', default: 20, min: 2, max: 1000, step: 1, help: 'Closes in the moving average and standard deviation.' },
    { name: 'k', label: 'Band width', kind: 'float', default: 2, min: 0.1, max: 10, step: 0.1, help: 'Standard deviations between the middle and each band.' },
    ALLOW_SHORT_PARAM,
  ],
  warmup(p) {
    return settingsOf(resolveParams(bollingerReversion, p)).period - 1;
  },
  create(p) {
    return new BollingerReversion(settingsOf(resolveParams(bollingerReversion, p)));
  },
};
