import { describe, expect, it } from 'vitest';
import { cumulative, dailyReturns, daySpans, maxDrawdown, timeWeightedMean } from '../../../electron/core/analytics/series';
import { DAY, HOUR, MINUTE, SIX_DAYS, T0, utcDay } from './fixtures';

describe('daily returns', () => {
  it('one point per day: each close against the previous close (the first day has nothing to measure to)', () => {
    const d = dailyReturns(SIX_DAYS, utcDay);
    expect(d.day).toEqual(['2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06', '2026-03-07']);
    SIX_DAYS.returns.forEach((r, i) => expect(d.ret[i]).toBeCloseTo(r, 12));
  });

  it('several points a day: the last of each day counts; the first day is measured from the first point', () => {
    // Day 1: 100 (09:00), 101 (12:00), 103 (16:00) -> 103 / 100 - 1 = 0.03
    // Day 2: 102 (09:00), 99 (16:00)               ->  99 / 103 - 1 = -0.0388349514563107
    // Day 3: 104 (10:00)                           -> 104 /  99 - 1 = 0.0505050505050505
    const t = [T0 + 9 * HOUR, T0 + 12 * HOUR, T0 + 16 * HOUR, T0 + DAY + 9 * HOUR, T0 + DAY + 16 * HOUR, T0 + 2 * DAY + 10 * HOUR];
    const v = [100, 101, 103, 102, 99, 104];
    const d = dailyReturns({ t, v }, utcDay);
    expect(d.day).toEqual(['2026-03-02', '2026-03-03', '2026-03-04']);
    expect(d.ret[0]).toBeCloseTo(0.03, 12);
    expect(d.ret[1]).toBeCloseTo(-0.0388349514563107, 12);
    expect(d.ret[2]).toBeCloseTo(0.0505050505050505, 12);
  });

  it('a single point, and an empty series, have no returns', () => {
    expect(dailyReturns({ t: [T0], v: [100] }, utcDay)).toEqual({ day: [], ret: [] });
    expect(dailyReturns({ t: [], v: [] }, utcDay)).toEqual({ day: [], ret: [] });
  });

  it('a day measured from a base that is not positive has no return (not Infinity)', () => {
    const d = dailyReturns({ t: [T0, T0 + DAY, T0 + 2 * DAY], v: [0, 50, 60] }, utcDay);
    // Day 2 from 0: undefined, left out. Day 3: 60 / 50 - 1 = 0.2
    expect(d.day).toEqual(['2026-03-04']);
    expect(d.ret[0]).toBeCloseTo(0.2, 12);
  });

  it('finds day boundaries of a minute series with few dayOf calls', () => {
    const t = Array.from({ length: 3 * 1440 }, (_, i) => T0 + i * MINUTE);
    let calls = 0;
    const spans = daySpans(t, (x) => {
      calls++;
      return utcDay(x);
    });
    expect(spans).toEqual([
      { day: '2026-03-02', first: 0, last: 1439 },
      { day: '2026-03-03', first: 1440, last: 2879 },
      { day: '2026-03-04', first: 2880, last: 4319 },
    ]);
    expect(calls).toBeLessThan(100);
  });
});

describe('cumulative returns', () => {
  it('compounds', () => {
    // (1.1)(0.9) - 1 = -0.01; (1.1)(0.9)(1.2) - 1 = 0.188
    const c = cumulative([0.1, -0.1, 0.2]);
    expect(c[0]).toBeCloseTo(0.1, 12);
    expect(c[1]).toBeCloseTo(-0.01, 12);
    expect(c[2]).toBeCloseTo(0.188, 12);
  });
});

describe('maximum drawdown and its duration', () => {
  it('recovered: from the peak to the first point back at it', () => {
    // Six days: peak 102 (day 1), trough 99.96 (day 2): (102 - 99.96) / 102 = 0.02.
    // Day 4's dip (102 - 100.939608) / 102 = 0.010396 is smaller. Back above 102 on day 5.
    const dd = maxDrawdown(SIX_DAYS)!;
    expect(dd.maxDrawdown).toBeCloseTo(0.02, 12);
    expect(dd.peakAt).toBe(SIX_DAYS.t[1]);
    expect(dd.troughAt).toBe(SIX_DAYS.t[2]);
    expect(dd.recoveredAt).toBe(SIX_DAYS.t[5]);
    expect(dd.durationMs).toBe(4 * DAY);
  });

  it('not recovered: from the peak to the end', () => {
    // 100, 120, 90, 110: (120 - 90) / 120 = 0.25; never back to 120, so peak (t=1) to end (t=3).
    const dd = maxDrawdown({ t: [0, 1000, 2000, 3000], v: [100, 120, 90, 110] })!;
    expect(dd.maxDrawdown).toBeCloseTo(0.25, 12);
    expect(dd.recoveredAt).toBeNull();
    expect(dd.durationMs).toBe(2000);
  });

  it('reaching the old peak exactly is a recovery; a later, deeper drawdown replaces the first', () => {
    // 100 -> 90 (10%) -> 100 (recovered at t=2) -> 70 (30% from 100, peak still t=0) -> 80 (end)
    const dd = maxDrawdown({ t: [0, 1, 2, 3, 4], v: [100, 90, 100, 70, 80] })!;
    expect(dd.maxDrawdown).toBeCloseTo(0.3, 12);
    expect(dd.peakAt).toBe(0);
    expect(dd.recoveredAt).toBeNull();
    expect(dd.durationMs).toBe(4);
  });

  it('a rising or flat curve has none; a single point is undefined', () => {
    expect(maxDrawdown({ t: [0, 1, 2], v: [1, 2, 3] })).toMatchObject({ maxDrawdown: 0, durationMs: 0 });
    expect(maxDrawdown({ t: [0, 1, 2], v: [5, 5, 5] })).toMatchObject({ maxDrawdown: 0, durationMs: 0 });
    expect(maxDrawdown({ t: [0], v: [5] })).toBeNull();
  });
});

describe('time-weighted mean', () => {
  it('weights each value by how long it held', () => {
    // 100 for 10 ms, 200 for 30 ms (the last point holds for no time): (1000 + 6000) / 40 = 175
    expect(timeWeightedMean({ t: [0, 10, 40], v: [100, 200, 999] })).toBe(175);
    expect(timeWeightedMean({ t: [5], v: [42] })).toBe(42);
    expect(timeWeightedMean({ t: [], v: [] })).toBeNull();
  });
});
