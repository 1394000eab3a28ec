// Alpaca market data through the real SDK (4.x) against a fake Alpaca data server on
// 127.0.0.1: backfill pagination, 429 with Retry-After, gap repair, resume after the engine
// stopped mid-job, cancel, malformed pages, the feed probe, and the live stream dropping
// and coming back with the missed minutes fetched.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BackfillRepo } from '../../../electron/core/marketdata/backfillRepo';
import { openDatabase } from '../../../electron/core/store/database';
import { startFakeAlpacaData, type FakeAlpacaData } from '../../support/fakeAlpaca/marketData';
import { tempDir } from '../../support/tempDir';
import { ALPACA_ID, clock, harness, until, type Harness } from './harness';

const MIN = 60_000;
/** Monday 2025-03-10 00:00Z, settled history. */
const MON = Date.UTC(2025, 2, 10);

describe('Alpaca market data', () => {
  let t: ReturnType<typeof tempDir>;
  let fake: FakeAlpacaData;
  let h: Harness;
  const open = (over: Parameters<typeof harness>[0]['config'] = {}, now?: () => number) => harness({ dbPath: join(t.dir, 'ws.db'), alpaca: fake, config: over, now });

  beforeEach(async () => {
    t = tempDir();
    fake = await startFakeAlpacaData({ maxPageSize: 500, entitlement: 'iex' });
  });
  afterEach(async () => {
    await h?.close().catch(() => undefined);
    await fake.close();
    t.cleanup();
  });

  it('follows next_page_token through every page and stores each minute once', async () => {
    h = open();
    const job = await h.service.backfill.start({ source: ALPACA_ID, symbols: ['BTC/USD'], from: MON, to: MON + 3 * 1_440 * MIN, session: 'regular' });
    const done = await h.service.backfill.settled(job.id);
    expect(done).toMatchObject({ status: 'done', barsDone: 4_320, barsExpected: 4_320, gapsFound: 0 });
    const requests = fake.controls.barRequests('BTC/USD');
    // One 10,000-minute chunk; the fake sends 500 bars a page: 9 pages, 8 of them asked with a token.
    expect(requests.map((r) => r.path)).toEqual(Array(9).fill('/v1beta3/crypto/us/bars'));
    expect(requests.filter((r) => r.query.page_token).length).toBe(8);
    expect(h.store.count(ALPACA_ID, 'BTC/USD', '1m')).toBe(4_320);
  });

  it('uses the feed the plan allows: the SIP probe is refused, so stocks come from IEX', async () => {
    h = open();
    const [, alpaca] = await h.service.listSources();
    expect(alpaca).toMatchObject({ id: ALPACA_ID, venue: 'alpaca', feed: 'iex', canStream: true });
    // Friday 2025-03-07 and Monday 2025-03-10, regular session: 2 x 390 minutes expected.
    const job = await h.service.backfill.start({ source: ALPACA_ID, symbols: ['AAPL'], from: Date.UTC(2025, 2, 7), to: Date.UTC(2025, 2, 11), session: 'regular' });
    expect(job.barsExpected).toBe(780);
    expect(await h.service.backfill.settled(job.id)).toMatchObject({ status: 'done', barsDone: 780, gapsFound: 0 });
    const stockRequests = fake.controls.barRequests('AAPL');
    expect(stockRequests.every((r) => r.path === '/v2/stocks/AAPL/bars' && r.query.feed === 'iex')).toBe(true);
    // The fake trades the extended session, so pre and post market are stored too: 2 x 960,
    // and Thursday's last after-hours hour (19:00-20:00 New York is 00:00-01:00Z on Friday).
    expect(h.store.count(ALPACA_ID, 'AAPL', '1m')).toBe(60 + 2 * 960);
    const daily = h.service.bars({ source: ALPACA_ID, symbol: 'AAPL', timeframe: '1D', limit: 10, session: 'regular' });
    expect(daily.t).toEqual([Date.UTC(2025, 2, 7) / 1000, Date.UTC(2025, 2, 10) / 1000]);
    const extended = h.service.bars({ source: ALPACA_ID, symbol: 'AAPL', timeframe: '1D', limit: 10, session: 'extended' });
    // Extended hours: Thursday's last after-hours hour is a (short) Thursday bar; Friday's bar is bigger than its regular one.
    expect(extended.t).toEqual([Date.UTC(2025, 2, 6) / 1000, Date.UTC(2025, 2, 7) / 1000, Date.UTC(2025, 2, 10) / 1000]);
    expect(extended.v[1]).toBeGreaterThan(daily.v[0]!);
  });

  it('waits out a 429 for its Retry-After, pausing the whole venue, then carries on', async () => {
    h = open({ backfill: { chunkMinutes: 500, concurrency: 3 } });
    fake.controls.failNext(1, 429, { retryAfter: 1, path: /bars$/ });
    const job = await h.service.backfill.start({ source: ALPACA_ID, symbols: ['BTC/USD', 'ETH/USD'], from: MON, to: MON + 1_500 * MIN, session: 'regular' });
    expect(await h.service.backfill.settled(job.id)).toMatchObject({ status: 'done', barsDone: 3_000 });
    const bars = fake.controls.barRequests();
    const limited = bars.find((r) => r.status === 429)!;
    const after = bars.filter((r) => r.at > limited.at);
    expect(after.length).toBeGreaterThan(0);
    // Within the second it asked for, only requests already on their way (at most the other
    // two workers') reached the venue; nothing new was sent.
    expect(after.filter((r) => r.at - limited.at < 950).length).toBeLessThanOrEqual(2);
  });

  it('finds gaps, repairs what the venue has, and does not ask again for minutes nobody traded', async () => {
    h = open();
    fake.controls.hideOnce('BTC/USD', MON + 100 * MIN, MON + 110 * MIN);
    fake.controls.noTradeMinutes('BTC/USD', MON + 500 * MIN, MON + 505 * MIN);
    const job = await h.service.backfill.start({ source: ALPACA_ID, symbols: ['BTC/USD'], from: MON, to: MON + 1_000 * MIN, session: 'regular' });
    expect(await h.service.backfill.settled(job.id)).toMatchObject({ status: 'done', gapsFound: 2, gapsRepaired: 1, barsDone: 995 });
    expect(h.store.count(ALPACA_ID, 'BTC/USD', '1m', MON + 100 * MIN, MON + 110 * MIN)).toBe(10);
    expect(h.store.count(ALPACA_ID, 'BTC/USD', '1m', MON + 500 * MIN, MON + 505 * MIN)).toBe(0);
    expect(h.service.gaps(ALPACA_ID, 'BTC/USD', MON, MON + 1_000 * MIN)).toEqual([]);
    fake.controls.clearRequests();
    const again = await h.service.backfill.start({ source: ALPACA_ID, symbols: ['BTC/USD'], from: MON, to: MON + 1_000 * MIN, session: 'regular' });
    expect(await h.service.backfill.settled(again.id)).toMatchObject({ status: 'done', gapsFound: 0 });
    expect(fake.controls.barRequests()).toHaveLength(2); // the chunk's two pages, no repair
  });

  it('resumes after the engine stopped mid-job, from each cursor, and ends without duplicates', async () => {
    h = open({ backfill: { chunkMinutes: 200, concurrency: 2 }, rateLimits: { alpaca: { perSecond: 25, burst: 2 } } });
    const job = await h.service.backfill.start({ source: ALPACA_ID, symbols: ['BTC/USD', 'ETH/USD'], from: MON, to: MON + 4_000 * MIN, session: 'regular' });
    await until('some chunks to be stored', () => h.store.count(ALPACA_ID, 'BTC/USD', '1m') >= 600);
    // Stopped as a crash would: the job stays "running" in the database.
    await h.close();
    const db = openDatabase(join(t.dir, 'ws.db'));
    const stopped = new BackfillRepo(db);
    const cursors = stopped.symbols(job.id);
    expect(stopped.get(job.id)?.status).toBe('running');
    db.close();
    fake.controls.clearRequests();

    h = open();
    h.service.start();
    const done = await until('the resumed job to finish', () => {
      const j = h.service.backfill.list().find((x) => x.id === job.id);
      return j?.status === 'done' ? j : undefined;
    });
    expect(done).toMatchObject({ barsDone: 8_000, barsExpected: 8_000 });
    for (const c of cursors) {
      const starts = fake.controls.barRequests(c.symbol).map((r) => Date.parse(r.query.start!));
      expect(Math.min(...starts)).toBeGreaterThanOrEqual(c.cursorMs);
    }
    const dupes = h.db.prepare(`SELECT count(*) AS n FROM (SELECT 1 FROM bars WHERE source = ? GROUP BY symbol, t HAVING count(*) > 1)`).get(ALPACA_ID) as { n: number };
    expect(dupes.n).toBe(0);
    expect(h.store.count(ALPACA_ID, 'BTC/USD', '1m')).toBe(4_000);
    expect(h.store.count(ALPACA_ID, 'ETH/USD', '1m')).toBe(4_000);
  });

  it('cancels a job, keeps what it fetched, and completes it on resume', async () => {
    h = open({ backfill: { chunkMinutes: 200, concurrency: 1 }, rateLimits: { alpaca: { perSecond: 20, burst: 1 } } });
    const job = await h.service.backfill.start({ source: ALPACA_ID, symbols: ['BTC/USD'], from: MON, to: MON + 3_000 * MIN, session: 'regular' });
    await until('a few chunks', () => h.store.count(ALPACA_ID, 'BTC/USD', '1m') >= 400);
    expect((await h.service.backfill.cancel(job.id)).status).toBe('canceled');
    const kept = h.store.count(ALPACA_ID, 'BTC/USD', '1m');
    expect(kept).toBeLessThan(3_000);
    expect(h.events.progress[h.events.progress.length - 1]).toMatchObject({ id: job.id, status: 'canceled' });
    h.service.backfill.resume(job.id);
    expect(await h.service.backfill.settled(job.id)).toMatchObject({ status: 'done', barsDone: 3_000 });
  });

  it.each([
    ['out of order', 'out_of_order' as const, /out of order or repeated/],
    ['with a repeated minute', 'duplicate' as const, /out of order or repeated/],
    ['with a high below its low', 'high_below_low' as const, /not a valid bar: h is below l/],
    ['that is not JSON', 'not_json' as const, /not JSON/],
    ['without a close', 'missing_field' as const, /bars\.BTC\/USD\.1\.c/],
  ])('fails a job on a page %s, says why, and writes nothing of that chunk', async (_name, kind, message) => {
    h = open({ backfill: { chunkMinutes: 500, concurrency: 1 } });
    // The second chunk's page is spoiled.
    fake.controls.corruptNext(kind, { path: /bars$/, skip: 1 });
    const job = await h.service.backfill.start({ source: ALPACA_ID, symbols: ['BTC/USD'], from: MON, to: MON + 1_500 * MIN, session: 'regular' });
    const failed = await h.service.backfill.settled(job.id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(message);
    expect(failed.error).toMatch(/Nothing of that chunk was written/);
    expect(h.store.count(ALPACA_ID, 'BTC/USD', '1m', MON, MON + 500 * MIN)).toBe(500);
    expect(h.store.count(ALPACA_ID, 'BTC/USD', '1m', MON + 500 * MIN, MON + 1_500 * MIN)).toBe(0);
  });

  it('refuses an unknown symbol before creating a job', async () => {
    h = open();
    await expect(h.service.backfill.start({ source: ALPACA_ID, symbols: ['AAPL', 'NOPE'], from: MON, to: MON + MIN, session: 'regular' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'Alpaca paper has no symbol NOPE',
    });
    expect(h.service.backfill.list()).toEqual([]);
  });

  it('searches the asset list by market', async () => {
    h = open();
    expect((await h.service.search(ALPACA_ID, 'crypto_spot', '', 10)).map((i) => i.symbol)).toEqual(['BTC/USD', 'ETH/USD']);
    expect((await h.service.search(ALPACA_ID, 'all', 'aapl', 10))[0]).toMatchObject({ symbol: 'AAPL', assetClass: 'us_equity' });
    expect(await h.service.search(ALPACA_ID, 'crypto_derivatives', '', 10)).toEqual([]);
  });
});

describe('Alpaca live data', () => {
  let t: ReturnType<typeof tempDir>;
  let fake: FakeAlpacaData;
  let h: Harness;
  const c = clock(Date.UTC(2025, 2, 11, 15, 0, 30));

  beforeEach(async () => {
    t = tempDir();
    fake = await startFakeAlpacaData({ now: c.now });
    h = harness({ dbPath: join(t.dir, 'ws.db'), alpaca: fake, now: c.now, config: { alpaca: { feed: 'sip' } } });
  });
  afterEach(async () => {
    await h.close().catch(() => undefined);
    await fake.close();
    t.cleanup();
  });

  it('stores and pushes streamed bars, trades and quotes, and fills the minutes missed before subscribing', async () => {
    await h.service.subscribe({ source: ALPACA_ID, symbol: 'BTC/USD', trades: true, book: true });
    await until('the stream subscription', () => fake.controls.streamSubscribers('BTC/USD') === 1);
    await h.service.live.idle();
    // The last hour (the catch-up limit) came over REST at subscribe.
    const nowMinute = Math.floor(c.now() / MIN) * MIN;
    expect(h.store.count(ALPACA_ID, 'BTC/USD', '1m', nowMinute - 60 * MIN, nowMinute)).toBe(60);
    fake.controls.pushBar('BTC/USD', nowMinute / 1000, { o: 10, h: 12, l: 9, c: 11, v: 5 });
    fake.controls.pushTrade('BTC/USD', { atMs: nowMinute + 1_500, price: 11, size: 0.5, takerSide: 'B' });
    fake.controls.pushOrderbook('BTC/USD', { atMs: nowMinute + 2_000, bids: [[10.9, 1], [10.8, 2]], asks: [[11.1, 1]], reset: true });
    fake.controls.pushOrderbook('BTC/USD', { atMs: nowMinute + 2_500, bids: [[10.9, 0]], asks: [[11.2, 3]], reset: false });
    await until('the streamed bar', () => h.store.latest(ALPACA_ID, 'BTC/USD', '1m')?.t === nowMinute / 1000);
    expect(h.store.latest(ALPACA_ID, 'BTC/USD', '1m')).toEqual({ t: nowMinute / 1000, o: 10, h: 12, l: 9, c: 11, v: 5 });
    expect(h.events.bars).toContainEqual({ symbol: 'BTC/USD', timeframe: '1m', t: nowMinute / 1000, o: 10, h: 12, l: 9, c: 11, v: 5, closed: true });
    await until('the trade', () => h.events.trades.length > 0);
    expect(h.events.trades[0]).toMatchObject({ source: ALPACA_ID, symbol: 'BTC/USD', trades: [{ t: nowMinute + 1_500, price: 11, size: 0.5, side: 'buy' }] });
    await until('two book updates', () => h.events.books.length >= 2);
    expect(h.events.books[1]!.book).toEqual({ t: nowMinute + 2_500, bids: [[10.8, 2]], asks: [[11.1, 1], [11.2, 3]] });
  });

  it('sends the higher timeframe the chart shows, updated as minutes arrive', async () => {
    h.service.bars({ source: ALPACA_ID, symbol: 'BTC/USD', timeframe: '15m', limit: 10, session: 'regular' });
    await h.service.subscribe({ source: ALPACA_ID, symbol: 'BTC/USD', trades: false, book: false });
    await until('the stream subscription', () => fake.controls.streamSubscribers('BTC/USD') === 1);
    await h.service.live.idle();
    const nowMinute = Math.floor(c.now() / MIN) * MIN;
    h.events.bars.length = 0;
    fake.controls.pushBar('BTC/USD', nowMinute / 1000, { o: 10, h: 99, l: 9, c: 11, v: 5 });
    const update = await until('a 15m update', () => h.events.bars.find((b) => b.timeframe === '15m'));
    expect(update.t).toBe(Math.floor(nowMinute / (15 * MIN)) * 15 * 60);
    expect(update.h).toBe(99);
  });

  it('after the stream drops and comes back, fetches the minutes it missed', async () => {
    await h.service.subscribe({ source: ALPACA_ID, symbol: 'ETH/USD', trades: false, book: false });
    await until('the stream subscription', () => fake.controls.streamSubscribers('ETH/USD') === 1);
    await h.service.live.idle();
    const before = h.store.latest(ALPACA_ID, 'ETH/USD', '1m')!.t;
    fake.controls.refuseStreams(true);
    fake.controls.dropStreams();
    await new Promise((r) => setTimeout(r, 150));
    // Seven minutes pass while the stream is down.
    c.advance(7 * MIN);
    fake.controls.refuseStreams(false);
    await until('the stream to come back', () => fake.controls.streamSubscribers('ETH/USD') === 1);
    const nowMinuteSec = Math.floor(c.now() / MIN) * 60;
    await until('the missed minutes', () => h.store.latest(ALPACA_ID, 'ETH/USD', '1m')?.t === nowMinuteSec - 60);
    expect(h.store.count(ALPACA_ID, 'ETH/USD', '1m', (before + 60) * 1000, nowMinuteSec * 1000)).toBe((nowMinuteSec - before - 60) / 60);
    expect(h.events.bars.filter((b) => b.closed && b.t > before).length).toBeGreaterThanOrEqual(7);
    expect(fake.controls.streamConnections()).toBeGreaterThanOrEqual(2);
  });
});
