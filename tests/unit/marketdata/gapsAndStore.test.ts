import { afterEach, describe, expect, it } from 'vitest';
import { InvalidBarsError } from '../../../electron/core/marketdata/barStore';
import { EmptyRanges, findGaps, stillMissing } from '../../../electron/core/marketdata/gaps';
import { ALWAYS, type SessionRule } from '../../../electron/core/marketdata/sessions';
import { RuleCalendar } from '../../../electron/core/risk/marketCalendar';
import { tempStore } from './helpers';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function open() {
  const tmp = tempStore();
  cleanup = tmp.cleanup;
  return tmp.open();
}

const sec = (iso: string) => Date.parse(iso) / 1000;
function bars(times: number[]) {
  return { t: times, o: times.map(() => 10), h: times.map(() => 11), l: times.map(() => 9), c: times.map(() => 10.5), v: times.map(() => 1) };
}
const range = (fromSec: number, n: number) => Array.from({ length: n }, (_, i) => fromSec + i * 60);

describe('BarStore batches', () => {
  it.each([
    ['out of order', [0, 120, 60], /out of order/],
    ['with a repeated time', [0, 60, 60], /repeats the time/],
  ])('refuses a batch %s and leaves the store unchanged', (_name, offsets, message) => {
    const { store } = open();
    const base = sec('2025-01-06T00:00:00Z');
    store.upsertMany('x', 'BTC', '1m', bars([base - 60]));
    const bad = bars(offsets.map((o) => base + o));
    expect(() => store.upsertMany('x', 'BTC', '1m', bad)).toThrow(InvalidBarsError);
    expect(() => store.upsertMany('x', 'BTC', '1m', bad)).toThrow(message);
    expect(store.count('x', 'BTC', '1m')).toBe(1);
  });

  it('lists stored times in a range and the oldest time of a series', () => {
    const { store } = open();
    const base = sec('2025-01-06T00:00:00Z');
    store.upsertMany('x', 'BTC', '1m', bars(range(base, 10)));
    expect(store.times('x', 'BTC', '1m', base + 120, base + 300)).toEqual([base + 120, base + 180, base + 240]);
    expect(store.firstTime('x', 'BTC', '1m')).toBe(base);
    expect(store.firstTime('x', 'ETH', '1m')).toBeNull();
  });
});

describe('findGaps', () => {
  it('reports runs of missing minutes, never across a session boundary, and skips minutes known to be empty', () => {
    const { db, store } = open();
    const empty = new EmptyRanges(db);
    const rule: SessionRule = { kind: 'us_equity', session: 'regular', calendar: new RuleCalendar() };
    // Friday 2025-03-07 (14:30Z-21:00Z) and Monday 2025-03-10 (13:30Z-20:00Z), all stored but:
    const fri = range(sec('2025-03-07T14:30:00Z'), 390);
    const mon = range(sec('2025-03-10T13:30:00Z'), 390);
    const missing = new Set([...range(sec('2025-03-07T20:55:00Z'), 5), ...range(sec('2025-03-10T13:30:00Z'), 3), ...range(sec('2025-03-10T15:00:00Z'), 2)]);
    store.upsertMany('alp', 'AAPL', '1m', bars([...fri, ...mon].filter((t) => !missing.has(t))));
    const gaps = findGaps({ store, empty, source: 'alp', symbol: 'AAPL', rule, fromSec: sec('2025-03-07T00:00:00Z'), toSec: sec('2025-03-11T00:00:00Z') });
    expect(gaps).toEqual([
      { fromSec: sec('2025-03-07T20:55:00Z'), toSec: sec('2025-03-07T21:00:00Z'), bars: 5 },
      { fromSec: sec('2025-03-10T13:30:00Z'), toSec: sec('2025-03-10T13:33:00Z'), bars: 3 },
      { fromSec: sec('2025-03-10T15:00:00Z'), toSec: sec('2025-03-10T15:02:00Z'), bars: 2 },
    ]);
    empty.add('alp', 'AAPL', [[sec('2025-03-10T15:00:00Z'), sec('2025-03-10T15:02:00Z')]], Date.now());
    expect(findGaps({ store, empty, source: 'alp', symbol: 'AAPL', rule, fromSec: sec('2025-03-10T00:00:00Z'), toSec: sec('2025-03-11T00:00:00Z') })).toHaveLength(1);
    expect(stillMissing(store, 'alp', 'AAPL', gaps)).toEqual(gaps.map((g) => [g.fromSec, g.toSec]));
  });

  it('expects every minute around the clock for crypto', () => {
    const { db, store } = open();
    const base = sec('2025-03-09T23:00:00Z');
    store.upsertMany('b', 'BTC/USDT', '1m', bars(range(base, 120).filter((_, i) => i !== 59 && i !== 60)));
    expect(findGaps({ store, empty: new EmptyRanges(db), source: 'b', symbol: 'BTC/USDT', rule: ALWAYS, fromSec: base, toSec: base + 7_200 })).toEqual([
      { fromSec: base + 59 * 60, toSec: base + 61 * 60, bars: 2 },
    ]);
  });
});
