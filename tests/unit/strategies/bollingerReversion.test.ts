import { describe, expect, it } from 'vitest';
import { resolveParams } from '../../../electron/core/strategies/api';
import { bollingerReversion } from '../../../electron/core/strategies/bollingerReversion';
import { actions, barsOf, run } from './harness';

// period 3, k 1 (population std of the 3 closes up to and including the bar):
//  bar close window        mid     std                         lower    upper
//   2   10   10 10 10      10      0                           10       10       10 < 10? no
//   3    7   10 10 7       9       sqrt((1+1+4)/3)=1.41421     7.58579  10.4142  7 < 7.586: LONG
//   4    8.5 10 7 8.5      8.5     sqrt((2.25+2.25+0)/3)=1.2247                  8.5 >= 8.5: EXIT (the mid counts)
//   5    9   7 8.5 9       8.16667 0.84984                     7.31683  9.01651  flat: neither
//   6   10   8.5 9 10      9.16667 0.62361                     8.54305  9.79028  10 > 9.790: short (allowShort)
//   7   13   9 10 13       10.6667 1.69967                              12.3663  short holds (13 > mid)
//   8   10   10 13 10      11      1.41421                     9.58579           10 <= 11: exit short; 10 < 9.586? no: flat
//   9    9   13 10 9       10.6667 1.69967                     8.96700           9 < 8.967? no
const closes = [10, 10, 10, 7, 8.5, 9, 10, 13, 10, 9];

describe('bollinger-reversion', () => {
  it('buys below the lower band and exits at the mid', () => {
    expect(actions(run(bollingerReversion, { period: 3, k: 1 }, barsOf(closes)))).toEqual([
      [3, 1],
      [4, 0],
    ]);
  });

  it('with allowShort, shorts above the upper band and covers at the mid', () => {
    expect(actions(run(bollingerReversion, { period: 3, k: 1, allowShort: true }, barsOf(closes)))).toEqual([
      [3, 1],
      [4, 0],
      [6, -1],
      [8, 0],
    ]);
  });

  it('decides from the bands\' first bar (period - 1)', () => {
    expect(bollingerReversion.warmup({ period: 3 })).toBe(2);
    // 10, 10, 7: the first bands (9 +/- 1.414) already contain a close below the lower band
    expect(actions(run(bollingerReversion, { period: 3, k: 1 }, barsOf([10, 10, 7])))).toEqual([[2, 1]]);
  });

  it('traces the bands it compared', () => {
    const traced = run(bollingerReversion, { period: 3, k: 1 }, barsOf(closes), { tracing: true });
    expect(traced.gatesAt(0)).toEqual([expect.objectContaining({ gate: 'warm-up', passed: false, detail: 'BB(3, 1) needs 3 bars; 1 seen' })]);
    expect(traced.gatesAt(3)[1]).toMatchObject({ gate: 'long entry', passed: true, detail: 'close 7 vs lower band 7.58579' });
    expect(traced.gatesAt(4)[1]).toMatchObject({ gate: 'exit long', passed: true, detail: 'close 8.5 vs mid 8.5 (exit at or above)' });
  });

  it('validates its ranges through resolveParams', () => {
    expect(() => resolveParams(bollingerReversion, { period: 1 })).toThrow('Band period must be at least 2');
    expect(() => resolveParams(bollingerReversion, { k: 0 })).toThrow('Band width must be at least 0.1');
  });
});
