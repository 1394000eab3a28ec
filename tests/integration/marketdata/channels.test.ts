// The market data channels through the workstation's dispatcher, as the renderer calls them:
// the sample market on its own, then a saved Alpaca connection whose market data comes from
// a fake Alpaca data server (and whose keys were checked against a fake trading API).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BarColumns, BarUpdate, ConnectionInfo, Instrument } from '../../../shared/contract';
import type { BackfillJob, ChartLayout, SourceInfo } from '../../../shared/contract/marketdata';
import { createVenueFactory } from '../../../electron/core/connections/venueFactory';
import { SessionVault } from '../../../electron/core/secrets/sessionVault';
import { createWorkstation, type Workstation } from '../../../electron/core/workstation';
import { startFakeAlpaca, type FakeAlpaca } from '../../support/fakeAlpaca';
import { startFakeAlpacaData, type FakeAlpacaData } from '../../support/fakeAlpaca/marketData';
import { tempDir } from '../../support/tempDir';
import { randomAlpacaCredentials } from '../../unit/connections/venueDouble';
import { until } from './harness';

const ctx = { caller: 'test' };
const MIN = 60_000;

async function call<T>(ws: Workstation, channel: string, input: unknown): Promise<T> {
  const r = await ws.invoke(channel, input, ctx);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

async function refused(ws: Workstation, channel: string, input: unknown): Promise<{ code: string; message: string }> {
  const r = await ws.invoke(channel, input, ctx);
  if (r.ok) throw new Error(`${channel} should have been refused`);
  return r.error;
}

describe('market data channels on the sample market', () => {
  let t: ReturnType<typeof tempDir>;
  let ws: Workstation;
  const events: Array<[string, unknown]> = [];

  beforeEach(async () => {
    t = tempDir();
    ws = await createWorkstation({ dataDir: t.dir, paused: true, historyDays: 1, seed: 7, log: () => {} });
    events.length = 0;
    ws.subscribe((e, p) => events.push([e, p]));
  });
  afterEach(async () => {
    await ws.close();
    t.cleanup();
  });

  it('lists the sample source and searches its instruments by market', async () => {
    expect(await call<SourceInfo[]>(ws, 'market.sources', {})).toEqual([
      { id: 'sample', name: 'Sample market (offline)', venue: 'sample', markets: ['us_equity', 'crypto_spot'], timeframes: ['1m', '5m', '15m', '1h', '4h', '1D', '1W'], feed: null, canStream: true, hasOrderBook: false },
    ]);
    const crypto = await call<Instrument[]>(ws, 'market.search', { market: 'crypto_spot' });
    expect(crypto.map((i) => i.symbol)).toEqual(['ORB/USD', 'VYX/USD']);
    expect(crypto[0]!.lastPrice).toBeGreaterThan(0);
    expect((await call<Instrument[]>(ws, 'market.search', { query: 'bolt' }))[0]!.symbol).toBe('BOLT');
    expect(await call<Instrument[]>(ws, 'market.search', { market: 'crypto_derivatives' })).toEqual([]);
    expect(await refused(ws, 'market.search', { source: 'nowhere' })).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('serves bars by source and session; the sample market trades around the clock, so sessions do not filter it', async () => {
    const regular = await call<BarColumns>(ws, 'market.bars', { symbol: 'ACME', timeframe: '1h', limit: 24, session: 'regular' });
    const extended = await call<BarColumns>(ws, 'market.bars', { symbol: 'ACME', timeframe: '1h', limit: 24, session: 'extended', source: 'sample' });
    expect(regular.t).toHaveLength(24);
    expect(extended).toEqual(regular);
    expect(await refused(ws, 'market.bars', { symbol: 'NOPE' })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await refused(ws, 'market.bars', { symbol: 'ACME', source: 'conn-unknown' })).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('saves the chart layout and indicator presets', async () => {
    expect(await call<ChartLayout | null>(ws, 'chart.layout.get', {})).toBeNull();
    const layout: ChartLayout = { source: 'sample', symbol: 'ORB/USD', timeframe: '15m', session: 'regular', indicators: [{ type: 'bollinger', params: { length: 20, mult: 2 } }] };
    expect(await call(ws, 'chart.layout.save', { layout })).toEqual(layout);
    expect(await call(ws, 'chart.layout.get', { key: 'main' })).toEqual(layout);
    expect(await call(ws, 'chart.layout.get', { key: 'second' })).toBeNull();
    await call(ws, 'chart.presets.save', { name: 'Momentum', indicators: [{ type: 'rsi', params: { length: 14 } }] });
    expect(await call(ws, 'chart.presets.list', {})).toEqual([{ name: 'Momentum', indicators: [{ type: 'rsi', params: { length: 14 } }] }]);
    expect(await call(ws, 'chart.presets.delete', { name: 'Momentum' })).toEqual({ deleted: true });
    expect(await refused(ws, 'chart.presets.delete', { name: 'Momentum' })).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('backfills the sample market with progress events, and reports no gaps in stored history', async () => {
    const end = Math.floor(ws.feed.status().marketTime / MIN) * MIN - 3 * 1_440 * MIN;
    const job = await call<BackfillJob>(ws, 'market.backfill.start', { source: 'sample', symbols: ['ACME', 'ORB/USD'], from: end - 600 * MIN, to: end });
    const done = await until('the backfill', async () => (await call<BackfillJob[]>(ws, 'market.backfill.list', {})).find((j) => j.id === job.id && j.status === 'done'));
    expect(done).toMatchObject({ barsDone: 1_200, barsExpected: 1_200, gapsFound: 0 });
    ws.flushEvents();
    const progress = events.filter(([e]) => e === 'market.backfillProgress').map(([, p]) => (p as { job: BackfillJob }).job);
    expect(progress[progress.length - 1]).toMatchObject({ id: job.id, status: 'done' });
    expect(await call(ws, 'market.gaps', { source: 'sample', symbol: 'ACME', from: end - 600 * MIN, to: end })).toEqual([]);
    expect(await refused(ws, 'market.backfill.start', { source: 'sample', symbols: ['NOPE'], from: end - MIN, to: end })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await refused(ws, 'market.backfill.start', { source: 'sample', symbols: ['ACME'], from: end, to: end - MIN })).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await refused(ws, 'market.backfill.cancel', { jobId: 'bf-none' })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await refused(ws, 'market.backfill.cancel', { jobId: job.id })).toMatchObject({ code: 'CONFLICT' });
  });

  it('pushes the higher timeframe of a subscribed symbol as the replay moves, and stops after unsubscribe', async () => {
    await call(ws, 'market.bars', { symbol: 'ORB/USD', timeframe: '5m', limit: 10 });
    expect(await call(ws, 'market.subscribe', { source: 'sample', symbol: 'ORB/USD', trades: true })).toEqual({ subscribed: true });
    ws.feed.step(3 * MIN);
    ws.flushEvents();
    const updates = events.filter(([e]) => e === 'market.barsUpdated').flatMap(([, p]) => (p as { bars: BarUpdate[] }).bars);
    expect(updates.some((u) => u.symbol === 'ORB/USD' && u.timeframe === '5m')).toBe(true);
    expect(events.some(([e, p]) => e === 'market.trades' && (p as { symbol: string }).symbol === 'ORB/USD')).toBe(true);
    expect(await call(ws, 'market.unsubscribe', { source: 'sample', symbol: 'ORB/USD' })).toEqual({ unsubscribed: true });
    events.length = 0;
    ws.feed.step(3 * MIN);
    ws.flushEvents();
    const after = events.filter(([e]) => e === 'market.barsUpdated').flatMap(([, p]) => (p as { bars: BarUpdate[] }).bars);
    expect(after.some((u) => u.timeframe === '5m')).toBe(false);
    expect(after.some((u) => u.timeframe === '1m')).toBe(true); // the replay's own minutes still flow
  });
});

describe('market data channels with an Alpaca connection', () => {
  let t: ReturnType<typeof tempDir>;
  let trading: FakeAlpaca;
  let data: FakeAlpacaData;
  let ws: Workstation;
  const creds = randomAlpacaCredentials('paper');

  beforeEach(async () => {
    t = tempDir();
    trading = await startFakeAlpaca({ ...creds });
    data = await startFakeAlpacaData({ ...creds, entitlement: 'sip' });
    ws = await createWorkstation({
      dataDir: t.dir,
      paused: true,
      historyDays: 0,
      log: () => {},
      reconcileEveryMs: 0,
      vault: { vault: new SessionVault() },
      venueFactory: createVenueFactory({ alpaca: { baseUrl: trading.baseUrl, streamUrl: trading.streamUrl, timeoutMs: 2_000, streamConnectTimeoutMs: 1_000 } }),
      marketData: {
        alpaca: { dataUrl: data.url, tradingUrl: data.url, streamUrl: data.streamUrl, timeoutMs: 2_000 },
        rateLimits: { alpaca: { perSecond: 100, burst: 20 } },
        backfill: { progressIntervalMs: 50 },
      },
    });
  });
  afterEach(async () => {
    await ws.close();
    await data.close();
    await trading.close();
    t.cleanup();
  });

  it('lists the connection as a source with its feed, backfills it and serves its bars by session', async () => {
    const conn = await call<ConnectionInfo>(ws, 'connections.add', { name: 'Alpaca paper', venue: 'alpaca', ...creds });
    const sources = await call<SourceInfo[]>(ws, 'market.sources', {});
    expect(sources.map((s) => s.id)).toEqual(['sample', conn.id]);
    expect(sources[1]).toMatchObject({ name: 'Alpaca paper', venue: 'alpaca', feed: 'sip', canStream: true });
    const found = await call<Instrument[]>(ws, 'market.search', { source: conn.id, market: 'us_equity', query: 'tes' });
    expect(found.map((i) => i.symbol)).toEqual(['TSLA']);
    // Monday 2025-11-24 to Saturday 2025-11-29: Thanksgiving week (Thursday closed, Friday closes at 13:00).
    const from = Date.UTC(2025, 10, 24);
    const to = Date.UTC(2025, 10, 29);
    const job = await call<BackfillJob>(ws, 'market.backfill.start', { source: conn.id, symbols: ['TSLA'], from, to });
    expect(job.barsExpected).toBe(3 * 390 + 210);
    const done = await until('the backfill', async () => (await call<BackfillJob[]>(ws, 'market.backfill.list', {})).find((j) => j.id === job.id && j.status !== 'running'));
    expect(done).toMatchObject({ status: 'done', barsDone: 3 * 390 + 210, gapsFound: 0 });
    const days = await call<BarColumns>(ws, 'market.bars', { source: conn.id, symbol: 'TSLA', timeframe: '1D', limit: 10, session: 'regular' });
    expect(days.t).toEqual([24, 25, 26, 28].map((d) => Date.UTC(2025, 10, d) / 1000));
    expect(days.v[3]! / days.v[0]!).toBeLessThan(0.7);
    const week = await call<BarColumns>(ws, 'market.bars', { source: conn.id, symbol: 'TSLA', timeframe: '1W', limit: 10, session: 'regular' });
    expect(week.t).toEqual([from / 1000]);
    expect(await call(ws, 'market.gaps', { source: conn.id, symbol: 'TSLA', from, to })).toEqual([]);
  });
});
