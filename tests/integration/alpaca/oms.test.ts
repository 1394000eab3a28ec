import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Decimal } from '../../../electron/core/domain/decimal';
import { startFakeAlpaca, type FakeAlpaca } from '../../support/fakeAlpaca';
import { tempDir } from '../../support/tempDir';
import { ALPACA_ACCOUNT, alpacaOmsHarness, setPrice } from './alpacaOmsHarness';
import { requestsTo } from './helpers';

const manual = { owner: { kind: 'manual' as const }, actor: 'test' };

describe('the real OMS with the Alpaca connection as its broker', () => {
  let t: ReturnType<typeof tempDir>;
  let fake: FakeAlpaca;
  let prices: Map<string, Decimal>;
  let harnesses: Array<Awaited<ReturnType<typeof alpacaOmsHarness>>>;

  beforeEach(async () => {
    t = tempDir('tw-alpaca-');
    fake = await startFakeAlpaca();
    prices = new Map();
    harnesses = [];
    setPrice(fake, prices, 'AAPL', '190.00');
  });
  afterEach(async () => {
    for (const h of harnesses) await h.close().catch(() => {});
    await fake.close();
    t.cleanup();
  });

  const start = async () => {
    const h = await alpacaOmsHarness(join(t.dir, 'ws.db'), fake, prices);
    harnesses.push(h);
    return h;
  };

  it('submit -> fill -> position: the order is accepted, filled from the stream, and booked', async () => {
    const h = await start();
    const order = await h.oms.submit({ symbol: 'AAPL', side: 'buy', type: 'market', tif: 'day', qty: '3' }, manual);
    expect(['ACCEPTED', 'FILLED']).toContain(order.status);
    await h.orderReaches(order.id, 'FILLED');
    const [fill] = h.fills.list({ limit: 10 });
    expect(fill).toMatchObject({ clientOrderId: order.clientOrderId, qty: '3', price: '190', venueTradeId: fake.controls.fills()[0]!.id!.toString().split('::')[1] });
    expect(h.view.positions(ALPACA_ACCOUNT)).toEqual([expect.objectContaining({ symbol: 'AAPL', qty: '3', avgPrice: '190' })]);
    expect((await h.oms.reconcile()).positionMismatches).toEqual([]);
  });

  it('Alpaca refusing an order makes it REJECTED with Alpaca\'s reason', async () => {
    const h = await start();
    await expect(h.oms.submit({ symbol: 'AAPL', side: 'buy', type: 'market', tif: 'day', qty: '5000' }, manual)).rejects.toMatchObject({
      code: 'REJECTED',
      message: expect.stringMatching(/alpaca refused the order: insufficient buying power/),
    });
    expect(h.orders.list({ scope: 'all', limit: 10 })[0]).toMatchObject({ status: 'REJECTED' });
  });

  it('a lost submit reply leaves the order SUBMITTED; the OMS finds it by client order id instead of resending', async () => {
    const h = await start();
    fake.controls.loseNextReply();
    const order = await h.oms.submit({ symbol: 'AAPL', side: 'buy', type: 'limit', tif: 'gtc', qty: '2', limitPrice: '150' }, manual);
    expect(order.status).toBe('SUBMITTED');
    await h.orderReaches(order.id, 'ACCEPTED');
    expect(h.orders.get(order.id)!.venueOrderId).toBe(fake.controls.orders()[0]!.id);
    expect(requestsTo(fake, 'GET', '/v2/orders:by_client_order_id').map((r) => r.query.client_order_id)).toContain(order.clientOrderId);
    fake.controls.fill(order.clientOrderId);
    await h.orderReaches(order.id, 'FILLED');
    expect(requestsTo(fake, 'POST', '/v2/orders')).toHaveLength(1);
    expect(h.view.positions(ALPACA_ACCOUNT)[0]).toMatchObject({ symbol: 'AAPL', qty: '2' });
  });

  it('restart: orders that filled (fully, or in part) while we were down are reconciled from Alpaca, each fill booked once', async () => {
    let h = await start();
    const full = await h.oms.submit({ symbol: 'AAPL', side: 'buy', type: 'limit', tif: 'gtc', qty: '4', limitPrice: '185' }, manual);
    const part = await h.oms.submit({ symbol: 'AAPL', side: 'buy', type: 'limit', tif: 'gtc', qty: '10', limitPrice: '180' }, manual);
    expect([full.status, part.status]).toEqual(['ACCEPTED', 'ACCEPTED']);
    await h.close();
    harnesses = [];

    // While we are down: one order fills, the other fills in part.
    setPrice(fake, prices, 'AAPL', '184.50');
    fake.controls.fill(part.clientOrderId, 6, '179.90');

    h = await start();
    const summary = await h.oms.reconcile();
    expect(summary.positionMismatches).toEqual([]);
    expect(h.orders.get(full.id)).toMatchObject({ status: 'FILLED' });
    expect(h.orders.get(part.id)).toMatchObject({ status: 'PARTIALLY_FILLED' });
    expect(h.fills.list({ limit: 10 }).map((f) => [f.clientOrderId, f.qty]).sort()).toEqual(
      [
        [full.clientOrderId, '4'],
        [part.clientOrderId, '6'],
      ].sort(),
    );
    expect(h.view.positions(ALPACA_ACCOUNT)[0]).toMatchObject({ symbol: 'AAPL', qty: '10' });

    // Reconciling again, and the adapter's own catch-up, change nothing.
    await h.conn.syncNow();
    expect((await h.oms.reconcile()).fillsApplied).toBe(0);
    expect(h.fills.list({ limit: 10 })).toHaveLength(2);

    // The rest of the open order fills now, live, through the stream.
    fake.controls.fill(part.clientOrderId);
    await h.orderReaches(part.id, 'FILLED');
    expect(h.view.positions(ALPACA_ACCOUNT)[0]).toMatchObject({ symbol: 'AAPL', qty: '14' });
  });
});
