import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../electron/core/api/errors';
import { tempDir } from '../../support/tempDir';
import { ccxtOmsHarness } from './omsWithCcxt';
import { Resources, startFake } from './support';

const resources = new Resources();
afterEach(() => resources.closeAll());

function dbFile(): string {
  const { dir, cleanup } = tempDir('tw-ccxt-oms-');
  resources.add(async () => cleanup());
  return join(dir, 'workstation.db');
}

const manual = { owner: { kind: 'manual' as const }, actor: 'test' };

// Zero commission: the OMS books fees in the quote currency (see the report on fees in the base asset).
const zeroFee = { balances: { USDT: '10000' }, commissionRate: '0' };

describe('the OMS with a ccxt connection as its broker', () => {
  it('submit -> fill -> position and cash, and the books match the venue', async () => {
    const fake = await startFake(resources, zeroFee);
    const h = await ccxtOmsHarness(dbFile(), fake, resources);
    h.setPrice('BTC/USDT', '50000');

    const placed = await h.oms.submit({ symbol: 'BTC/USDT', side: 'buy', type: 'market', tif: 'ioc', qty: '0.01' }, manual);
    expect(fake.controls.order(placed.clientOrderId)?.status).toBe('FILLED');
    const filled = await h.orderReaching(placed.id, 'FILLED');
    expect(filled.venueOrderId).toBe(fake.controls.order(placed.clientOrderId)?.orderId);

    const position = h.accounts.position(h.conn.accountId, 'BTC/USDT');
    expect(position?.qty.toString()).toBe('0.01');
    expect(position?.avgPrice.toString()).toBe('50000');
    expect(h.accounts.get(h.conn.accountId)?.cash.toString()).toBe('9500');
    expect(h.fills.has(h.conn.accountId, fake.controls.trades()[0]!.id)).toBe(true);

    const summary = await h.oms.reconcile();
    expect(summary.positionMismatches).toEqual([]);
    expect(summary.fillsApplied).toBe(0);
  });

  it('a restart reconciles a fill that happened while the app was down', async () => {
    const fake = await startFake(resources, zeroFee);
    const path = dbFile();
    const before = await ccxtOmsHarness(path, fake, resources);
    before.setPrice('BTC/USDT', '50000');
    const placed = await before.oms.submit({ symbol: 'BTC/USDT', side: 'buy', type: 'limit', tif: 'gtc', qty: '0.01', limitPrice: '49000' }, manual);
    expect(placed.status).toBe('ACCEPTED');
    await before.close();

    // While we are down, the market trades through the limit.
    fake.controls.setPrice('BTCUSDT', '48500');
    expect(fake.controls.order(placed.clientOrderId)?.status).toBe('FILLED');

    const after = await ccxtOmsHarness(path, fake, resources);
    expect(after.orders.get(placed.id)?.status).toBe('ACCEPTED');
    const summary = await after.oms.reconcile();
    expect(summary).toMatchObject({ checked: 1, fillsApplied: 1, closed: 1, positionMismatches: [] });
    expect(after.orders.get(placed.id)?.status).toBe('FILLED');
    expect(after.accounts.position(after.conn.accountId, 'BTC/USDT')?.qty.toString()).toBe('0.01');
    expect(after.accounts.get(after.conn.accountId)?.cash.toString()).toBe('9510');
    // Reconciling again changes nothing: the fill is known by its trade id.
    expect(await after.oms.reconcile()).toMatchObject({ fillsApplied: 0, positionMismatches: [] });
  });

  it('a submit whose reply was lost is looked up by client order id, not resent', async () => {
    const fake = await startFake(resources, zeroFee);
    const h = await ccxtOmsHarness(dbFile(), fake, resources);
    h.setPrice('BTC/USDT', '50000');
    fake.controls.loseNextReply();

    const placed = await h.oms.submit({ symbol: 'BTC/USDT', side: 'buy', type: 'market', tif: 'ioc', qty: '0.01' }, manual);
    expect(placed.status).toBe('SUBMITTED');
    await h.orderReaching(placed.id, 'FILLED');
    expect(fake.controls.requestsTo('POST', '/api/v3/order')).toHaveLength(1);
    expect(h.accounts.position(h.conn.accountId, 'BTC/USDT')?.qty.toString()).toBe('0.01');
  });

  it('while requests are paused an order is rejected at once: not sent, one reason, nothing reaches the exchange', async () => {
    const fake = await startFake(resources, zeroFee);
    const h = await ccxtOmsHarness(dbFile(), fake, resources);
    h.setPrice('BTC/USDT', '50000');
    fake.controls.failNext(1, 429, { method: 'GET', path: '/api/v3/account', retryAfter: 30 });
    await expect(h.conn.cash()).rejects.toMatchObject({ kind: 'rate_limited' });
    fake.controls.clearRequests();

    const err = await h.oms
      .submit({ symbol: 'BTC/USDT', side: 'buy', type: 'limit', tif: 'gtc', qty: '0.01', limitPrice: '49000' }, manual)
      .then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringMatching(/^binance refused the order: requests to binance are paused/) });
    const [order] = h.orders.list({ scope: 'all', limit: 10 });
    expect(order).toMatchObject({ status: 'REJECTED' });
    expect(order!.reason).toMatch(/^not sent: requests to binance are paused \(about \d+ s left\); try again shortly$/);
    expect(h.audit.list({ limit: 10, action: 'order.rejected' }).map((a) => a.detail)).toEqual([expect.objectContaining({ kind: 'not_sent' })]);
    expect(fake.controls.requests).toEqual([]);
    expect(fake.controls.orders()).toHaveLength(0);
  });

  it("the exchange's refusal reaches the trader in plain words and the order is REJECTED", async () => {
    const fake = await startFake(resources, zeroFee);
    const h = await ccxtOmsHarness(dbFile(), fake, resources);
    h.setPrice('BTC/USDT', '50000');
    const err = await h.oms
      .submit({ symbol: 'BTC/USDT', side: 'buy', type: 'limit', tif: 'gtc', qty: '1', limitPrice: '49000' }, manual)
      .then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).message).toMatch(/^binance refused the order: the account does not have enough balance/);
    expect(h.orders.open()).toHaveLength(0);
  });
});
