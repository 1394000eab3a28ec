import { describe, expect, it } from 'vitest';
import { resolveParams } from '../../../electron/core/strategies/api';
import { donchianBreakout } from '../../../electron/core/strategies/donchianBreakout';
import { actions, barsOf, run } from './harness';

// entry 3, exit 2. Channels are those of the PREVIOUS bars:
//  bar  high low  close   flat: close > high of prev 3?      long: close < low of prev 2?
//   0    11   9   10
//   1    12  10   11
//   2    11   9   10
//   3    13  11   12.5    bars 0-2 high 12: 12.5 > 12 LONG   (the channel including bar 3 is 13: it would never break)
//   4    14  12   13.5                                       bars 2-3 low 9: no
//   5    13  11   12                                         bars 3-4 low 11: no
//   6    12  10   10.5                                       bars 4-5 low 11: 10.5 < 11 EXIT
//   7    11   9    9.5    bars 4-6 high 14: no
//   8    15  13   14.5    bars 5-7 high 13: 14.5 > 13 LONG
//   9    15  14   14.8                                       bars 7-8 low 9: no
const high = [11, 12, 11, 13, 14, 13, 12, 11, 15, 15];
const low = [9, 10, 9, 11, 12, 11, 10, 9, 13, 14];
const close = [10, 11, 10, 12.5, 13.5, 12, 10.5, 9.5, 14.5, 14.8];
const bars = barsOf(close, { high, low });

describe('donchian-breakout', () => {
  it('enters above the previous entry-bar high and exits below the previous exit-bar low', () => {
    expect(actions(run(donchianBreakout, { entry: 3, exit: 2 }, bars))).toEqual([
      [3, 1],
      [6, 0],
      [8, 1],
    ]);
  });

  it('with allowShort, an exit below the entry low too reverses to short', () => {
    // bar 6: 10.5 < low of bars 4-5 (11) exits, and < low of bars 3-5 (11) enters short;
    // bar 8: 14.5 > high of bars 6-7 (12) exits the short, and > high of bars 5-7 (13) goes long
    expect(actions(run(donchianBreakout, { entry: 3, exit: 2, allowShort: true }, bars))).toEqual([
      [3, 1],
      [6, -1],
      [8, 1],
    ]);
  });

  it('needs max(entry, exit) previous bars', () => {
    expect(donchianBreakout.warmup({ entry: 3, exit: 2 })).toBe(3);
    expect(donchianBreakout.warmup({ entry: 3, exit: 5 })).toBe(5);
    // with a 5-bar exit channel, bar 3 cannot decide yet; the first long is at bar 8
    expect(actions(run(donchianBreakout, { entry: 3, exit: 5 }, bars))[0]).toEqual([8, 1]);
  });

  it('traces the levels it compared', () => {
    const traced = run(donchianBreakout, { entry: 3, exit: 2 }, bars, { tracing: true });
    expect(traced.gatesAt(2)).toEqual([expect.objectContaining({ gate: 'warm-up', passed: false, detail: 'the channels need 3 previous bars; 2 seen' })]);
    expect(traced.gatesAt(7)[1]).toEqual({ gate: 'long entry', passed: false, detail: 'close 9.5 vs previous 3-bar high 14', value: 9.5, threshold: 14 });
    expect(traced.gatesAt(5)[1]).toEqual({ gate: 'exit long', passed: false, detail: 'close 12 vs previous 2-bar low 11', value: 12, threshold: 11 });
  });

  it('validates its ranges through resolveParams', () => {
    expect(() => resolveParams(donchianBreakout, { entry: 0 })).toThrow('Entry channel must be at least 1');
    expect(() => resolveParams(donchianBreakout, { exit: 1001 })).toThrow('Exit channel must be at most 1000');
  });
});
