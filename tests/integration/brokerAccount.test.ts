// A broker account end to end in the engine: a saved Alpaca connection (real SDK, fake
// Alpaca on 127.0.0.1) becomes a trading account, the ticket's channel routes orders to
// it, a stream outage is bridged, and the books reconcile with the venue when it returns.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectionInfo, Order, Position, TradingAccount } from '../../shared/contract';
import { createVenueFactory } from '../../electron/core/connections/venueFactory';
import { SessionVault } from '../../electron/core/secrets/sessionVault';
import { createWorkstation, type Workstation } from '../../electron/core/workstation';
import { startFakeAlpaca, type FakeAlpaca } from '../support/fakeAlpaca';
import { tempDir } from '../support/tempDir';
import { randomAlpacaCredentials } from '../unit/connections/venueDouble';

const ctx = { caller: 'test' };

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('a broker account in the workstation', { timeout: 40_000 }, () => {
  let t: ReturnType<typeof tempDir>;
  let fake: FakeAlpaca;
  let ws: Workstation;
  const creds = randomAlpacaCredentials('paper');

  /** The fake venue trades around the clock: US market hours are not what these tests are about. */
  const anyHours = (accountId: string) => call('risk.limits.set', { scope: { accountId }, limits: { enforceMarketHours: false } });
  const call = async <T>(channel: string, input: unknown): Promise<T> => {
    const r = await ws.invoke(channel, input, ctx);
    if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
    return r.value as T;
  };
  const open = () =>
    createWorkstation({
      dataDir: t.dir,
      paused: true,
      historyDays: 0,
      log: () => {},
      reconcileEveryMs: 0,
      vault: { vault: vault },
      venueFactory: createVenueFactory({
        alpaca: {
          baseUrl: fake.baseUrl,
          streamUrl: fake.streamUrl,
          timeoutMs: 2_000,
          retry: { maxRetries: 1, baseDelayMs: 10, maxDelayMs: 50 },
          streamConnectTimeoutMs: 2_000,
          pollIntervalMs: 100,
          reconnect: { initialMs: 50, maxMs: 200, jitter: 0 },
        },
      }),
    });
  let vault: SessionVault;

  beforeEach(async () => {
    t = tempDir();
    vault = new SessionVault();
    fake = await startFakeAlpaca({ ...creds, cash: '50000', prices: { AAPL: '190' } });
    ws = await open();
  });
  afterEach(async () => {
    await ws.close();
    await fake.close();
    t.cleanup();
  });

  it('routes orders to the connected account, bridges a stream outage and reconciles on return', async () => {
    const conn = await call<ConnectionInfo>('connections.add', { name: 'Alpaca paper', venue: 'alpaca', ...creds });
    const account = await until('the account to connect', async () =>
      (await call<TradingAccount[]>('accounts.list', {})).find((a) => a.accountId === conn.id && a.state === 'connected'),
    );
    expect(account).toMatchObject({ canTrade: true, canModify: true, orderClasses: expect.arrayContaining(['bracket']) });
    await anyHours(conn.id);
    expect(account.orderTypes).toContain('trailing_stop');

    // An order type the paper venue lacks is fine here, and the venue's rules apply.
    const refused = await ws.invoke('orders.submit', { accountId: conn.id, symbol: 'AAPL', side: 'buy', type: 'limit', qty: '1', limitPrice: '190.001' }, ctx);
    expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_ORDER', fields: { limitPrice: expect.stringMatching(/tick size 0.01/) } } });
    expect(fake.controls.requests().filter((r) => r.method === 'POST')).toHaveLength(0);

    const buy = await call<Order>('orders.submit', { accountId: conn.id, symbol: 'AAPL', side: 'buy', type: 'market', qty: '3' });
    await until('the market buy to fill', () => ws.orderRepo.get(buy.id)?.status === 'FILLED');
    expect(await call<Position[]>('positions.list', { accountId: conn.id })).toEqual([expect.objectContaining({ symbol: 'AAPL', qty: '3' })]);

    const limit = await call<Order>('orders.submit', { accountId: conn.id, symbol: 'AAPL', side: 'buy', type: 'limit', tif: 'gtc', qty: '4', limitPrice: '180' });
    await until('the limit order to be accepted', () => ws.orderRepo.get(limit.id)?.status === 'ACCEPTED');

    // The stream drops and cannot come back for a while; the venue fills part of the order meanwhile.
    fake.controls.refuseStreams(true);
    fake.controls.dropStream();
    await until('the account to show the outage', async () =>
      (await call<TradingAccount[]>('accounts.list', {})).find((a) => a.accountId === conn.id && a.state !== 'connected'),
    );
    fake.controls.fill(limit.clientOrderId, '1', '180');
    fake.controls.refuseStreams(false);
    await until('the account to reconnect', async () =>
      (await call<TradingAccount[]>('accounts.list', {})).find((a) => a.accountId === conn.id && a.state === 'connected'),
    );
    await until('the partial fill to be booked', () => ws.orderRepo.get(limit.id)?.status === 'PARTIALLY_FILLED');
    const positions = await call<Position[]>('positions.list', { accountId: conn.id });
    expect(positions).toEqual([expect.objectContaining({ symbol: 'AAPL', qty: '4' })]);
    expect(ws.fillRepo.list({ orderId: limit.id, limit: 10 })).toHaveLength(1);

    // A reconcile on demand finds nothing left to fix and no mismatch.
    const [summary] = await call<Array<{ fillsApplied: number; openIssues: number }>>('reconcile.run', { accountId: conn.id });
    expect(summary).toMatchObject({ fillsApplied: 0, openIssues: 0 });

    // Cancel the rest; the audit log has the operator's actions.
    await call<Order>('orders.cancel', { orderId: limit.id });
    await until('the rest to be cancelled', () => ws.orderRepo.get(limit.id)?.status === 'CANCELED');
    const audit = await call<Array<{ action: string }>>('audit.list', { text: limit.clientOrderId });
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['order.submit', 'order.cancel']));
  });

  it('reconciles fills that happened while the app was closed', async () => {
    const conn = await call<ConnectionInfo>('connections.add', { name: 'Alpaca paper', venue: 'alpaca', ...creds });
    await until('the account to connect', async () =>
      (await call<TradingAccount[]>('accounts.list', {})).find((a) => a.accountId === conn.id && a.state === 'connected'),
    );
    await anyHours(conn.id);
    const limit = await call<Order>('orders.submit', { accountId: conn.id, symbol: 'AAPL', side: 'buy', type: 'limit', tif: 'gtc', qty: '2', limitPrice: '185' });
    await until('accepted', () => ws.orderRepo.get(limit.id)?.status === 'ACCEPTED');
    await ws.close();

    fake.controls.fill(limit.clientOrderId, '2', '185');
    ws = await open();
    await until('the fill made while closed to be booked', () => ws.orderRepo.get(limit.id)?.status === 'FILLED');
    expect(await call<Position[]>('positions.list', { accountId: conn.id })).toEqual([expect.objectContaining({ symbol: 'AAPL', qty: '2', avgPrice: '185' })]);
    expect(fake.controls.requests().filter((r) => r.method === 'POST' && r.path === '/v2/orders')).toHaveLength(1);
  });

  it('refuses orders for a live account until live trading is enabled by name', async () => {
    const live = randomAlpacaCredentials('live');
    await fake.close();
    fake = await startFakeAlpaca({ ...live, cash: '50000', prices: { AAPL: '190' } });
    await ws.close();
    ws = await open();
    const conn = await call<ConnectionInfo>('connections.add', { name: 'Real money', venue: 'alpaca', mode: 'live', ...live });
    const account = await until('the live account to connect', async () =>
      (await call<TradingAccount[]>('accounts.list', {})).find((a) => a.accountId === conn.id && a.state === 'connected'),
    );
    expect(account).toMatchObject({ mode: 'live', canTrade: false, reason: expect.stringMatching(/live trading has not been enabled/) });
    await anyHours(conn.id);
    const denied = await ws.invoke('orders.submit', { accountId: conn.id, symbol: 'AAPL', side: 'buy', type: 'market', qty: '1' }, ctx);
    expect(denied).toMatchObject({ ok: false, error: { code: 'DENIED' } });
    expect(fake.controls.requests().filter((r) => r.method === 'POST' && r.path === '/v2/orders')).toHaveLength(0);
    await call('connections.enableLive', { id: conn.id, confirmName: 'Real money' });
    const ok = await call<Order>('orders.submit', { accountId: conn.id, symbol: 'AAPL', side: 'buy', type: 'market', qty: '1' });
    expect(['ACCEPTED', 'FILLED']).toContain(ok.status);
  });
});
