import { Rsi } from '../../../shared/indicators/rsi';
import { resolveParams, type BarSeries, type ParamValues, type StrategyContext, type StrategyDefinition, type StrategyInstance } from './api';
import { ALLOW_SHORT_PARAM, boolParam, numberParam } from './params';
import { RULE_GATE_NAMES, applyRules, nextTarget, traceRules, type RuleReasons } from './positionRules';
import { WARM_UP_GATE, formatNumber } from './trace';

interface RsiReversionSettings {
  period: number;
  lower: number;
  upper: number;
  exitLevel: number;
  allowShort: boolean;
}

function settingsOf(p: ParamValues): RsiReversionSettings {
  return {
    period: numberParam(p, 'period'),
    lower: numberParam(p, 'lower'),
    upper: numberParam(p, 'upper'),
    exitLevel: numberParam(p, 'exitLevel'),
    allowShort: boolParam(p, 'allowShort'),
  };
}

/**
 * RSI mean reversion, decided at each bar's close on RSI(period) of the closes up to it:
 * - flat: RSI < lower -> long; with allowShort, RSI > upper -> short;
 * - long: RSI > exitLevel -> flat (exitLevel <= upper, so an overbought RSI always exits);
 *   with allowShort and RSI > upper -> straight to short;
 * - short: RSI < exitLevel -> flat; RSI < lower -> straight to long.
 * Comparisons are strict. First decision at bar index `period` (RSI's first value).
 */
class RsiReversion implements StrategyInstance {
  private readonly rsi: Rsi;
  private readonly s: RsiReversionSettings;
  private readonly reasons: RuleReasons;
  private readonly label: string;
  private held = 0;
  private barsSeen = 0;

  constructor(s: RsiReversionSettings) {
    this.s = s;
    this.rsi = new Rsi(s.period);
    this.label = `RSI(${s.period})`;
    this.reasons = {
      long: `${this.label} below ${s.lower}: long`,
      short: `${this.label} above ${s.upper}: short`,
      exitLong: `${this.label} above ${s.exitLevel}: exit long`,
      exitShort: `${this.label} below ${s.exitLevel}: exit short`,
    };
  }

  onBar(bars: BarSeries, i: number, ctx: StrategyContext): void {
    const rsi = this.rsi.update(bars.c[i]!);
    this.barsSeen++;
    if (Number.isNaN(rsi)) {
      if (ctx.tracing) {
        const needed = this.s.period + 1;
        ctx.gate({ gate: WARM_UP_GATE, passed: false, detail: `${this.label} needs ${needed} bars; ${this.barsSeen} seen`, value: this.barsSeen, threshold: needed });
      }
      return;
    }
    const s = this.s;
    const longEntry = rsi < s.lower;
    const shortEntry = rsi > s.upper;
    if (ctx.tracing) this.trace(ctx, rsi);
    const next = nextTarget(this.held, s.allowShort, longEntry, shortEntry, rsi > s.exitLevel, rsi < s.exitLevel);
    this.held = applyRules(ctx, this.held, next, this.reasons);
  }

  private trace(ctx: StrategyContext, rsi: number): void {
    const s = this.s;
    const shown = `${this.label} ${formatNumber(rsi)}`;
    ctx.gate({ gate: WARM_UP_GATE, passed: true, detail: `${this.barsSeen} bars seen` });
    traceRules(ctx, this.held, s.allowShort, {
      longEntry: { gate: RULE_GATE_NAMES.longEntry, passed: rsi < s.lower, detail: `${shown} vs lower ${s.lower} (long below)`, value: rsi, threshold: s.lower },
      shortEntry: { gate: RULE_GATE_NAMES.shortEntry, passed: rsi > s.upper, detail: `${shown} vs upper ${s.upper} (short above)`, value: rsi, threshold: s.upper },
      exitLong: { gate: RULE_GATE_NAMES.exitLong, passed: rsi > s.exitLevel, detail: `${shown} vs exit level ${s.exitLevel} (exit above)`, value: rsi, threshold: s.exitLevel },
      exitShort: { gate: RULE_GATE_NAMES.exitShort, passed: rsi < s.exitLevel, detail: `${shown} vs exit level ${s.exitLevel} (exit below)`, value: rsi, threshold: s.exitLevel },
    });
  }
}

export const rsiReversion: StrategyDefinition = {
  id: 'rsi-reversion',
  name: 'RSI reversion',
  description: 'Buys when RSI is oversold (below the lower level) and exits when it has recovered past the exit level.',
  params: [
    { name: 'period', label: 'RSI period', kind: 'int', default: 14, min: 2, max: 500, step: 1, help: "Bars in Wilder's RSI." },
    { name: 'lower', label: 'Lower level', kind: 'float', default: 30, min: 1, max: 99, step: 1, help: 'Oversold: go long when RSI closes below it.' },
    { name: 'upper', label: 'Upper level', kind: 'float', default: 70, min: 1, max: 99, step: 1, help: 'Overbought: go short above it (with Allow short).' },
    {
      name: 'exitLevel',
      label: 'Exit level',
      kind: 'float',
      default: 50,
      min: 1,
      max: 99,
      step: 1,
      help: 'A long exits when RSI closes above it (a short, below it). Set it to the upper level to hold until overbought.',
    },
    ALLOW_SHORT_PARAM,
  ],
  validate(p) {
    const { lower, upper, exitLevel } = p;
    if (typeof lower !== 'number' || typeof upper !== 'number' || typeof exitLevel !== 'number') return null;
    if (lower >= upper) return `The lower level (${lower}) must be below the upper level (${upper})`;
    if (exitLevel < lower || exitLevel > upper) return `The exit level (${exitLevel}) must be between the lower (${lower}) and upper (${upper}) levels`;
    return null;
  },
  warmup(p) {
    return settingsOf(resolveParams(rsiReversion, p)).period;
  },
  create(p) {
    return new RsiReversion(settingsOf(resolveParams(rsiReversion, p)));
  },
};
