import { describe, expect, it } from 'vitest';
import type { BarColumns, BarUpdate, Timeframe } from '../../../shared/contract';
import { aggregateBars, IncrementalAggregator } from '../../../electron/core/marketdata/aggregate';
import { ALWAYS, expectedMinuteCount, sessionWindows, type SessionRule } from '../../../electron/core/marketdata/sessions';
import { RuleCalendar } from '../../../electron/core/risk/marketCalendar';

const calendar = new RuleCalendar();
const regular: SessionRule = { kind: 'us_equity', session: 'regular', calendar };
const extended: SessionRule = { kind: 'us_equity', session: 'extended', calendar };
const sec = (iso: string) => Date.parse(iso) / 1000;

/**
 * One bar per minute from `fromIso` (inclusive) to `toIso` (exclusive), easy to add up by hand:
 * every bar has volume 1, prices rise by one cent a minute, so a bucket's open is its first
 * minute's open, its high its last minute's high, its low its first minute's low.
 */
function minutes(fromIso: string, toIso: string, symbol = 'AAPL'): BarColumns {
  const out: BarColumns = { symbol, timeframe: '1m', t: [], o: [], h: [], l: [], c: [], v: [] };
  for (let t = sec(fromIso); t < sec(toIso); t += 60) {
    const o = Math.round((100 + (t - sec('2025-01-01T00:00:00Z')) / 6000) * 100) / 100;
    out.t.push(t);
    out.o.push(o);
    out.c.push(o + 0.005);
    out.h.push(o + 0.01);
    out.l.push(o - 0.01);
    out.v.push(1);
  }
  return out;
}

function concat(...parts: BarColumns[]): BarColumns {
  const out: BarColumns = { symbol: parts[0]!.symbol, timeframe: '1m', t: [], o: [], h: [], l: [], c: [], v: [] };
  for (const p of parts) for (const k of ['t', 'o', 'h', 'l', 'c', 'v'] as const) out[k].push(...p[k]);
  return out;
}

const at = (src: BarColumns, iso: string) => src.t.indexOf(sec(iso));

