import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BarUpdate } from '../../../shared/contract/market';
import type { BarStore } from '../../../electron/core/marketdata/barStore';
import { SampleFeed, type SampleFeedOptions, type SampleJump, type SampleTick } from '../../../electron/core/marketdata/sampleFeed';
import { generateHistory, generateMinuteTicks } from '../../../electron/core/marketdata/sampleGenerator';
import { sampleMarket, type SampleListing } from '../../../electron/core/marketdata/sampleInstruments';
import { T0, tempStore } from './helpers';

const SEED = 20_250_310;
const MIN = 60_000;
const HOUR = 60 * MIN;
const listings = sampleMarket();
const two = listings.filter((l) => l.profile.symbol === 'ACME' || l.profile.symbol === 'ORB/USD');
const only = (symbol: string) => listings.filter((l) => l.profile.symbol === symbol);

let cleanups: Array<() => void> = [];
afterEach(() => {
  vi.useRealTimers();
  for (const c of cleanups) c();
  cleanups = [];
});

function tmp() {
  const t = tempStore();
  cleanups.push(t.cleanup);
  return t;
}

function makeFeed(store: BarStore, opts: Partial<SampleFeedOptions> & { listings?: readonly SampleListing[] } = {}) {
  const feed = new SampleFeed({ seed: SEED, listings: two, barStore: store, now: () => T0, historyDays: 1, paused: true, ...opts });
  const updates: BarUpdate[] = [];
  const ticks: SampleTick[] = [];
  const jumps: SampleJump[] = [];
  feed.onUpdate((u) => updates.push(u));
  feed.onTick((t) => ticks.push(t));
  feed.onJump((j) => jumps.push(j));
  feed.onError((e) => {
    throw e;
  });
  return { feed, updates, ticks, jumps };
}

function allBars(store: BarStore, symbol: string) {
  return store.range({ source: 'sample', symbol, timeframe: '1m', limit: 200_000 });
}

/** Every stored bar of a symbol must be exactly the one continuous series that starts at its first bar. */
function expectOneContinuousSeries(store: BarStore, listing: SampleListing) {
  const stored = allBars(store, listing.profile.symbol);
  const n = stored.t.length;
  const first = stored.t[0]!;
  expect(stored.t[n - 1]).toBe(first + (n - 1) * 60);
  const reference = generateHistory(listing.profile, SEED, first, n);
  expect(stored.c).toEqual(Array.from(reference.c));
  expect(stored.v).toEqual(Array.from(reference.v));
  expect(stored.h).toEqual(Array.from(reference.h));
}

const minuteOf = (ms: number) => Math.floor(ms / MIN) * 60;

