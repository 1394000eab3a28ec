import { afterEach, describe, expect, it } from 'vitest';
import type { BackfillJob } from '../../../shared/contract/marketdata';
import { ApiError } from '../../../electron/core/api/errors';
import { BackfillService, type BackfillOptions } from '../../../electron/core/marketdata/backfill';
import { BackfillRepo } from '../../../electron/core/marketdata/backfillRepo';
import { EmptyRanges, findGaps } from '../../../electron/core/marketdata/gaps';
import { VenueRateLimiter } from '../../../electron/core/marketdata/rateLimiter';
import { ALWAYS } from '../../../electron/core/marketdata/sessions';
import { MarketDataError } from '../../../electron/core/marketdata/source';
import { RuleCalendar } from '../../../electron/core/risk/marketCalendar';
import { tempStore } from './helpers';
import { MemorySource } from './memorySource';

const silent = { debug() {}, info() {}, warn() {}, error() {} };
/** Monday 2025-01-06 00:00Z: far enough in the past that every minute is settled. */
const DAY = Date.UTC(2025, 0, 6);
const MIN = 60_000;

let cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

function setup(opts: { concurrency?: number; perSecond?: number; pageSize?: number; path?: string } = {}) {
  const tmp = opts.path ? null : tempStore();
  if (tmp) cleanups.push(tmp.cleanup);
  const path = opts.path ?? tmp!.path;
  const { db, store } = tmp ? tmp.open() : openAt(path);
  const source = new MemorySource('mem', { BTC: 'crypto', ETH: 'crypto', AAPL: 'us_equity' }, { pageSize: opts.pageSize ?? 100 });
  const limiter = new VenueRateLimiter({ perSecond: opts.perSecond ?? 1_000, burst: 1_000 });
  const events: BackfillJob[] = [];
  const empty = new EmptyRanges(db);
  const build = (over: Partial<BackfillOptions> = {}) =>
    new BackfillService({
      repo: new BackfillRepo(db),
      store,
      empty,
      source: (id) => Promise.resolve(id === 'mem' ? source : null),
      limiter: () => limiter,
      calendar: new RuleCalendar(),
      onProgress: (job) => events.push(job),
      log: silent,
      concurrency: opts.concurrency ?? 3,
      progressIntervalMs: 50,
      retry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 20, maxRateLimited: 5 },
      ...over,
    });
  const service = build();
  cleanups.push(() => service.close());
  return { db, store, source, limiter, events, empty, service, build };
}

import { BarStore } from '../../../electron/core/marketdata/barStore';
import { openDatabase } from '../../../electron/core/store/database';
function openAt(path: string) {
  const db = openDatabase(path);
  cleanups.push(() => {
    db.close();
  });
  return { db, store: new BarStore(db) };
}