describe('session-aware aggregation of US equities', () => {
  it('anchors regular-session hours at 09:30 New York on the first day of daylight saving time (13:30Z) and the Friday before (14:30Z)', () => {
    // 2025-03-09 is the change-over; the Friday before is EST (UTC-5), the Monday after EDT (UTC-4).
    const friday = minutes('2025-03-07T13:00:00Z', '2025-03-07T22:00:00Z');
    const monday = minutes('2025-03-10T12:00:00Z', '2025-03-10T21:00:00Z');
    const hours = aggregateBars(concat(friday, monday), '1h', regular);
    const fridayOpens = ['14:30', '15:30', '16:30', '17:30', '18:30', '19:30', '20:30'].map((h) => sec(`2025-03-07T${h}:00Z`));
    const mondayOpens = ['13:30', '14:30', '15:30', '16:30', '17:30', '18:30', '19:30'].map((h) => sec(`2025-03-10T${h}:00Z`));
    expect(hours.t).toEqual([...fridayOpens, ...mondayOpens]);
    // Six whole hours, then 15:30-16:00: thirty minutes. Pre- and after-market minutes are not in any bar.
    expect(hours.v).toEqual([60, 60, 60, 60, 60, 60, 30, 60, 60, 60, 60, 60, 60, 30]);
    const firstMonday = 7;
    expect(hours.o[firstMonday]).toBe(monday.o[at(monday, '2025-03-10T13:30:00Z')]);
    expect(hours.l[firstMonday]).toBe(monday.l[at(monday, '2025-03-10T13:30:00Z')]);
    expect(hours.c[firstMonday]).toBe(monday.c[at(monday, '2025-03-10T14:29:00Z')]);
    expect(hours.h[firstMonday]).toBe(monday.h[at(monday, '2025-03-10T14:29:00Z')]);
    expect(hours.c[13]).toBe(monday.c[at(monday, '2025-03-10T19:59:00Z')]);
  });

  it('ends the Monday after the autumn change-over an hour later in UTC (14:30Z-21:00Z) than the Friday before (13:30Z-20:00Z)', () => {
    const friday = minutes('2025-10-31T13:00:00Z', '2025-10-31T21:30:00Z');
    const monday = minutes('2025-11-03T14:00:00Z', '2025-11-03T21:30:00Z');
    const days = aggregateBars(concat(friday, monday), '1D', regular);
    expect(days.t).toEqual([Date.UTC(2025, 9, 31) / 1000, Date.UTC(2025, 10, 3) / 1000]);
    expect(days.v).toEqual([390, 390]);
    expect(days.o).toEqual([friday.o[at(friday, '2025-10-31T13:30:00Z')], monday.o[at(monday, '2025-11-03T14:30:00Z')]]);
    expect(days.c).toEqual([friday.c[at(friday, '2025-10-31T19:59:00Z')], monday.c[at(monday, '2025-11-03T20:59:00Z')]]);
  });

  it('cuts the day after Thanksgiving at 13:00 New York (18:00Z), after hours at 17:00 (22:00Z)', () => {
    const day = minutes('2025-11-28T08:00:00Z', '2025-11-29T02:00:00Z');
    const hours = aggregateBars(day, '1h', regular);
    expect(hours.t).toEqual(['14:30', '15:30', '16:30', '17:30'].map((h) => sec(`2025-11-28T${h}:00Z`)));
    expect(hours.v).toEqual([60, 60, 60, 30]);
    const daily = aggregateBars(day, '1D', regular);
    expect(daily.v).toEqual([210]);
    expect(daily.c[0]).toBe(day.c[at(day, '2025-11-28T17:59:00Z')]);
    // Extended hours: 04:00-17:00 New York = 09:00Z-22:00Z, 780 minutes.
    const extendedDay = aggregateBars(day, '1D', extended);
    expect(extendedDay.v).toEqual([780]);
    expect(extendedDay.o[0]).toBe(day.o[at(day, '2025-11-28T09:00:00Z')]);
    expect(extendedDay.c[0]).toBe(day.c[at(day, '2025-11-28T21:59:00Z')]);
    expect(expectedMinuteCount(regular, sec('2025-11-28T00:00:00Z'), sec('2025-11-29T00:00:00Z'))).toBe(210);
    expect(expectedMinuteCount(extended, sec('2025-11-28T00:00:00Z'), sec('2025-11-29T05:00:00Z'))).toBe(780);
  });

  it('anchors extended-session buckets at 04:00 New York and keeps pre- and after-market minutes', () => {
    const day = minutes('2025-03-10T07:00:00Z', '2025-03-11T01:00:00Z');
    const fourHours = aggregateBars(day, '4h', extended);
    // 04:00-08:00, 08:00-12:00, 12:00-16:00, 16:00-20:00 EDT.
    expect(fourHours.t).toEqual(['08:00', '12:00', '16:00', '20:00'].map((h) => sec(`2025-03-10T${h}:00Z`)));
    expect(fourHours.v).toEqual([240, 240, 240, 240]);
    expect(expectedMinuteCount(extended, sec('2025-03-10T00:00:00Z'), sec('2025-03-11T06:00:00Z'))).toBe(960);
  });

  it('builds weekly bars by exchange week, labelled with the Monday, skipping the Thanksgiving holiday', () => {
    const week = concat(
      ...['24', '25', '26'].map((d) => minutes(`2025-11-${d}T14:30:00Z`, `2025-11-${d}T21:00:00Z`)),
      minutes('2025-11-27T14:30:00Z', '2025-11-27T21:00:00Z'), // Thanksgiving: closed, bars ignored
      minutes('2025-11-28T14:30:00Z', '2025-11-28T18:00:00Z'),
      minutes('2025-12-01T14:30:00Z', '2025-12-01T15:30:00Z'),
    );
    const weeks = aggregateBars(week, '1W', regular);
    expect(weeks.t).toEqual([Date.UTC(2025, 10, 24) / 1000, Date.UTC(2025, 11, 1) / 1000]);
    expect(weeks.v).toEqual([3 * 390 + 210, 60]);
    expect(weeks.c[0]).toBe(week.c[at(week, '2025-11-28T17:59:00Z')]);
  });

  it('leaves an hour with no trades absent and builds a short hour from the minutes there are', () => {
    const day = concat(minutes('2025-03-10T13:30:00Z', '2025-03-10T14:30:00Z'), minutes('2025-03-10T15:45:00Z', '2025-03-10T15:50:00Z'));
    const hours = aggregateBars(day, '1h', regular);
    expect(hours.t).toEqual([sec('2025-03-10T13:30:00Z'), sec('2025-03-10T15:30:00Z')]);
    expect(hours.v).toEqual([60, 5]);
    expect(hours.o[1]).toBe(day.o[at(day, '2025-03-10T15:45:00Z')]);
  });

  it('counts the minutes a session expects: none on a weekend or a holiday, 390 on a regular day', () => {
    expect(expectedMinuteCount(regular, sec('2025-03-08T00:00:00Z'), sec('2025-03-10T00:00:00Z'))).toBe(0);
    expect(expectedMinuteCount(regular, sec('2025-11-27T00:00:00Z'), sec('2025-11-28T00:00:00Z'))).toBe(0);
    expect(sessionWindows(regular, sec('2025-03-10T00:00:00Z'), sec('2025-03-11T00:00:00Z'))).toEqual([[sec('2025-03-10T13:30:00Z'), sec('2025-03-10T20:00:00Z')]]);
    // Clipped to the range asked for.
    expect(sessionWindows(regular, sec('2025-03-10T14:00:00Z'), sec('2025-03-10T14:10:00Z'))).toEqual([[sec('2025-03-10T14:00:00Z'), sec('2025-03-10T14:10:00Z')]]);
  });
});

