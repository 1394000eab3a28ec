import { afterEach, describe, expect, it } from 'vitest';
import type { BarUpdate } from '../../../shared/contract';
import { BackfillRepo } from '../../../electron/core/marketdata/backfillRepo';
import { BackfillService } from '../../../electron/core/marketdata/backfill';
import { EmptyRanges } from '../../../electron/core/marketdata/gaps';
import { LiveService } from '../../../electron/core/marketdata/live';
import { VenueRateLimiter } from '../../../electron/core/marketdata/rateLimiter';
import type { BookSnapshot, LiveTrade } from '../../../electron/core/marketdata/source';
import { RuleCalendar } from '../../../electron/core/risk/marketCalendar';
import { EventCoalescer } from '../../../electron/core/api/eventCoalescer';
import { tempStore } from './helpers';
import { MemorySource } from './memorySource';

const silent = { debug() {}, info() {}, warn() {}, error() {} };
const MIN = 60_000;
let cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

function setup(opts: { perSecond?: number; burst?: number; tradesWindow?: number; bookDepth?: number } = {}) {
  const tmp = tempStore();
  cleanups.push(tmp.cleanup);
  const { db, store } = tmp.open();
  const source = new MemorySource('mem', { BTC: 'crypto', ETH: 'crypto' }, { pageSize: 100 });
  const limiter = new VenueRateLimiter({ perSecond: opts.perSecond ?? 1_000, burst: opts.burst ?? 1_000 });
  cleanups.push(() => limiter.dispose());
  const bars: BarUpdate[] = [];
  const trades: LiveTrade[][] = [];
  const books: BookSnapshot[] = [];
  const live = new LiveService({
    store,
    source: (id) => Promise.resolve(id === 'mem' ? source : null),
    limiter: () => limiter,
    calendar: new RuleCalendar(),
    emit: { bar: (u) => bars.push(u), trades: (_s, _y, t) => trades.push(t), book: (_s, _y, b) => books.push(b) },
    log: silent,
    catchUpMaxMinutes: 30,
    tradesWindow: opts.tradesWindow,
    bookDepth: opts.bookDepth,
  });
  cleanups.push(() => live.close());
  return { db, store, source, limiter, live, bars, trades, books };
}

describe('LiveService', () => {
  it('catches up the last minutes at subscribe, then stores and pushes closed minutes, forming ones only pushed', async () => {
    const { live, store, source, bars } = setup();
    await live.subscribe({ source: 'mem', symbol: 'BTC', trades: false, book: false });
    await live.idle();
    const nowMinuteSec = Math.floor(Date.now() / MIN) * 60;
    expect(store.count('mem', 'BTC', '1m')).toBe(30);
    expect(store.latest('mem', 'BTC', '1m')?.t).toBe(nowMinuteSec - 60);
    source.push('BTC', nowMinuteSec, false);
    expect(store.count('mem', 'BTC', '1m')).toBe(30);
    expect(bars[bars.length - 1]).toMatchObject({ t: nowMinuteSec, timeframe: '1m', closed: false });
    source.push('BTC', nowMinuteSec, true);
    expect(store.count('mem', 'BTC', '1m')).toBe(31);
    expect(bars[bars.length - 1]).toMatchObject({ t: nowMinuteSec, closed: true });
    await expect(live.subscribe({ source: 'mem', symbol: 'NOPE', trades: false, book: false })).rejects.toMatchObject({ kind: 'not_found' });
  });

  it('drops a live bar that is not a bar and leaves the store as it was', async () => {
    const { live, store, source } = setup();
    await live.subscribe({ source: 'mem', symbol: 'ETH', trades: false, book: false });
    await live.idle();
    const before = store.count('mem', 'ETH', '1m');
    source.pushBar('ETH', { t: Math.floor(Date.now() / MIN) * 60, o: 1, h: 0.5, l: 2, c: 1, v: 1, closed: true });
    expect(store.count('mem', 'ETH', '1m')).toBe(before);
  });

  it('fetches the minutes missed while the source was reconnecting', async () => {
    const { live, store, source, db } = setup();
    await live.subscribe({ source: 'mem', symbol: 'BTC', trades: false, book: false });
    await live.idle();
    // Ten minutes the stream never delivered (deleted here to stand for them).
    const nowMinuteSec = Math.floor(Date.now() / MIN) * 60;
    db.prepare(`DELETE FROM bars WHERE source = 'mem' AND t >= ?`).run(nowMinuteSec - 600);
    source.setState('reconnecting');
    source.setState('live');
    await live.idle();
    expect(store.latest('mem', 'BTC', '1m')?.t).toBe(nowMinuteSec - 60);
    expect(store.count('mem', 'BTC', '1m')).toBe(30);
    const asked = source.calls[source.calls.length - 1]!;
    expect(asked.fromMs).toBe((nowMinuteSec - 600) * 1000);
  });

  it('goes ahead of a running backfill at the venue limiter', async () => {
    const { live, store, source, limiter, db } = setup({ perSecond: 10, burst: 1 });
    const backfill = new BackfillService({
      repo: new BackfillRepo(db),
      store,
      empty: new EmptyRanges(db),
      source: () => Promise.resolve(source),
      limiter: () => limiter,
      calendar: new RuleCalendar(),
      onProgress: () => undefined,
      log: silent,
      concurrency: 4,
    });
    cleanups.push(() => backfill.close());
    const day = Date.UTC(2025, 0, 6);
    await backfill.start({ source: 'mem', symbols: ['ETH'], from: day, to: day + 3_000 * MIN, session: 'regular' });
    await new Promise((r) => setTimeout(r, 250));
    expect(limiter.waiting('backfill')).toBeGreaterThan(0);
    const start = Date.now();
    await live.subscribe({ source: 'mem', symbol: 'BTC', trades: false, book: false });
    await live.idle();
    // One token interval (100 ms) at most, though backfill requests were queued before it.
    expect(Date.now() - start).toBeLessThan(250);
    expect(store.count('mem', 'BTC', '1m')).toBe(30);
    expect(limiter.granted.live).toBe(1);
  });

  it('keeps a bounded window of trades and sends the book cut to its depth', async () => {
    const { live, source, trades, books } = setup({ tradesWindow: 5, bookDepth: 2 });
    await live.subscribe({ source: 'mem', symbol: 'BTC', trades: true, book: true });
    for (let i = 0; i < 8; i++) source.pushTrade('BTC', { t: 1_000 + i, price: 100 + i, size: 1, side: i % 2 ? 'buy' : 'sell' });
    expect(live.recentTrades('mem', 'BTC').map((t) => t.t)).toEqual([1_003, 1_004, 1_005, 1_006, 1_007]);
    expect(trades).toHaveLength(8);
    source.pushBook('BTC', { t: 5, bids: [[99, 1], [98, 1], [97, 1]], asks: [[101, 1], [102, 1], [103, 1]] });
    expect(books[0]).toEqual({ t: 5, bids: [[99, 1], [98, 1]], asks: [[101, 1], [102, 1]] });
    live.unsubscribe('mem', 'BTC');
    source.pushTrade('BTC', { t: 2_000, price: 1, size: 1, side: null });
    expect(trades).toHaveLength(8);
    expect(live.subscriptions()).toEqual([]);
  });
});