describe('BackfillService', () => {
  it('fetches every symbol in page-sized chunks, in parallel, and finishes done with the counts', async () => {
    const { service, store, source, events } = setup();
    const job = await service.start({ source: 'mem', symbols: ['BTC', 'ETH'], from: DAY, to: DAY + 1_000 * MIN, session: 'regular' });
    expect(job).toMatchObject({ status: 'running', barsExpected: 2_000, symbols: ['BTC', 'ETH'] });
    const done = await service.settled(job.id);
    expect(done).toMatchObject({ status: 'done', barsDone: 2_000, barsExpected: 2_000, gapsFound: 0, gapsRepaired: 0, error: null, etaSec: 0 });
    expect(store.count('mem', 'BTC', '1m', DAY, DAY + 1_000 * MIN)).toBe(1_000);
    expect(store.count('mem', 'ETH', '1m')).toBe(1_000);
    // 10 chunks of 100 minutes per symbol, one page each.
    expect(source.calls).toHaveLength(20);
    expect(events[events.length - 1]).toMatchObject({ id: job.id, status: 'done' });
    expect(service.list()[0]).toMatchObject({ id: job.id, status: 'done', barsDone: 2_000 });
  });

  it('sends progress at most every interval, with bars/s and an ETA while running', async () => {
    const { service, source, events } = setup({ concurrency: 1 });
    for (let i = 0; i < 30; i++) source.script.push({ delayMs: 10 });
    const job = await service.start({ source: 'mem', symbols: ['BTC'], from: DAY, to: DAY + 3_000 * MIN, session: 'regular' });
    await service.settled(job.id);
    const running = events.filter((e) => e.status === 'running');
    expect(running.length).toBeGreaterThan(2);
    // Throttled to the 50 ms interval: 30 chunks over ~300 ms cannot give 30 events.
    expect(running.length).toBeLessThan(20);
    const mid = running.find((e) => e.barsDone > 0 && e.barsDone < 3_000);
    expect(mid?.barsPerSec).toBeGreaterThan(0);
    expect(mid?.etaSec).not.toBeNull();
  });

  it('refuses an unknown symbol, an inverted range and a range that starts in the future; clamps one that ends there', async () => {
    const { service } = setup();
    await expect(service.start({ source: 'mem', symbols: ['BTC', 'NOPE', 'ZZZ'], from: DAY, to: DAY + MIN, session: 'regular' })).rejects.toThrow(
      /has no symbols NOPE, ZZZ/,
    );
    await expect(service.start({ source: 'nowhere', symbols: ['BTC'], from: DAY, to: DAY + MIN, session: 'regular' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(service.start({ source: 'mem', symbols: ['BTC'], from: DAY + MIN, to: DAY, session: 'regular' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(service.start({ source: 'mem', symbols: ['BTC'], from: Date.now() + 3_600_000, to: Date.now() + 7_200_000, session: 'regular' })).rejects.toThrow(/future/);
    expect(service.list()).toEqual([]);
    const from = Math.floor(Date.now() / MIN) * MIN - 30 * MIN;
    const job = await service.start({ source: 'mem', symbols: ['BTC'], from, to: Date.now() + 86_400_000, session: 'regular' });
    expect(job.to).toBe(Math.floor(Date.now() / MIN) * MIN);
    expect(job.barsExpected).toBe(30);
    await service.settled(job.id);
  });

  it.each([
    ['out of order', 'out_of_order' as const, /out of order/],
    ['with a high below its low', 'high_below_low' as const, /h is below l/],
  ])('fails on a page %s with a clear message and writes nothing of that chunk', async (_name, spoil, message) => {
    const { service, store, source } = setup({ concurrency: 1 });
    source.script.push({ delayMs: 0 }, { delayMs: 0 }, spoil);
    const job = await service.start({ source: 'mem', symbols: ['BTC'], from: DAY, to: DAY + 500 * MIN, session: 'regular' });
    const failed = await service.settled(job.id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(message);
    expect(failed.error).toMatch(/Nothing of that chunk was written; resume to try again/);
    // Chunks 1 and 2 were stored; chunk 3 (minutes 200-299) not at all.
    expect(store.count('mem', 'BTC', '1m', DAY, DAY + 200 * MIN)).toBe(200);
    expect(store.count('mem', 'BTC', '1m', DAY + 200 * MIN, DAY + 500 * MIN)).toBe(0);
    // Resuming picks up at the failed chunk and completes.
    service.resume(job.id);
    expect(await service.settled(job.id)).toMatchObject({ status: 'done', barsDone: 500 });
    expect(store.count('mem', 'BTC', '1m')).toBe(500);
  });

  it('finds gaps, fetches them once more, and marks minutes the venue has no trade for as checked', async () => {
    const { service, store, source, empty } = setup();
    // 5 minutes the venue drops from its first answer only; 3 minutes nobody traded.
    for (let m = 120; m < 125; m++) source.hiddenOnce.add((DAY + m * MIN) / 1000);
    for (let m = 400; m < 403; m++) source.empty.add((DAY + m * MIN) / 1000);
    const job = await service.start({ source: 'mem', symbols: ['BTC'], from: DAY, to: DAY + 600 * MIN, session: 'regular' });
    const done = await service.settled(job.id);
    expect(done).toMatchObject({ status: 'done', gapsFound: 2, gapsRepaired: 1, barsDone: 597 });
    expect(store.count('mem', 'BTC', '1m', DAY + 120 * MIN, DAY + 125 * MIN)).toBe(5);
    expect(store.count('mem', 'BTC', '1m', DAY + 400 * MIN, DAY + 403 * MIN)).toBe(0); // never invented
    expect(empty.overlapping('mem', 'BTC', DAY / 1000, (DAY + 600 * MIN) / 1000)).toEqual([[(DAY + 400 * MIN) / 1000, (DAY + 403 * MIN) / 1000]]);
    expect(findGaps({ store, empty, source: 'mem', symbol: 'BTC', rule: ALWAYS, fromSec: DAY / 1000, toSec: (DAY + 600 * MIN) / 1000 })).toEqual([]);
    // A second backfill of the range does not ask for the checked minutes again.
    source.calls.length = 0;
    const again = await service.start({ source: 'mem', symbols: ['BTC'], from: DAY, to: DAY + 600 * MIN, session: 'regular' });
    expect(await service.settled(again.id)).toMatchObject({ status: 'done', gapsFound: 0 });
    expect(source.calls).toHaveLength(6);
  });

  it('counts only session minutes for an equity and expects none on a weekend', async () => {
    const { service } = setup();
    // Saturday 2025-01-04 00:00Z to Tuesday 00:00Z: Monday's regular session only (390 minutes).
    const job = await service.start({ source: 'mem', symbols: ['AAPL'], from: DAY - 2 * 86_400_000, to: DAY + 86_400_000, session: 'regular' });
    expect(job.barsExpected).toBe(390);
    expect(await service.settled(job.id)).toMatchObject({ status: 'done', barsDone: 390, gapsFound: 0 });
  });

  it('pauses the venue for the Retry-After of a 429 and asks for the same page again', async () => {
    const { service, source, limiter } = setup({ concurrency: 1 });
    source.script.push(new MarketDataError('rate_limited', 'slow down', 300));
    const job = await service.start({ source: 'mem', symbols: ['BTC'], from: DAY, to: DAY + 200 * MIN, session: 'regular' });
    await new Promise((r) => setTimeout(r, 50));
    expect(limiter.pausedForMs()).toBeGreaterThan(150);
    expect(await service.settled(job.id)).toMatchObject({ status: 'done', barsDone: 200 });
    const [first, second] = source.calls;
    expect(second!.fromMs).toBe(first!.fromMs);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(290);
  });

  it('retries transient failures and gives up with the venue words after the last attempt', async () => {
    const { service, source } = setup({ concurrency: 1 });
    source.script.push(new MarketDataError('transient', 'HTTP 503'), new MarketDataError('transient', 'HTTP 503'));
    const ok = await service.start({ source: 'mem', symbols: ['BTC'], from: DAY, to: DAY + 100 * MIN, session: 'regular' });
    expect(await service.settled(ok.id)).toMatchObject({ status: 'done' });
    source.script.push(...Array.from({ length: 3 }, () => new MarketDataError('transient', 'the venue is down')));
    const bad = await service.start({ source: 'mem', symbols: ['ETH'], from: DAY, to: DAY + 100 * MIN, session: 'regular' });
    expect(await service.settled(bad.id)).toMatchObject({ status: 'failed', error: 'the venue is down. Resume to try again.' });
  });

  it('cancels a running job, keeps what it stored, and resumes it to the end', async () => {
    const { service, store, source } = setup({ concurrency: 1 });
    for (let i = 0; i < 100; i++) source.script.push({ delayMs: 15 });
    const job = await service.start({ source: 'mem', symbols: ['BTC'], from: DAY, to: DAY + 2_000 * MIN, session: 'regular' });
    await new Promise((r) => setTimeout(r, 80));
    const canceled = await service.cancel(job.id);
    expect(canceled.status).toBe('canceled');
    const kept = store.count('mem', 'BTC', '1m');
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(2_000);
    await new Promise((r) => setTimeout(r, 50));
    expect(store.count('mem', 'BTC', '1m')).toBe(kept);
    expect(service.resume(job.id).status).toBe('running');
    expect(await service.settled(job.id)).toMatchObject({ status: 'done', barsDone: 2_000 });
    expect(store.count('mem', 'BTC', '1m')).toBe(2_000);
    await expect(service.cancel(job.id)).rejects.toBeInstanceOf(ApiError);
  });

  it('resumes a job that was running when the engine stopped, from each symbol cursor, without duplicates', async () => {
    const tmp = tempStore();
    cleanups.push(tmp.cleanup);
    const first = setup({ concurrency: 2, path: tmp.path });
    for (let i = 0; i < 100; i++) first.source.script.push({ delayMs: 10 });
    const job = await first.service.start({ source: 'mem', symbols: ['BTC', 'ETH'], from: DAY, to: DAY + 1_500 * MIN, session: 'regular' });
    await new Promise((r) => setTimeout(r, 70));
    // The process "dies": runs stop, nothing is marked, the status stays running.
    await first.service.close();
    const cursors = new BackfillRepo(first.db).symbols(job.id);
    expect(new BackfillRepo(first.db).get(job.id)?.status).toBe('running');
    expect(cursors.some((c) => c.cursorMs > DAY && c.cursorMs < DAY + 1_500 * MIN)).toBe(true);

    const second = setup({ concurrency: 2, path: tmp.path });
    second.service.resumeInterrupted();
    const done = await second.service.settled(job.id);
    expect(done).toMatchObject({ status: 'done', barsDone: 3_000 });
    // Nothing before a symbol's saved cursor was asked for again.
    for (const c of cursors) {
      const asked = second.source.calls.filter((x) => x.symbol === c.symbol);
      expect(Math.min(...asked.map((x) => x.fromMs))).toBeGreaterThanOrEqual(c.cursorMs);
    }
    expect(second.store.count('mem', 'BTC', '1m')).toBe(1_500);
    expect(second.store.count('mem', 'ETH', '1m')).toBe(1_500);
    const dupes = second.db.prepare(`SELECT count(*) AS n FROM (SELECT t FROM bars WHERE source = 'mem' GROUP BY symbol, t HAVING count(*) > 1)`).get() as { n: number };
    expect(dupes.n).toBe(0);
  });
});
