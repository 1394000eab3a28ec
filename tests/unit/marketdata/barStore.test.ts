import { afterEach, describe, expect, it } from 'vitest';
import { BarStore, InvalidBarsError, type OhlcvColumns } from '../../../electron/core/marketdata/barStore';
import { tempStore } from './helpers';

const BASE = 1_741_600_000 - (1_741_600_000 % 60); // a whole minute, epoch seconds
const KEY = { source: 'sample', symbol: 'ACME', timeframe: '1m' } as const;

/** n consecutive valid minute bars; bar i closes at 100 + i. */
function bars(n: number, from = BASE): { t: number[]; o: number[]; h: number[]; l: number[]; c: number[]; v: number[] } {
  const cols = { t: [] as number[], o: [] as number[], h: [] as number[], l: [] as number[], c: [] as number[], v: [] as number[] };
  for (let i = 0; i < n; i++) {
    const c = 100 + i;
    cols.t.push(from + i * 60);
    cols.o.push(c - 0.5);
    cols.h.push(c + 1);
    cols.l.push(c - 1);
    cols.c.push(c);
    cols.v.push(10 * i);
  }
  return cols;
}

let cleanup: () => void = () => {};
afterEach(() => cleanup());

function openStore(): BarStore {
  const tmp = tempStore();
  cleanup = tmp.cleanup;
  return tmp.open().store;
}

