// Binance market data through the real ccxt against a fake Binance on 127.0.0.1: klines
// paged by `since`, 429 with Retry-After, malformed candles, gap repair, and live polling
// (bars, trades, book) through an outage, with the missed minutes fetched when it ends.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeBinanceData, type FakeBinanceData } from '../../support/fakeBinance/marketData';
import { tempDir } from '../../support/tempDir';
import { BINANCE_ID, clock, harness, until, type Harness } from './harness';

const MIN = 60_000;
const MON = Date.UTC(2025, 2, 10);

describe('Binance market data through ccxt', () => {
  let t: ReturnType<typeof tempDir>;
  let fake: FakeBinanceData;
  let h: Harness;
  const open = (config: Parameters<typeof harness>[0]['config'] = {}, now?: () => number) => harness({ dbPath: join(t.dir, 'ws.db'), binance: fake, config, now });

  beforeEach(async () => {
    t = tempDir();
    fake = await startFakeBinanceData();
  });
  afterEach(async () => {
    await h?.close().catch(() => undefined);
    await fake.close();
    t.cleanup();
  });

  it('pages klines by startTime, 1000 a request, and stores every minute', async () => {
    h = open({ backfill: { concurrency: 2 } });
    const job = await h.service.backfill.start({ source: BINANCE_ID, symbols: ['BTC/USDT'], from: MON, to: MON + 2_500 * MIN, session: 'regular' });
    expect(await h.service.backfill.settled(job.id)).toMatchObject({ status: 'done', barsDone: 2_500, barsExpected: 2_500 });
    const klines = fake.controls.requestsTo('/api/v3/klines');
    expect(klines.map((r) => [Number(r.params.startTime), Number(r.params.limit)]).sort((a, b) => a[0]! - b[0]!)).toEqual([
      [MON, 1_000],
      [MON + 1_000 * MIN, 1_000],
      [MON + 2_000 * MIN, 500],
    ]);
    expect(klines.every((r) => r.params.symbol === 'BTCUSDT' && r.params.interval === '1m')).toBe(true);
    expect(h.store.count(BINANCE_ID, 'BTC/USDT', '1m')).toBe(2_500);
    const hours = h.service.bars({ source: BINANCE_ID, symbol: 'BTC/USDT', timeframe: '1h', limit: 100, session: 'regular' });
    expect(hours.t[0]).toBe(MON / 1000);
    expect(hours.t.length).toBe(42);
  });

  it('respects a 429 Retry-After and carries on', async () => {
    h = open({ backfill: { concurrency: 1 } });
    fake.controls.failNext(1, 429, { retryAfter: 1, path: '/api/v3/klines' });
    const job = await h.service.backfill.start({ source: BINANCE_ID, symbols: ['ETH/USDT'], from: MON, to: MON + 1_500 * MIN, session: 'regular' });
    expect(await h.service.backfill.settled(job.id)).toMatchObject({ status: 'done', barsDone: 1_500 });
    const [limited, retried] = fake.controls.requestsTo('/api/v3/klines');
    expect(limited!.status).toBe(429);
    expect(retried!.params.startTime).toBe(limited!.params.startTime);
    expect(retried!.at - limited!.at).toBeGreaterThanOrEqual(950);
  });

  it.each([
    // (ccxt sorts candles by time itself, so a page out of order arrives sorted; a repeated minute does not.)
    ['with a repeated minute', 'duplicate' as const, /out of order or repeated/],
    ['with a high below its low', 'high_below_low' as const, /h is below l/],
    ['with a price that is not a number', 'not_a_number' as const, /could not be read/],
  ])('fails on candles %s and writes none of them', async (_name, kind, message) => {
    h = open({ backfill: { concurrency: 1 } });
    fake.controls.corruptNext(kind);
    const job = await h.service.backfill.start({ source: BINANCE_ID, symbols: ['BTC/USDT'], from: MON, to: MON + 1_500 * MIN, session: 'regular' });
    const failed = await h.service.backfill.settled(job.id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(message);
    expect(h.store.count(BINANCE_ID, 'BTC/USDT', '1m')).toBe(0);
  });

  it('repairs a gap the exchange filled later and marks minutes without trades as checked', async () => {
    h = open();
    fake.controls.hideOnce('BTCUSDT', MON + 30 * MIN, MON + 33 * MIN);
    fake.controls.noTradeMinutes('BTCUSDT', MON + 60 * MIN, MON + 61 * MIN);
    const job = await h.service.backfill.start({ source: BINANCE_ID, symbols: ['BTC/USDT'], from: MON, to: MON + 120 * MIN, session: 'regular' });
    expect(await h.service.backfill.settled(job.id)).toMatchObject({ status: 'done', gapsFound: 2, gapsRepaired: 1, barsDone: 119 });
    expect(h.service.gaps(BINANCE_ID, 'BTC/USDT', MON, MON + 120 * MIN)).toEqual([]);
  });

  it('lists spot markets as instruments', async () => {
    h = open();
    const found = await h.service.search(BINANCE_ID, 'crypto_spot', 'eth', 10);
    expect(found.map((i) => i.symbol)).toEqual(['ETH/BTC', 'ETH/USDT']);
    expect(found[0]).toMatchObject({ assetClass: 'crypto', venue: 'binance' });
    await expect(h.service.backfill.start({ source: BINANCE_ID, symbols: ['DOGE/USDT'], from: MON, to: MON + MIN, session: 'regular' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('Binance live data by polling', () => {
  let t: ReturnType<typeof tempDir>;
  let fake: FakeBinanceData;
  let h: Harness;
  const c = clock(Date.UTC(2025, 2, 11, 12, 0, 20));

  beforeEach(async () => {
    t = tempDir();
    fake = await startFakeBinanceData({ now: c.now });
    h = harness({ dbPath: join(t.dir, 'ws.db'), binance: fake, now: c.now });
  });
  afterEach(async () => {
    await h.close().catch(() => undefined);
    await fake.close();
    t.cleanup();
  });

  it('polls bars, trades and the book; after an outage it fills the minutes it missed', async () => {
    fake.controls.addTrade('BTCUSDT', { price: 50_000, qty: 0.1, isBuyerMaker: true, time: c.now() - 500 });
    fake.controls.setBook('BTCUSDT', [[49_999, 1], [49_998, 2]], [[50_001, 1]]);
    await h.service.subscribe({ source: BINANCE_ID, symbol: 'BTC/USDT', trades: true, book: true });
    await h.service.live.idle();
    await until('a trade', () => h.events.trades.length > 0);
    expect(h.events.trades[0]!.trades[0]).toMatchObject({ price: 50_000, size: 0.1, side: 'sell' });
    await until('the book', () => h.events.books.length > 0);
    expect(h.events.books[0]!.book).toMatchObject({ bids: [[49_999, 1], [49_998, 2]], asks: [[50_001, 1]] });
    const nowMinuteSec = Math.floor(c.now() / MIN) * 60;
    await until('the last closed minute', () => h.store.latest(BINANCE_ID, 'BTC/USDT', '1m')?.t === nowMinuteSec - 60);
    // The forming minute is pushed but not stored.
    await until('a forming bar', () => h.events.bars.find((b) => b.t === nowMinuteSec && !b.closed));

    fake.controls.outage(503);
    await new Promise((r) => setTimeout(r, 200));
    c.advance(5 * MIN);
    fake.controls.outage(null);
    const later = Math.floor(c.now() / MIN) * 60;
    await until('the minutes missed during the outage', () => h.store.latest(BINANCE_ID, 'BTC/USDT', '1m')?.t === later - 60);
    expect(h.store.count(BINANCE_ID, 'BTC/USDT', '1m', (nowMinuteSec - 60) * 1000, later * 1000)).toBe((later - nowMinuteSec + 60) / 60);
    expect(h.service.gaps(BINANCE_ID, 'BTC/USDT', (nowMinuteSec - 3_600) * 1000, later * 1000)).toEqual([]);
  });
});