describe('around-the-clock aggregation (crypto)', () => {
  it('splits days at 00:00 UTC and weeks at Monday 00:00 UTC', () => {
    // Sunday 2025-03-09 23:58Z .. Monday 2025-03-10 00:02Z
    const bars = minutes('2025-03-09T23:58:00Z', '2025-03-10T00:03:00Z', 'BTC/USD');
    const days = aggregateBars(bars, '1D', ALWAYS);
    expect(days.t).toEqual([Date.UTC(2025, 2, 9) / 1000, Date.UTC(2025, 2, 10) / 1000]);
    expect(days.v).toEqual([2, 3]);
    expect(days.o[1]).toBe(bars.o[2]);
    expect(days.c[0]).toBe(bars.c[1]);
    const weeks = aggregateBars(bars, '1W', ALWAYS);
    expect(weeks.t).toEqual([Date.UTC(2025, 2, 3) / 1000, Date.UTC(2025, 2, 10) / 1000]);
    const fourHours = aggregateBars(bars, '4h', ALWAYS);
    expect(fourHours.t).toEqual([sec('2025-03-09T20:00:00Z'), sec('2025-03-10T00:00:00Z')]);
    expect(expectedMinuteCount(ALWAYS, sec('2025-03-09T00:00:00Z'), sec('2025-03-10T00:00:00Z'))).toBe(1440);
  });

  it('returns 1-minute bars unchanged', () => {
    const bars = minutes('2025-03-09T23:58:00Z', '2025-03-10T00:03:00Z', 'BTC/USD');
    expect(aggregateBars(bars, '1m', ALWAYS)).toBe(bars);
  });
});