describe('BarStore', () => {
  it('upserts idempotently and replaces values on conflict', () => {
    const store = openStore();
    expect(store.upsertMany('sample', 'ACME', '1m', bars(100))).toBe(100);
    store.upsertMany('sample', 'ACME', '1m', bars(100));
    expect(store.count('sample', 'ACME', '1m')).toBe(100);

    const changed = bars(1, BASE + 50 * 60);
    changed.c[0] = 42;
    changed.o[0] = 42;
    changed.l[0] = 41;
    store.upsertMany('sample', 'ACME', '1m', changed);
    expect(store.count('sample', 'ACME', '1m')).toBe(100);
    const r = store.range({ ...KEY, from: (BASE + 50 * 60) * 1000, to: (BASE + 51 * 60) * 1000, limit: 10 });
    expect(r.c).toEqual([42]);
    expect(r.l).toEqual([41]);
  });

  it('keeps series apart by source, symbol and timeframe', () => {
    const store = openStore();
    store.upsertMany('sample', 'ACME', '1m', bars(10));
    store.upsertMany('sample', 'BOLT', '1m', bars(3));
    store.upsertMany('alpaca', 'ACME', '1m', bars(4));
    store.upsertMany('sample', 'ACME', '1h', bars(5));
    expect(store.count('sample', 'ACME', '1m')).toBe(10);
    expect(store.count('sample', 'BOLT', '1m')).toBe(3);
    expect(store.count('alpaca', 'ACME', '1m')).toBe(4);
    expect(store.count('sample', 'ACME', '1h')).toBe(5);
    expect(store.count('sample', 'CRUX', '1m')).toBe(0);
    expect(store.latest('sample', 'CRUX', '1m')).toBeNull();
  });

  it('accepts typed arrays', () => {
    const store = openStore();
    const src = bars(5);
    const typed: OhlcvColumns = {
      t: Float64Array.from(src.t),
      o: Float64Array.from(src.o),
      h: Float64Array.from(src.h),
      l: Float64Array.from(src.l),
      c: Float64Array.from(src.c),
      v: Float64Array.from(src.v),
    };
    store.upsertMany('sample', 'ACME', '1m', typed);
    expect(store.range({ ...KEY, limit: 10 })).toEqual({ symbol: 'ACME', timeframe: '1m', ...src });
  });

  it('returns the most recent `limit` bars of [from, to) in ascending order, ms bounds', () => {
    const store = openStore();
    const src = bars(100);
    store.upsertMany('sample', 'ACME', '1m', src);
    const ms = (i: number) => (BASE + i * 60) * 1000;

    const all = store.range({ ...KEY, limit: 1_000 });
    expect(all.t).toEqual(src.t);
    expect(all).toEqual({ symbol: 'ACME', timeframe: '1m', ...src });

    const last5 = store.range({ ...KEY, limit: 5 });
    expect(last5.t).toEqual(src.t.slice(95));
    expect(last5.c).toEqual(src.c.slice(95));

    // from inclusive, to exclusive
    const window = store.range({ ...KEY, from: ms(10), to: ms(20), limit: 1_000 });
    expect(window.t).toEqual(src.t.slice(10, 20));
    // limit keeps the newest of the window
    expect(store.range({ ...KEY, from: ms(10), to: ms(20), limit: 3 }).t).toEqual(src.t.slice(17, 20));
    // only `to`: the newest bars before it
    expect(store.range({ ...KEY, to: ms(20), limit: 2 }).t).toEqual(src.t.slice(18, 20));
    // only `from`: the newest bars of the whole tail
    expect(store.range({ ...KEY, from: ms(90), limit: 1_000 }).t).toEqual(src.t.slice(90));
    // a millisecond past a bar's open excludes it as `from`, includes it as `to`
    expect(store.range({ ...KEY, from: ms(10) + 1, to: ms(12) + 1, limit: 1_000 }).t).toEqual(src.t.slice(11, 13));
    // an empty or inverted window
    expect(store.range({ ...KEY, from: ms(10), to: ms(10), limit: 10 }).t).toEqual([]);
    expect(store.range({ ...KEY, from: ms(20), to: ms(10), limit: 10 }).t).toEqual([]);
    expect(() => store.range({ ...KEY, limit: 0 })).toThrow(/limit/);
    expect(() => store.range({ ...KEY, from: Number.NaN, limit: 1 })).toThrow(/from/);
  });

  it('reports the latest bar and counts within a window', () => {
    const store = openStore();
    store.upsertMany('sample', 'ACME', '1m', bars(30));
    expect(store.latest('sample', 'ACME', '1m')).toEqual({ t: BASE + 29 * 60, o: 128.5, h: 130, l: 128, c: 129, v: 290 });
    expect(store.count('sample', 'ACME', '1m', (BASE + 5 * 60) * 1000, (BASE + 15 * 60) * 1000)).toBe(10);
  });

  it.each([
    ['a non-finite price', (b: ReturnType<typeof bars>) => (b.h[7] = Number.POSITIVE_INFINITY), /prices must be finite/],
    ['NaN volume', (b: ReturnType<typeof bars>) => (b.v[7] = Number.NaN), /volume/],
    ['negative volume', (b: ReturnType<typeof bars>) => (b.v[7] = -1), /volume/],
    ['h below l', (b: ReturnType<typeof bars>) => ((b.h[7] = 90), (b.l[7] = 95)), /h is below l/],
    ['h below the close', (b: ReturnType<typeof bars>) => (b.h[7] = b.c[7]! - 0.1), /h is below o or c/],
    ['l above the open', (b: ReturnType<typeof bars>) => (b.l[7] = b.o[7]! + 0.1), /l is above o or c/],
    ['a fractional time', (b: ReturnType<typeof bars>) => (b.t[7] = b.t[7]! + 0.5), /whole epoch seconds/],
    ['a short column', (b: ReturnType<typeof bars>) => b.v.pop(), /differ in length/],
  ])('refuses a batch with %s and writes none of it', (_name, spoil, message) => {
    const store = openStore();
    store.upsertMany('sample', 'ACME', '1m', bars(5, BASE - 3_600));
    const bad = bars(10);
    spoil(bad);
    expect(() => store.upsertMany('sample', 'ACME', '1m', bad)).toThrow(InvalidBarsError);
    expect(() => store.upsertMany('sample', 'ACME', '1m', bad)).toThrow(message);
    expect(store.count('sample', 'ACME', '1m')).toBe(5);
  });

  it('writes several series in one transaction, all or nothing', () => {
    const store = openStore();
    const bad = bars(10);
    bad.l[9] = 1_000;
    expect(() =>
      store.upsertBatches([
        { ...KEY, bars: bars(10) },
        { ...KEY, symbol: 'BOLT', bars: bad },
      ]),
    ).toThrow(/Invalid bar 9 of 10 for sample\/BOLT\/1m/);
    expect(store.count('sample', 'ACME', '1m')).toBe(0);
    expect(store.upsertBatches([{ ...KEY, bars: bars(10) }, { ...KEY, symbol: 'BOLT', bars: bars(4) }])).toBe(14);
  });

  it('survives reopening the file', () => {
    const tmp = tempStore();
    cleanup = tmp.cleanup;
    const first = tmp.open();
    first.store.upsertMany('sample', 'ACME', '1m', bars(7));
    first.db.close();
    expect(tmp.open().store.count('sample', 'ACME', '1m')).toBe(7);
  });
});
