import { describe, expect, it } from 'vitest';
import { resolveParams } from '../../../electron/core/strategies/api';
import { rsiReversion } from '../../../electron/core/strategies/rsiReversion';
import { actions, barsOf, run } from './harness';

// RSI(2) by hand (Wilder: first averages are plain means of the first 2 changes, then avg = (avg + change) / 2):
//  bar close change  avgGain    avgLoss    RSI
//   0   10
//   1   11    +1
//   2   12    +1     1          0          100
//   3   11    -1     0.5        0.5        50
//   4   10    -1     0.25       0.75       25
//   5    9    -1     0.125      0.875      12.5
//   6   10    +1     0.5625     0.4375     56.25
//   7   11    +1     0.78125    0.21875    78.125
//   8   12    +1     0.890625   0.109375   89.0625
//   9   13    +1     0.9453125  0.0546875  94.53125
const closes = [10, 11, 12, 11, 10, 9, 10, 11, 12, 13];

describe('rsi-reversion', () => {
  it('buys below the lower level and exits above the exit level', () => {
    // lower 30, exit 50: bar 4 (25 < 30) long; bar 5 (12.5) holds; bar 6 (56.25 > 50) flat
    expect(actions(run(rsiReversion, { period: 2 }, barsOf(closes)))).toEqual([
      [4, 1],
      [6, 0],
    ]);
  });

  it('with the exit level at the upper level, holds until overbought', () => {
    // exit 70: 56.25 is not > 70, 78.125 at bar 7 is
    expect(actions(run(rsiReversion, { period: 2, exitLevel: 70 }, barsOf(closes)))).toEqual([
      [4, 1],
      [7, 0],
    ]);
  });

  it('with allowShort, shorts above the upper level and reverses straight through', () => {
    // bar 2 (100 > 70): short, on the first bar RSI exists; bar 3 (50): not < 50, holds (strict);
    // bar 4 (25 < 50 exits the short, and 25 < 30): long; bar 6 (56.25 > 50, not > 70): flat; bar 7 (78.125 > 70): short
    expect(actions(run(rsiReversion, { period: 2, allowShort: true }, barsOf(closes)))).toEqual([
      [2, -1],
      [4, 1],
      [6, 0],
      [7, -1],
    ]);
  });

  it('does not buy a flat market (RSI 50 there, not 0)', () => {
    expect(actions(run(rsiReversion, { period: 2 }, barsOf([5, 5, 5, 5, 5, 5])))).toEqual([]);
  });

  it('names the gate that blocked the bar when tracing', () => {
    const traced = run(rsiReversion, { period: 2 }, barsOf(closes), { tracing: true });
    expect(traced.gatesAt(1)).toEqual([expect.objectContaining({ gate: 'warm-up', passed: false, detail: 'RSI(2) needs 3 bars; 2 seen' })]);
    expect(traced.gatesAt(3)).toEqual([
      expect.objectContaining({ gate: 'warm-up', passed: true }),
      { gate: 'long entry', passed: false, detail: 'RSI(2) 50 vs lower 30 (long below)', value: 50, threshold: 30 },
    ]);
    // long from bar 4: bar 5 shows the exit gate
    expect(traced.gatesAt(5)[1]).toEqual({ gate: 'exit long', passed: false, detail: 'RSI(2) 12.5 vs exit level 50 (exit above)', value: 12.5, threshold: 50 });
    expect(traced.decisions[0]!.reason).toBe('RSI(2) below 30: long');
  });

  it('validates its levels through resolveParams', () => {
    expect(() => resolveParams(rsiReversion, { lower: 70, upper: 30 })).toThrow('The lower level (70) must be below the upper level (30)');
    expect(() => resolveParams(rsiReversion, { lower: 50, upper: 50 })).toThrow(/must be below the upper level/);
    expect(() => resolveParams(rsiReversion, { exitLevel: 80 })).toThrow('The exit level (80) must be between the lower (30) and upper (70) levels');
    expect(() => resolveParams(rsiReversion, { period: 1 })).toThrow('RSI period must be at least 2');
    expect(() => resolveParams(rsiReversion, { lower: 0 })).toThrow('Lower level must be at least 1');
    expect(rsiReversion.warmup({ period: 9 })).toBe(9);
  });
});