describe('SampleFeed', () => {
  it('generates historyDays of bars ending before the current market minute on first start', () => {
    const { store } = tmp().open();
    const { feed, updates } = makeFeed(store);
    feed.init();
    for (const l of two) {
      const bars = allBars(store, l.profile.symbol);
      expect(bars.t).toHaveLength(1440);
      expect(bars.t.at(-1)).toBe(minuteOf(T0) - 60);
      // The clock starts mid-minute: the minute's earlier trades are already in the forming bar.
      const ticks = generateMinuteTicks(l.profile, SEED, minuteOf(T0), bars.c.at(-1)!);
      const done = ticks.offsetsMs.filter((ms) => ms <= T0 - minuteOf(T0) * 1000).length;
      expect(done).toBeGreaterThan(0);
      const prices = ticks.prices.slice(0, done);
      expect(feed.formingBar(l.profile.symbol)).toEqual({
        symbol: l.profile.symbol,
        timeframe: '1m',
        t: minuteOf(T0),
        o: prices[0],
        h: Math.max(...prices),
        l: Math.min(...prices),
        c: prices.at(-1),
        v: ticks.volumes.slice(0, done).reduce((x, y) => x + y, 0),
        closed: false,
      });
      expect(feed.lastPrice(l.profile.symbol)).toBe(prices.at(-1));
    }
    expect(feed.status()).toEqual({ speed: 60, paused: true, running: false, marketTime: T0 });
    expect(updates).toHaveLength(0);
    expect(feed.lastPrice('NOPE')).toBeNull();
    expect(() => feed.init()).toThrow(/already/);
  });

  it('step() emits ticks and forming updates, then the closed bar, and persists it', () => {
    const { store } = tmp().open();
    const { feed, updates, ticks } = makeFeed(store, { listings: only('ACME') });
    feed.init();
    const minute = minuteOf(T0);
    // Up to the end of the current minute: its remaining ticks, then the close.
    feed.step(minute * 1000 + MIN - T0);
    expect(feed.status().marketTime).toBe((minute + 60) * 1000);

    const closed = updates.filter((u) => u.closed);
    expect(closed).toHaveLength(1);
    expect(updates.at(-1)).toBe(closed[0]);
    const forming = updates.filter((u) => !u.closed);
    expect(forming.length).toBeGreaterThan(0);
    expect(forming.length).toBe(ticks.length);
    for (const u of updates) expect(u).toMatchObject({ symbol: 'ACME', timeframe: '1m', t: minute });
    // Every tick falls inside the minute, in order, and drives the forming bar.
    for (let i = 0; i < ticks.length; i++) {
      expect(ticks[i]!.t).toBeGreaterThanOrEqual(T0);
      expect(ticks[i]!.t).toBeLessThan((minute + 60) * 1000);
      if (i > 0) expect(ticks[i]!.t).toBeGreaterThan(ticks[i - 1]!.t);
      expect(forming[i]!.c).toBe(ticks[i]!.price);
    }
    // The final forming state is the closed bar, and the closed bar is what the store holds.
    expect({ ...forming.at(-1)!, closed: true }).toEqual(closed[0]);
    const { closed: _closed, symbol: _s, timeframe: _tf, ...values } = closed[0]!;
    expect(store.latest('sample', 'ACME', '1m')).toEqual(values);
    expect(feed.lastPrice('ACME')).toBe(values.c);
  });

  it('the live minutes it stores are the same series as the history', () => {
    const { store } = tmp().open();
    const { feed, updates } = makeFeed(store);
    feed.init();
    feed.step(3 * HOUR);
    expect(updates.filter((u) => u.closed)).toHaveLength(2 * 180);
    for (const l of two) {
      expect(allBars(store, l.profile.symbol).t).toHaveLength(1440 + 180);
      expectOneContinuousSeries(store, l);
    }
  });

  it('a restart resumes at the last stored bar and continues exactly as an uninterrupted run', () => {
    const reference = tmp().open().store;
    const uninterrupted = makeFeed(reference).feed;
    uninterrupted.init();
    uninterrupted.step(3 * HOUR);

    const dir = tmp();
    const first = makeFeed(dir.open().store).feed;
    first.init();
    first.step(HOUR + 17_000);
    // The process dies: the forming minute was never stored.
    const lastStored = dir.open().store.latest('sample', 'ACME', '1m')!;
    const second = makeFeed(dir.open().store, { now: () => T0 + 10 * 24 * HOUR }).feed;
    second.init();
    expect(second.status().marketTime).toBe((lastStored.t + 60) * 1000);
    second.step(T0 + 3 * HOUR - second.status().marketTime);

    const restarted = dir.open().store;
    for (const l of two) {
      expect(allBars(restarted, l.profile.symbol)).toEqual(allBars(reference, l.profile.symbol));
      expect(second.lastPrice(l.profile.symbol)).toBe(uninterrupted.lastPrice(l.profile.symbol));
    }
  });

  it('fills the gap of a symbol that fell behind, from its last stored close', () => {
    const dir = tmp();
    const a = makeFeed(dir.open().store).feed;
    a.init();
    a.step(10 * MIN);
    // A run that did not list ORB/USD moves the market on by two hours.
    const b = makeFeed(dir.open().store, { listings: only('ACME') }).feed;
    b.init();
    b.step(2 * HOUR);
    const store = dir.open().store;
    const acmeLast = store.latest('sample', 'ACME', '1m')!;
    expect(store.latest('sample', 'ORB/USD', '1m')!.t).toBeLessThan(acmeLast.t - HOUR / 1000);

    const c = makeFeed(store).feed;
    c.init();
    expect(store.latest('sample', 'ORB/USD', '1m')!.t).toBe(acmeLast.t);
    for (const l of two) expectOneContinuousSeries(store, l);
    // And a symbol never seen before gets its history ending at the same minute.
    const d = makeFeed(store, { listings: [...two, ...only('BOLT')] }).feed;
    d.init();
    const bolt = allBars(store, 'BOLT');
    expect(bolt.t).toHaveLength(1440);
    expect(bolt.t.at(-1)).toBe(acmeLast.t);
  });

  it('on its timer, jumps with one batch per fire when far behind, and stays gapless', () => {
    vi.useFakeTimers();
    let wall = T0;
    const { store } = tmp().open();
    const { feed, updates, ticks, jumps } = makeFeed(store, { now: () => wall, paused: false, liveCatchUpMinutes: 5, maxMinutesPerFire: 1440 });
    feed.init();
    feed.start();
    // Asleep for 72 wall minutes at speed 60: three market days are due at the next fire.
    wall += 72 * MIN;
    vi.advanceTimersByTime(200);
    expect(feed.status().marketTime).toBe(T0 + 24 * HOUR);
    expect(jumps).toHaveLength(2);
    expect(jumps[0]).toEqual({ fromSec: minuteOf(T0), toSec: minuteOf(T0 + 24 * HOUR) });
    vi.advanceTimersByTime(400);
    expect(feed.status().marketTime).toBe(T0 + 3 * 24 * HOUR);
    // No per-tick replay of three days: a jump announces only its last closed bar.
    expect(jumps).toHaveLength(2 * 3);
    expect(ticks.length).toBeLessThan(2 * 3 * 2 * 12);
    expect(updates.length).toBeLessThan(200);
    for (const l of two) {
      const symbol = l.profile.symbol;
      expect(allBars(store, symbol).t.at(-1)).toBe(minuteOf(T0 + 3 * 24 * HOUR) - 60);
      expectOneContinuousSeries(store, l);
      const dayStart = Math.floor((T0 + 3 * 24 * HOUR) / (24 * HOUR)) * 86_400;
      const closeBefore = store.range({ source: 'sample', symbol, timeframe: '1m', to: dayStart * 1000, limit: 1 }).c[0];
      expect(feed.dayOpen(symbol)).toBe(closeBefore);
      const lastClosed = updates.filter((u) => u.symbol === symbol && u.closed).at(-1)!;
      expect(lastClosed.t).toBeLessThanOrEqual(minuteOf(T0 + 3 * 24 * HOUR) - 60);
    }
    feed.stop();
  });

  it('step() never jumps: a long step replays every tick', () => {
    const { store } = tmp().open();
    const { feed, updates, ticks, jumps } = makeFeed(store, { listings: only('ACME'), liveCatchUpMinutes: 0 });
    feed.init();
    feed.step(6 * HOUR);
    expect(jumps).toHaveLength(0);
    expect(updates.filter((u) => u.closed)).toHaveLength(360);
    expect(ticks.length).toBeGreaterThanOrEqual(360 * 6);
  });

  it('tracks the day open at 00:00 UTC across midnight', () => {
    const { store } = tmp().open();
    const beforeMidnight = Date.UTC(2025, 2, 10, 23, 58, 30);
    const { feed } = makeFeed(store, { now: () => beforeMidnight, listings: only('ACME') });
    feed.init();
    const closeBefore = (dayStartSec: number) =>
      store.range({ source: 'sample', symbol: 'ACME', timeframe: '1m', to: dayStartSec * 1000, limit: 1 }).c[0];
    const today = Date.UTC(2025, 2, 10) / 1000;
    expect(feed.dayOpen('ACME')).toBe(closeBefore(today));

    feed.step(3 * MIN);
    expect(feed.dayOpen('ACME')).toBe(closeBefore(today + 86_400));
    expect(feed.dayOpen('ACME')).not.toBe(closeBefore(today));

    feed.step(2 * 24 * HOUR);
    expect(feed.dayOpen('ACME')).toBe(closeBefore(today + 3 * 86_400));
  });

  it('runs on its timer at `speed`, pauses, changes speed, and bounds the work of one fire', () => {
    vi.useFakeTimers();
    let wall = T0;
    const { store } = tmp().open();
    const { feed, updates } = makeFeed(store, { now: () => wall, paused: false, timerMs: 200, maxMinutesPerFire: 60 });
    feed.init();
    feed.start();
    expect(feed.status().running).toBe(true);

    wall += 1_000;
    vi.advanceTimersByTime(200);
    expect(feed.status().marketTime).toBe(T0 + 60_000); // speed 60: one wall second = one market minute
    expect(updates.length).toBeGreaterThan(0);

    feed.setPaused(true);
    wall += 5_000;
    vi.advanceTimersByTime(1_000);
    expect(feed.status().marketTime).toBe(T0 + 60_000);

    feed.setPaused(false);
    feed.setSpeed(600);
    wall += 1_000;
    vi.advanceTimersByTime(200);
    expect(feed.status()).toMatchObject({ speed: 600, marketTime: T0 + 11 * MIN });

    // The laptop slept for an hour: 60 market hours are due, one fire covers at most 60 minutes.
    wall += HOUR / 10;
    vi.advanceTimersByTime(200);
    expect(feed.status().marketTime).toBe(T0 + 71 * MIN);
    vi.advanceTimersByTime(200);
    expect(feed.status().marketTime).toBe(T0 + 131 * MIN);

    feed.stop();
    expect(feed.status().running).toBe(false);
    const stoppedAt = feed.status().marketTime;
    wall += HOUR;
    vi.advanceTimersByTime(10_000);
    expect(feed.status().marketTime).toBe(stoppedAt);
    for (const l of two) expectOneContinuousSeries(store, l);
  });

  it('keeps going when a listener throws, and reports it', () => {
    const { store } = tmp().open();
    const feed = new SampleFeed({ seed: SEED, listings: only('ACME'), barStore: store, now: () => T0, historyDays: 0, paused: true });
    const errors: Error[] = [];
    const seen: BarUpdate[] = [];
    feed.onError((e) => errors.push(e));
    feed.onUpdate(() => {
      throw new Error('subscriber bug');
    });
    feed.onUpdate((u) => seen.push(u));
    feed.onTick(() => feed.step(1));
    feed.init();
    feed.step(2 * MIN);
    expect(seen.filter((u) => u.closed)).toHaveLength(2);
    expect(errors.some((e) => /subscriber bug/.test(e.message))).toBe(true);
    expect(errors.some((e) => /inside one of its listeners/.test(e.message))).toBe(true);
    expect(store.count('sample', 'ACME', '1m')).toBe(2);
  });

  it('validates its options', () => {
    const { store } = tmp().open();
    expect(() => new SampleFeed({ seed: 1, listings: two, barStore: store, speed: 0 })).toThrow(/speed/);
    expect(() => new SampleFeed({ seed: 1, listings: [...two, ...two], barStore: store })).toThrow(/twice/);
    const feed = new SampleFeed({ seed: 1, listings: two, barStore: store });
    expect(() => feed.step(1)).toThrow(/init/);
    expect(() => feed.setSpeed(Number.NaN)).toThrow(/speed/);
  });
});
