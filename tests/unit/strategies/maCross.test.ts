import { describe, expect, it } from 'vitest';
import { resolveParams } from '../../../electron/core/strategies/api';
import { maCross } from '../../../electron/core/strategies/maCross';
import { actions, barsOf, run } from './harness';

// Ten closes; SMA(2) / SMA(3) per bar:
//  bar  close  SMA2   SMA3
//   0    10    -      -
//   1    10    10     -
//   2    10    10     10          first SMA3; no previous pair yet
//   3     9    9.5    29/3=9.667  prev 10 = 10 (<= and >=), now 9.5 < 9.667 -> crossed DOWN
//   4     8    8.5    27/3=9      below, stays below
//   5     9    8.5    26/3=8.667  below
//   6    11    10     28/3=9.333  prev 8.5 <= 8.667, now 10 > 9.333 -> crossed UP
//   7    12    11.5   32/3=10.667 above
//   8    11    11.5   34/3=11.333 above
//   9     9    10     32/3=10.667 prev above, now 10 < 10.667 -> crossed DOWN
const closes = [10, 10, 10, 9, 8, 9, 11, 12, 11, 9];

describe('ma-cross', () => {
  it('acts exactly on the crossing bars (SMA 2/3)', () => {
    expect(actions(run(maCross, { fast: 2, slow: 3 }, barsOf(closes)))).toEqual([
      [3, 0],
      [6, 1],
      [9, 0],
    ]);
  });

  it('goes short instead of flat with allowShort', () => {
    expect(actions(run(maCross, { fast: 2, slow: 3, allowShort: true }, barsOf(closes)))).toEqual([
      [3, -1],
      [6, 1],
      [9, -1],
    ]);
  });

  it('uses EMAs when asked (EMA 2/3)', () => {
    // EMA2 (alpha 2/3) seeded at bar 1 with 10; EMA3 (alpha 1/2) seeded at bar 2 with 10:
    //  bar 3: 10 + 2/3*(9-10) = 9.333 vs 10 + (9-10)/2 = 9.5      prev equal -> DOWN
    //  bar 4: 8.444 vs 8.75; bar 5: 8.815 vs 8.875                 below
    //  bar 6: 8.815 + 2/3*(11-8.815) = 10.272 vs 9.9375            UP
    //  bar 7: 11.424 vs 10.969; bar 8: 11.141 vs 10.984            above
    //  bar 9: 11.141 + 2/3*(9-11.141) = 9.714 vs 9.992             DOWN
    expect(actions(run(maCross, { fast: 2, slow: 3, kind: 'ema' }, barsOf(closes)))).toEqual([
      [3, 0],
      [6, 1],
      [9, 0],
    ]);
  });

  it('does not decide before both averages and their previous values exist', () => {
    // closes 1, 1, 10, 10: SMA3 first exists at bar 2 (4) and SMA2 is already above it (5.5). With no
    // previous pair that is not a cross; bar 3: prev 5.5 > 4 and now 10 > 7 -> no cross either.
    expect(actions(run(maCross, { fast: 2, slow: 3 }, barsOf([1, 1, 10, 10])))).toEqual([]);
    expect(maCross.warmup(resolveParams(maCross, { fast: 2, slow: 3 }))).toBe(3);
    expect(maCross.warmup({})).toBe(30);
  });

  it('a cross on the equal-then-apart bar counts, equal alone does not', () => {
    // SMA1 vs SMA2 (fast 1 = the close): closes 5 5 5 6 6 6 -> bar 3: prev 5 = 5, now 6 > 5.5 UP; later equal (6 = 6): nothing
    expect(actions(run(maCross, { fast: 1, slow: 2 }, barsOf([5, 5, 5, 6, 6, 6])))).toEqual([[3, 1]]);
  });

  it('traces the signal and whether it crossed only when tracing', () => {
    const quiet = run(maCross, { fast: 2, slow: 3 }, barsOf(closes));
    expect(quiet.untracedGateCalls).toBe(0);
    const traced = run(maCross, { fast: 2, slow: 3 }, barsOf(closes), { tracing: true });
    expect(actions(traced)).toEqual(actions(quiet));
    // bar 2: blocked by the warm-up (no previous pair yet)
    expect(traced.gatesAt(2)).toEqual([expect.objectContaining({ gate: 'warm-up', passed: false })]);
    // bar 4: warm, no cross -> the cross gate blocked it and says why
    const bar4 = traced.gatesAt(4);
    expect(bar4.map((g) => [g.gate, g.passed])).toEqual([
      ['warm-up', true],
      ['signal', true],
      ['cross', false],
    ]);
    expect(bar4[1]!.detail).toBe('SMA(2) 8.5 below SMA(3) 9 (previous bar 9.5 vs 9.66667)');
    expect(bar4[2]!.detail).toBe('no cross: SMA(2) stayed below SMA(3)');
    // bar 6: crossed up
    expect(traced.gatesAt(6)[2]).toMatchObject({ gate: 'cross', passed: true, detail: 'crossed up' });
    expect(traced.decisions[1]!.reason).toBe('SMA(2) crossed above SMA(3): long');
  });

  it('validates its parameters through resolveParams', () => {
    expect(() => resolveParams(maCross, { fast: 30, slow: 30 })).toThrow('The fast period (30) must be shorter than the slow period (30)');
    expect(() => resolveParams(maCross, { fast: 50 })).toThrow(/shorter than the slow period \(30\)/);
    expect(() => resolveParams(maCross, { fast: 0 })).toThrow('Fast period must be at least 1');
    expect(() => resolveParams(maCross, { slow: 2001 })).toThrow('Slow period must be at most 2000');
    expect(() => resolveParams(maCross, { fast: 2.5 })).toThrow('Fast period must be a whole number');
    expect(() => resolveParams(maCross, { kind: 'wma' })).toThrow('Average must be one of sma, ema');
    expect(resolveParams(maCross, {})).toEqual({ fast: 10, slow: 30, kind: 'sma', allowShort: false });
  });
});
