// A bot on a broker account: a saved Alpaca paper connection (the real SDK against the fake
// Alpaca's trading API, and its market data REST + stream). A shadow ma-cross bot warms up
// from bars backfilled through the market data service, then decides on every closed minute
// the stream delivers; shadow sends no order.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectionInfo, TradingAccount } from '../../../shared/contract';
import { createVenueFactory } from '../../../electron/core/connections/venueFactory';
import { SessionVault } from '../../../electron/core/secrets/sessionVault';
import type { Workstation } from '../../../electron/core/workstation';
import { startFakeAlpaca, type FakeAlpaca } from '../../support/fakeAlpaca';
import { startFakeAlpacaData, type FakeAlpacaData } from '../../support/fakeAlpaca/marketData';
import { tempDir } from '../../support/tempDir';
import { randomAlpacaCredentials } from '../../unit/connections/venueDouble';
import { call, createBot, decisions, openEngine, status, until } from './harness';

const SYMBOL = 'BTC/USD';

describe('bots on a broker account', () => {
  let t: ReturnType<typeof tempDir>;
  let trading: FakeAlpaca;
  let data: FakeAlpacaData;
  let ws: Workstation;
  const creds = randomAlpacaCredentials('paper');

  beforeEach(async () => {
    t = tempDir();
    trading = await startFakeAlpaca({ ...creds, cash: '50000', prices: { [SYMBOL]: '60000' } });
    data = await startFakeAlpacaData({ ...creds, entitlement: 'sip' });
    ws = await openEngine(t.dir, {
      reconcileEveryMs: 0,
      vault: { vault: new SessionVault() },
      venueFactory: createVenueFactory({
        alpaca: { baseUrl: trading.baseUrl, streamUrl: trading.streamUrl, timeoutMs: 2_000, streamConnectTimeoutMs: 1_000, pollIntervalMs: 100, reconnect: { initialMs: 50, maxMs: 200, jitter: 0 } },
      }),
      marketData: {
        alpaca: { dataUrl: data.url, tradingUrl: data.url, streamUrl: data.streamUrl, timeoutMs: 2_000 },
        rateLimits: { alpaca: { perSecond: 100, burst: 20 } },
      },
    });
  });
  afterEach(async () => {
    await ws.close();
    await data.close();
    await trading.close();
    t.cleanup();
  });

  it('a shadow ma-cross bot warms up from backfilled bars, decides once per streamed minute and sends no order', async () => {
    const conn = await call<ConnectionInfo>(ws, 'connections.add', { name: 'Alpaca paper', venue: 'alpaca', ...creds });
    await until('the account to connect', async () => (await call<TradingAccount[]>(ws, 'accounts.list', {})).some((a) => a.accountId === conn.id && a.state === 'connected'));

    const bot = await createBot(ws, {
      name: 'Cross on BTC',
      strategyId: 'ma-cross',
      params: { fast: 2, slow: 3 },
      symbols: [SYMBOL],
      timeframe: '1m',
      accountId: conn.id,
      mode: 'shadow',
      sizing: { method: 'fixed_qty', params: { qty: 0.01 } },
    });
    const botId = bot.config.id;
    await call(ws, 'bots.start', { botId });
    await until('the bot to warm up', async () => (await status(ws, botId)).status.state === 'running');
    await until('the live stream', () => data.controls.streamSubscribers(SYMBOL) === 1);
    // The warm-up window came over REST from the fake's history, and is in the store.
    expect(data.controls.barRequests(SYMBOL).length).toBeGreaterThan(0);
    expect(ws.bars.count(conn.id, SYMBOL, '1m')).toBeGreaterThanOrEqual(5);
    await ws.marketData.live.idle();
    await ws.bots.idle();
    const before = await decisions(ws, botId);

    // Two closed minutes from the stream, after everything the venue has over REST.
    const latest = ws.bars.latest(conn.id, SYMBOL, '1m')!;
    const p = latest.c;
    const pushed = [latest.t + 60, latest.t + 120];
    // Down to half (the fast average falls below the slow one), then up to twice (it crosses above).
    data.controls.pushBar(SYMBOL, pushed[0]!, { o: p, h: p, l: p / 2, c: p / 2, v: 1 });
    await until('the first streamed minute decided', async () => (await decisions(ws, botId)).some((d) => d.barTime === pushed[0]! * 1000));
    data.controls.pushBar(SYMBOL, pushed[1]!, { o: p / 2, h: 2 * p, l: p / 2, c: 2 * p, v: 1 });
    await until('the second streamed minute decided', async () => (await decisions(ws, botId)).some((d) => d.barTime === pushed[1]! * 1000));
    await ws.bots.idle();

    const all = await decisions(ws, botId);
    const times = all.map((d) => d.barTime);
    // One decision per bar: none twice, and each streamed minute exactly once.
    expect(new Set(times).size).toBe(times.length);
    for (const t of pushed) expect(times.filter((x) => x === t * 1000)).toHaveLength(1);
    expect(all.length).toBeGreaterThanOrEqual(before.length + 2);
    expect(all.every((d) => d.mode === 'shadow' && d.symbol === SYMBOL)).toBe(true);
    // The second bar closes far above the others: the fast average crosses above the slow one (a buy, not sent).
    const last = all.find((d) => d.barTime === pushed[1]! * 1000)!;
    expect(last.action).toBe('buy');
    expect(trading.controls.requests().filter((r) => r.method === 'POST' && r.path === '/v2/orders')).toHaveLength(0);

    // Stopping the bot lets the stream go (nothing else holds it).
    await call(ws, 'bots.stop', { botId });
    await until('the stream to be let go', () => data.controls.streamSubscribers(SYMBOL) === 0);
  });
});