describe('IncrementalAggregator', () => {
  function feed(src: BarColumns, tf: Timeframe, rule: SessionRule, formingTicks = 0): BarUpdate[] {
    const agg = new IncrementalAggregator(src.symbol, tf, rule);
    const out: BarUpdate[] = [];
    for (let i = 0; i < src.t.length; i++) {
      const bar = { t: src.t[i]!, o: src.o[i]!, h: src.h[i]!, l: src.l[i]!, c: src.c[i]!, v: src.v[i]! };
      // A forming minute is sent several times before it closes; it must not be counted twice.
      for (let k = 0; k < formingTicks; k++) out.push(...agg.update({ ...bar, v: bar.v / 2, c: bar.o, h: bar.o, closed: false }));
      out.push(...agg.update({ ...bar, closed: true }));
    }
    return out;
  }

  function lastPerBucket(updates: BarUpdate[]): BarColumns {
    const byT = new Map<number, BarUpdate>();
    for (const u of updates) byT.set(u.t, u);
    const sorted = [...byT.values()].sort((a, b) => a.t - b.t);
    return {
      symbol: sorted[0]?.symbol ?? '',
      timeframe: sorted[0]?.timeframe ?? '1m',
      t: sorted.map((u) => u.t),
      o: sorted.map((u) => u.o),
      h: sorted.map((u) => u.h),
      l: sorted.map((u) => u.l),
      c: sorted.map((u) => u.c),
      v: sorted.map((u) => u.v),
    };
  }

  it.each([
    ['1h regular, DST Monday', minutes('2025-03-10T12:00:00Z', '2025-03-10T21:00:00Z'), '1h', regular],
    ['15m extended, half day', minutes('2025-11-28T08:30:00Z', '2025-11-28T23:00:00Z'), '15m', extended],
    ['1D regular over a week', concat(minutes('2025-03-07T14:00:00Z', '2025-03-07T21:30:00Z'), minutes('2025-03-10T13:00:00Z', '2025-03-10T20:30:00Z')), '1D', regular],
    ['4h crypto across midnight', minutes('2025-03-09T18:00:00Z', '2025-03-10T06:00:00Z', 'BTC/USD'), '4h', ALWAYS],
  ] as const)('ends with the same bars as the batch aggregation (%s), forming updates included', (_name, src, tf, rule) => {
    const updates = feed(src, tf, rule, 2);
    const final = lastPerBucket(updates);
    const batch = aggregateBars(src, tf, rule);
    expect(final.t).toEqual(batch.t);
    expect(final.v).toEqual(batch.v);
    expect(final.o).toEqual(batch.o);
    expect(final.c).toEqual(batch.c);
    expect(final.h).toEqual(batch.h);
    expect(final.l).toEqual(batch.l);
    // Every bucket ends closed exactly once.
    const closed = updates.filter((u) => u.closed);
    expect(new Set(closed.map((u) => u.t)).size).toBe(closed.length);
  });

  it('closes the last regular hour when 15:59 New York closes, without waiting for the next day', () => {
    const updates = feed(minutes('2025-03-10T19:00:00Z', '2025-03-10T20:00:00Z'), '1h', regular);
    const last = updates[updates.length - 1]!;
    expect(last).toMatchObject({ t: sec('2025-03-10T19:30:00Z'), closed: true, v: 30 });
  });

  it('ignores a minute it has already counted and minutes outside the session', () => {
    const agg = new IncrementalAggregator('AAPL', '1h', regular);
    const bar = { t: sec('2025-03-10T14:00:00Z'), o: 1, h: 2, l: 0.5, c: 1.5, v: 10, closed: true };
    expect(agg.update(bar)).toHaveLength(1);
    expect(agg.update(bar)).toEqual([]);
    expect(agg.update({ ...bar, t: sec('2025-03-10T12:00:00Z') })).toEqual([]);
    expect(agg.current()).toMatchObject({ t: sec('2025-03-10T13:30:00Z'), v: 10, closed: false });
  });
});
