import { Donchian } from '../../../shared/indicators/donchian';
import { resolveParams, type BarSeries, type ParamValues, type StrategyContext, type StrategyDefinition, type StrategyInstance } from './api';
import { ALLOW_SHORT_PARAM, boolParam, numberParam } from './params';
import { RULE_GATE_NAMES, applyRules, nextTarget, traceRules, type RuleReasons } from './positionRules';
import { WARM_UP_GATE, formatNumber } from './trace';

interface DonchianSettings {
  entry: number;
  exit: number;
  allowShort: boolean;
}

function settingsOf(p: ParamValues): DonchianSettings {
  return { entry: numberParam(p, 'entry'), exit: numberParam(p, 'exit'), allowShort: boolParam(p, 'allowShort') };
}

/**
 * Channel breakout (the Turtle rules without sizing), decided at each bar's close. The
 * channels are those of the PREVIOUS bars, never including the bar being decided:
 * - flat: close > highest high of the previous `entry` bars -> long; with allowShort,
 *   close < lowest low of the previous `entry` bars -> short;
 * - long: close < lowest low of the previous `exit` bars -> flat (or short when it is also
 *   below the entry low, with allowShort);
 * - short: close > highest high of the previous `exit` bars -> flat (or long when also above
 *   the entry high).
 * Comparisons are strict. First decision at bar index max(entry, exit).
 */
class DonchianBreakout implements StrategyInstance {
  private readonly entryChannel: Donchian;
  private readonly exitChannel: Donchian;
  private readonly allowShort: boolean;
  private readonly warmup: number;
  private readonly reasons: RuleReasons;
  private readonly s: DonchianSettings;
  private held = 0;
  private barsSeen = 0;

  constructor(s: DonchianSettings) {
    this.s = s;
    this.entryChannel = new Donchian(s.entry);
    this.exitChannel = new Donchian(s.exit);
    this.allowShort = s.allowShort;
    this.warmup = Math.max(s.entry, s.exit);
    this.reasons = {
      long: `close above the ${s.entry}-bar high: long`,
      short: `close below the ${s.entry}-bar low: short`,
      exitLong: `close below the ${s.exit}-bar low: exit long`,
      exitShort: `close above the ${s.exit}-bar high: exit short`,
    };
  }

  onBar(bars: BarSeries, i: number, ctx: StrategyContext): void {
    // Read the channels of bars before i first, then add bar i for the next decision.
    const entryHigh = this.entryChannel.upper;
    const entryLow = this.entryChannel.lower;
    const exitHigh = this.exitChannel.upper;
    const exitLow = this.exitChannel.lower;
    const high = bars.h[i]!;
    const low = bars.l[i]!;
    this.entryChannel.update(high, low);
    this.exitChannel.update(high, low);
    const seenBefore = this.barsSeen++;

    if (seenBefore < this.warmup) {
      if (ctx.tracing) {
        ctx.gate({ gate: WARM_UP_GATE, passed: false, detail: `the channels need ${this.warmup} previous bars; ${seenBefore} seen`, value: seenBefore, threshold: this.warmup });
      }
      return;
    }
    const close = bars.c[i]!;
    if (ctx.tracing) this.trace(ctx, close, entryHigh, entryLow, exitHigh, exitLow, seenBefore);
    const next = nextTarget(this.held, this.allowShort, close > entryHigh, close < entryLow, close < exitLow, close > exitHigh);
    this.held = applyRules(ctx, this.held, next, this.reasons);
  }

  private trace(ctx: StrategyContext, close: number, entryHigh: number, entryLow: number, exitHigh: number, exitLow: number, seenBefore: number): void {
    const { entry, exit } = this.s;
    const c = `close ${formatNumber(close)}`;
    ctx.gate({ gate: WARM_UP_GATE, passed: true, detail: `${seenBefore} previous bars` });
    traceRules(ctx, this.held, this.allowShort, {
      longEntry: { gate: RULE_GATE_NAMES.longEntry, passed: close > entryHigh, detail: `${c} vs previous ${entry}-bar high ${formatNumber(entryHigh)}`, value: close, threshold: entryHigh },
      shortEntry: { gate: RULE_GATE_NAMES.shortEntry, passed: close < entryLow, detail: `${c} vs previous ${entry}-bar low ${formatNumber(entryLow)}`, value: close, threshold: entryLow },
      exitLong: { gate: RULE_GATE_NAMES.exitLong, passed: close < exitLow, detail: `${c} vs previous ${exit}-bar low ${formatNumber(exitLow)}`, value: close, threshold: exitLow },
      exitShort: { gate: RULE_GATE_NAMES.exitShort, passed: close > exitHigh, detail: `${c} vs previous ${exit}-bar high ${formatNumber(exitHigh)}`, value: close, threshold: exitHigh },
    });
  }
}

export const donchianBreakout: StrategyDefinition = {
  id: 'donchian-breakout',
  name: 'Donchian breakout',
  description: 'Goes long when the close breaks above the highest high of the previous bars, and exits when it falls below the lowest low of a shorter window.',
  params: [
    { name: 'entry', label: 'Entry channel', kind: 'int', default: 20, min: 1, max: 1000, step: 1, help: 'Previous bars whose highest high a close must exceed to enter.' },
    { name: 'exit', label: 'Exit channel', kind: 'int', default: 10, min: 1, max: 1000, step: 1, help: 'Previous bars whose lowest low a close must fall below to exit.' },
    ALLOW_SHORT_PARAM,
  ],
  warmup(p) {
    const s = settingsOf(resolveParams(donchianBreakout, p));
    return Math.max(s.entry, s.exit);
  },
  create(p) {
    return new DonchianBreakout(settingsOf(resolveParams(donchianBreakout, p)));
  },
};