describe('EventCoalescer (market data events)', () => {
  it('concatenates trades up to a cap, keeps the latest book per source and symbol, and the latest progress per job', () => {
    const c = new EventCoalescer(1_000, () => undefined);
    const out: Array<[string, unknown]> = [];
    c.subscribe((e, p) => out.push([e, p]));
    for (let i = 0; i < 700; i++) c.trades({ source: 's', symbol: 'BTC', trades: [{ t: i, price: 1, size: 1, side: null }] });
    c.trades({ source: 's', symbol: 'ETH', trades: [{ t: 1, price: 2, size: 1, side: 'buy' }] });
    c.book({ source: 's', symbol: 'BTC', t: 1, bids: [[1, 1]], asks: [] });
    c.book({ source: 's', symbol: 'BTC', t: 2, bids: [[2, 1]], asks: [] });
    const job = (id: string, barsDone: number) => ({
      id,
      source: 's',
      symbols: ['BTC'],
      from: 0,
      to: 60_000,
      status: 'running' as const,
      barsDone,
      barsExpected: 10,
      barsPerSec: 1,
      etaSec: 1,
      gapsFound: 0,
      gapsRepaired: 0,
      error: null,
      createdAt: 0,
      updatedAt: 0,
    });
    c.backfillProgress({ job: job('a', 1) });
    c.backfillProgress({ job: job('a', 5) });
    c.backfillProgress({ job: job('b', 2) });
    c.flush();
    const trades = out.filter(([e]) => e === 'market.trades').map(([, p]) => p as { symbol: string; trades: Array<{ t: number }> });
    expect(trades.map((t) => [t.symbol, t.trades.length])).toEqual([
      ['BTC', 500],
      ['ETH', 1],
    ]);
    expect(trades[0]!.trades[0]!.t).toBe(200); // the newest 500 of 700
    expect(out.filter(([e]) => e === 'market.book').map(([, p]) => (p as { t: number }).t)).toEqual([2]);
    expect(out.filter(([e]) => e === 'market.backfillProgress').map(([, p]) => (p as { job: { id: string; barsDone: number } }).job)).toMatchObject([
      { id: 'a', barsDone: 5 },
      { id: 'b', barsDone: 2 },
    ]);
    c.close();
  });
});
