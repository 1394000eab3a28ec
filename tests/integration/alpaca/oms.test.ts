import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../electron/core/api/errors';
import type { AlpacaConnectionOptions } from '../../../electron/core/brokers/alpaca/alpacaConnection';
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

  const start = async (over: Partial<AlpacaConnectionOptions> = {}) => {
    const h = await alpacaOmsHarness(join(t.dir, 'ws.db'), fake, prices, over);
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

  it('a bracket order through the OMS: the extras become Alpaca\'s class and legs, and the entry fills', async () => {
    const h = await start();
    const order = await h.oms.submit(
      {
        symbol: 'AAPL',
        side: 'buy',
        type: 'limit',
        tif: 'gtc',
        qty: '5',
        limitPrice: '190',
        extras: { orderClass: 'bracket', takeProfitPrice: '200', stopLossPrice: '180', stopLossLimitPrice: '179.5' },
      },
      manual,
    );
    expect(order).toMatchObject({ orderClass: 'bracket', takeProfitPrice: '200', stopLossPrice: '180' });
    expect(requestsTo(fake, 'POST', '/v2/orders')[0]!.body).toMatchObject({
      type: 'limit',
      limit_price: '190',
      order_class: 'bracket',
      take_profit: { limit_price: '200' },
      stop_loss: { stop_price: '180', limit_price: '179.5' },
      client_order_id: order.clientOrderId,
    });
    await h.orderReaches(order.id, 'FILLED');
    // The exits are held at Alpaca until the entry filled; now they work, as orders of their own.
    const legs = fake.controls.orders().filter((o) => o.client_order_id !== order.clientOrderId);
    expect(legs.map((l) => [l.type, l.status]).sort()).toEqual([
      ['limit', 'new'],
      ['stop_limit', 'new'],
    ]);
  });

  it('a trailing stop through the OMS goes out as trailing_stop with its trail and reads back as trailing_stop', async () => {
    const h = await start();
    const buy = await h.oms.submit({ symbol: 'AAPL', side: 'buy', type: 'market', tif: 'day', qty: '2' }, manual);
    await h.orderReaches(buy.id, 'FILLED');
    const trail = await h.oms.submit({ symbol: 'AAPL', side: 'sell', type: 'trailing_stop', tif: 'gtc', qty: '2', extras: { trailPrice: '5' } }, manual);
    expect(trail).toMatchObject({ type: 'trailing_stop', trailPrice: '5', status: 'ACCEPTED' });
    const body = requestsTo(fake, 'POST', '/v2/orders')[1]!.body as Record<string, unknown>;
    expect(body).toMatchObject({ type: 'trailing_stop', trail_price: '5', time_in_force: 'gtc' });
    expect(body).not.toHaveProperty('stop_price');
    expect(await h.conn.getOrder(trail.clientOrderId, { symbol: 'AAPL' })).toMatchObject({ type: 'trailing_stop', status: 'open' });
    // Reconcile finds it as it is; the trail then follows the price and sells on the way back.
    expect((await h.oms.reconcile()).closed).toBe(0);
    setPrice(fake, prices, 'AAPL', '200');
    setPrice(fake, prices, 'AAPL', '194');
    await h.orderReaches(trail.id, 'FILLED');
    expect(h.orders.get(trail.id)).toMatchObject({ type: 'trailing_stop' });
    expect(h.view.positions(ALPACA_ACCOUNT)).toEqual([]);
  });

  it('modify: Alpaca\'s replacement is the same OMS order with the new quantity, price and ids, and its fill lands on it', async () => {
    const h = await start();
    const order = await h.oms.submit({ symbol: 'AAPL', side: 'buy', type: 'limit', tif: 'gtc', qty: '3', limitPrice: '150' }, manual);
    const original = fake.controls.orders()[0]!;
    const changed = await h.oms.modify(order.id, { qty: '5', limitPrice: '155' }, 'test');
    const replacement = fake.controls.orders().find((o) => o.replaces === original.id)!;
    expect(requestsTo(fake, 'PATCH', `/v2/orders/${original.id as string}`)[0]!.body).toMatchObject({ qty: '5', limit_price: '155', client_order_id: replacement.client_order_id });
    expect(changed).toMatchObject({ id: order.id, status: 'ACCEPTED', qty: '5', limitPrice: '155', clientOrderId: replacement.client_order_id, venueOrderId: replacement.id });
    expect(changed.clientOrderId).not.toBe(order.clientOrderId);
    expect(changed.clientOrderId).toMatch(/^tw-m-/); // ours, with the same owner
    expect(fake.controls.orders().find((o) => o.id === original.id)).toMatchObject({ status: 'replaced', replaced_by: replacement.id });

    setPrice(fake, prices, 'AAPL', '154');
    await h.orderReaches(order.id, 'FILLED');
    const all = h.orders.list({ scope: 'all', limit: 10 });
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ id: order.id, status: 'FILLED', clientOrderId: replacement.client_order_id });
    expect(all[0]!.qty.toString()).toBe('5');
    expect(all[0]!.filledQty.toString()).toBe('5');
    // The old order's "replaced" did not close the order: no cancel anywhere in its history.
    expect(h.orders.events(order.id).map((e) => e.type)).toEqual(['OrderInitialized', 'OrderSubmitted', 'OrderAccepted', 'OrderUpdated', 'OrderFilled']);
    expect(h.fills.list({ limit: 10 }).map((f) => [f.orderId, f.clientOrderId, f.qty, f.price])).toEqual([[order.id, replacement.client_order_id, '5', '154']]);
    expect(h.view.positions(ALPACA_ACCOUNT)[0]).toMatchObject({ symbol: 'AAPL', qty: '5' });
    expect(await h.oms.reconcile()).toMatchObject({ fillsApplied: 0, adopted: 0, positionMismatches: [] });
  });

  it('modify after a partial fill: the replacement is sent for the rest of the new total, and the order fills to it', async () => {
    const h = await start();
    const order = await h.oms.submit({ symbol: 'AAPL', side: 'buy', type: 'limit', tif: 'gtc', qty: '10', limitPrice: '180' }, manual);
    fake.controls.fill(order.clientOrderId, 4, '179.95');
    await h.orderReaches(order.id, 'PARTIALLY_FILLED');
    const changed = await h.oms.modify(order.id, { qty: '8' }, 'test');
    expect(changed).toMatchObject({ qty: '8', filledQty: '4', status: 'PARTIALLY_FILLED' });
    expect(requestsTo(fake, 'PATCH', /^\/v2\/orders\//)[0]!.body).toEqual({ qty: '4', client_order_id: changed.clientOrderId });
    fake.controls.fill(changed.clientOrderId);
    await h.orderReaches(order.id, 'FILLED');
    expect(h.orders.get(order.id)!.filledQty.toString()).toBe('8');
    expect(h.fills.list({ limit: 10 }).map((f) => f.qty).sort()).toEqual(['4', '4']);
    expect(h.view.positions(ALPACA_ACCOUNT)[0]).toMatchObject({ symbol: 'AAPL', qty: '8' });
  });

  it('modify to a price that trades at once: the replacement\'s fill waits for the acknowledgement and is booked at the new quantity', async () => {
    const h = await start();
    const order = await h.oms.submit({ symbol: 'AAPL', side: 'buy', type: 'limit', tif: 'gtc', qty: '3', limitPrice: '150' }, manual);
    // The replacement executes inside Alpaca's PATCH: its fill is on the stream before the reply.
    const changed = await h.oms.modify(order.id, { qty: '5', limitPrice: '195' }, 'test');
    expect(changed.qty).toBe('5');
    await h.orderReaches(order.id, 'FILLED');
    expect(h.orders.get(order.id)!.filledQty.toString()).toBe('5');
    expect(h.orders.list({ scope: 'all', limit: 10 })).toHaveLength(1);
    expect(h.fills.list({ limit: 10 }).map((f) => [f.clientOrderId, f.qty, f.price])).toEqual([[changed.clientOrderId, '5', '190']]);
  });

  it('the original fills before its replacement reaches the market: Alpaca rejects the replacement, and the one order ends with what filled', async () => {
    const h = await start();
    const order = await h.oms.submit({ symbol: 'AAPL', side: 'buy', type: 'limit', tif: 'gtc', qty: '3', limitPrice: '150' }, manual);
    fake.controls.deferNextReplace();
    const changed = await h.oms.modify(order.id, { qty: '5', limitPrice: '151' }, 'test');
    expect(changed).toMatchObject({ qty: '5', status: 'ACCEPTED' });
    // The original, still working at 150, fills; the replacement is then rejected.
    fake.controls.fill(order.clientOrderId);
    await h.orderReaches(order.id, 'CANCELED');
    const final = h.orders.get(order.id)!;
    expect(final.filledQty.toString()).toBe('3');
    expect(final.reason).toMatch(/Alpaca rejected the replacement order/);
    expect(h.orders.list({ scope: 'all', limit: 10 })).toHaveLength(1);
    expect(h.fills.list({ limit: 10 }).map((f) => [f.orderId, f.clientOrderId, f.qty])).toEqual([[order.id, changed.clientOrderId, '3']]);
    expect(fake.controls.orders().map((o) => o.status).sort()).toEqual(['filled', 'rejected']);
    expect(h.view.positions(ALPACA_ACCOUNT)[0]).toMatchObject({ symbol: 'AAPL', qty: '3' });
    expect((await h.oms.reconcile()).positionMismatches).toEqual([]);
  });

  it('a replace whose reply was lost: the OMS keeps the old ids, and what the replacement does is still booked to the order', async () => {
    const h = await start();
    const order = await h.oms.submit({ symbol: 'AAPL', side: 'buy', type: 'limit', tif: 'gtc', qty: '3', limitPrice: '150' }, manual);
    fake.controls.loseNextReply({ method: 'PATCH', path: /^\/v2\/orders\// });
    await expect(h.oms.modify(order.id, { limitPrice: '152' }, 'test')).rejects.toBeInstanceOf(ApiError);
    expect(h.orders.get(order.id)).toMatchObject({ clientOrderId: order.clientOrderId, status: 'ACCEPTED' });
    const replacement = fake.controls.orders().find((o) => o.replaces !== null)!;
    fake.controls.fill(replacement.id as string);
    await h.orderReaches(order.id, 'FILLED');
    expect(h.fills.list({ limit: 10 }).map((f) => [f.clientOrderId, f.qty, f.price])).toEqual([[order.clientOrderId, '3', '152']]);
    // Reconcile follows the chain from the old id: nothing missing, nothing adopted.
    expect(await h.oms.reconcile()).toMatchObject({ fillsApplied: 0, adopted: 0, positionMismatches: [] });
  });

  it('restart after a modify: the replacement\'s fill while we were down is reconciled onto the one order', async () => {
    let h = await start();
    const order = await h.oms.submit({ symbol: 'AAPL', side: 'buy', type: 'limit', tif: 'gtc', qty: '4', limitPrice: '150' }, manual);
    fake.controls.fill(order.clientOrderId, 1, '150');
    await h.orderReaches(order.id, 'PARTIALLY_FILLED');
    const changed = await h.oms.modify(order.id, { limitPrice: '160' }, 'test');
    await h.close();
    harnesses = [];

    setPrice(fake, prices, 'AAPL', '159');
    h = await start();
    expect(await h.conn.getOrder(changed.clientOrderId)).toMatchObject({ status: 'filled', venueOrderId: changed.venueOrderId });
    const summary = await h.oms.reconcile();
    expect(summary).toMatchObject({ checked: 1, fillsApplied: 1, closed: 1, adopted: 0, positionMismatches: [] });
    expect(h.orders.get(order.id)).toMatchObject({ status: 'FILLED', clientOrderId: changed.clientOrderId });
    expect(h.orders.get(order.id)!.filledQty.toString()).toBe('4');
    expect(h.fills.list({ limit: 10 }).map((f) => f.qty).sort()).toEqual(['1', '3']);
  });

  it('while the circuit breaker is open an order is rejected at once: not sent, one reason, no request and no lookup', async () => {
    const h = await start({ retry: { maxRetries: 0 }, breaker: { failureThreshold: 2, coolDownMs: 60_000 } });
    fake.controls.failNext(2, 503, { method: 'GET', path: '/v2/account' });
    for (let i = 0; i < 2; i++) await expect(h.conn.accountInfo()).rejects.toMatchObject({ kind: 'transient' });
    expect(h.conn.state()).toBe('down');
    const sent = fake.controls.requests().length;

    const err = await h.oms.submit({ symbol: 'AAPL', side: 'buy', type: 'limit', tif: 'gtc', qty: '2', limitPrice: '150' }, manual).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringMatching(/^alpaca refused the order: Alpaca is unreachable and requests to it are paused/) });
    const [rejected] = h.orders.list({ scope: 'all', limit: 10 });
    expect(rejected).toMatchObject({ status: 'REJECTED' });
    expect(rejected!.reason).toMatch(/^not sent: Alpaca is unreachable and requests to it are paused for \d+ s$/);
    expect(h.audit.list({ limit: 10, action: 'order.rejected' }).map((a) => a.detail)).toEqual([expect.objectContaining({ kind: 'not_sent' })]);
    // Nothing left this machine: no order, and no lookup of it (it is settled: REJECTED).
    expect(fake.controls.requests()).toHaveLength(sent);
    expect(fake.controls.orders()).toHaveLength(0);
  });
});
