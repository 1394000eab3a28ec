import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { ApiError } from '../../../electron/core/api/errors';
import { Decimal } from '../../../electron/core/domain/decimal';
import { tempDir } from '../../support/tempDir';
import { omsHarness } from '../../support/omsHarness';

const manual = { owner: { kind: 'manual' as const }, actor: 'test' };

describe('order manager with the paper venue', () => {
  let t: ReturnType<typeof tempDir>;
  let h: ReturnType<typeof omsHarness>;
  beforeEach(() => {
    t = tempDir();
    h = omsHarness(join(t.dir, 'ws.db'), { slippageBps: 10, feeBps: 5 });
  });
  afterEach(async () => {
    await h.close();
    t.cleanup();
  });

  it('a market buy is persisted before the venue is called, accepted, and filled at the next tick with slippage and fee', async () => {
    h.prices.tick('ACME', 40);
    const order = await h.oms.submit({ symbol: 'ACME', side: 'buy', type: 'market', tif: 'day', qty: '10' }, manual);
    expect(order.status).toBe('ACCEPTED');
    expect(order.clientOrderId).toMatch(/^tw-m-/);
    expect(h.orders.events(order.id).map((e) => e.type)).toEqual(['OrderInitialized', 'OrderSubmitted', 'OrderAccepted']);

    h.prices.tick('ACME', 41);
    const filled = h.orders.get(order.id)!;
    expect(filled.status).toBe('FILLED');
    const [fill] = h.fills.list({ limit: 10 });
    // 41 + 10 bps = 41.041 -> rounded up to the tick against the buyer: 41.05; fee 5 bps of 410.5 = 0.21 (rounded)
    expect(fill!.price).toBe('41.05');
    expect(fill!.fee).toBe('0.21');
    expect(fill!.liquidity).toBe('taker');
    const pos = h.view.positions('paper');
    expect(pos).toHaveLength(1);
    expect(pos[0]).toMatchObject({ symbol: 'ACME', qty: '10', avgPrice: '41.05' });
    const acct = h.view.summary('paper');
    expect(acct.cash).toBe('99589.29'); // 100000 - 410.5 - 0.21
  });

  it('limit orders rest until the price reaches them and fill at the limit or better', async () => {
    h.prices.tick('ACME', 40);
    const order = await h.oms.submit({ symbol: 'ACME', side: 'buy', type: 'limit', tif: 'gtc', qty: 5, limitPrice: '39.50' }, manual);
    h.prices.tick('ACME', 39.8);
    expect(h.orders.get(order.id)!.status).toBe('ACCEPTED');
    h.prices.tick('ACME', 39.2); // gapped through the limit: fill at the better price
    const o = h.orders.get(order.id)!;
    expect(o.status).toBe('FILLED');
    expect(h.fills.list({ limit: 1 })[0]).toMatchObject({ price: '39.2', liquidity: 'maker' });
  });

  it('refuses invalid orders with a reason, audits them, and never reaches the venue', async () => {
    h.prices.tick('ACME', 40);
    const submitted: string[] = [];
    const realSubmit = h.venue.submit.bind(h.venue);
    h.venue.submit = async (req) => {
      submitted.push(req.clientOrderId);
      return realSubmit(req);
    };
    for (const bad of [
      { qty: '0' },
      { qty: '-1' },
      { qty: 'abc' },
      { qty: Number.NaN },
      { type: 'limit' as const },
      { type: 'limit' as const, limitPrice: '40.001' },
      { symbol: 'NOPE' },
    ]) {
      await expect(h.oms.submit({ symbol: 'ACME', side: 'buy', type: 'market', tif: 'day', qty: '1', ...bad }, manual)).rejects.toMatchObject({
        code: 'INVALID_ORDER',
      });
    }
    expect(submitted).toEqual([]);
    expect(h.orders.list({ scope: 'all', limit: 100 })).toHaveLength(0);
    const audit = h.audit.list({ limit: 100 });
    expect(audit).toHaveLength(7);
    expect(audit.every((a) => a.outcome === 'refused' && a.action === 'order.submit')).toBe(true);
  });

  it('a pre-trade denial is DENIED (ours), a venue refusal is REJECTED (theirs)', async () => {
    await h.close();
    h = omsHarness(join(t.dir, 'ws2.db'), { checks: [(o) => (o.qty.gt(100) ? 'Order quantity above the 100 limit' : null)], cash: '1000' });
    h.prices.tick('ACME', 40);
    await expect(h.oms.submit({ symbol: 'ACME', side: 'buy', type: 'market', tif: 'day', qty: '101' }, manual)).rejects.toMatchObject({
      code: 'DENIED',
      message: 'Order quantity above the 100 limit',
    });
    // 50 * 40 = 2000 > 1000 cash: the paper venue refuses it.
    const err = await h.oms.submit({ symbol: 'ACME', side: 'buy', type: 'market', tif: 'day', qty: '50' }, manual).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('REJECTED');
    expect((err as ApiError).message).toMatch(/insufficient buying power/);
    const statuses = h.orders.list({ scope: 'all', limit: 10 }).map((o) => o.status).sort();
    expect(statuses).toEqual(['DENIED', 'REJECTED']);
  });

  it('cancels an open order, and refuses to cancel a filled one', async () => {
    h.prices.tick('ACME', 40);
    const limit = await h.oms.submit({ symbol: 'ACME', side: 'buy', type: 'limit', tif: 'day', qty: 1, limitPrice: 30 }, manual);
    const pending = await h.oms.cancel(limit.id, 'test');
    expect(['PENDING_CANCEL', 'CANCELED']).toContain(pending.status);
    await new Promise((r) => setTimeout(r, 0));
    expect(h.orders.get(limit.id)!.status).toBe('CANCELED');

    const market = await h.oms.submit({ symbol: 'ACME', side: 'buy', type: 'market', tif: 'day', qty: 1 }, manual);
    h.prices.tick('ACME', 40);
    await expect(h.oms.cancel(market.id, 'test')).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/already filled/) });
  });

  it('a duplicated fill report is booked once', async () => {
    h.prices.tick('ACME', 40);
    const order = await h.oms.submit({ symbol: 'ACME', side: 'buy', type: 'market', tif: 'day', qty: 2 }, manual);
    h.prices.tick('ACME', 40);
    const [venueFill] = await h.venue.fillsOf(order.clientOrderId);
    h.oms.onReport({ kind: 'fill', fill: venueFill! });
    h.oms.onReport({ kind: 'fill', fill: venueFill! });
    expect(h.fills.list({ limit: 10 })).toHaveLength(1);
    expect(h.view.positions('paper')[0]!.qty).toBe('2');
  });
});

describe('crash recovery by client order id', () => {
  it('finishes an order whose intent was written but never sent, and one the venue filled while we were down', async () => {
    const t = tempDir();
    const path = join(t.dir, 'ws.db');
    let h = omsHarness(path);
    h.prices.tick('ACME', 40);
    // 1. Intent on disk, app dies before the venue call: simulate by making the venue call hang forever.
    h.venue.submit = () => new Promise(() => {});
    void h.oms.submit({ symbol: 'ACME', side: 'buy', type: 'market', tif: 'day', qty: 3 }, { owner: { kind: 'manual' }, actor: 't' });
    await new Promise((r) => setTimeout(r, 0));
    const lost = h.orders.list({ scope: 'all', limit: 10 })[0]!;
    expect(lost.status).toBe('SUBMITTED');
    await h.close();

    // 2. Restart. The venue has no such order: it is closed, never resent.
    h = omsHarness(path, { prices: h.prices });
    let summary = await h.oms.reconcile();
    expect(summary.closed).toBe(1);
    expect(h.orders.get(lost.id)!.status).toBe('CANCELED');

    // 3. The venue accepts and fills an order, but our process dies before it hears of either.
    const order = await h.oms.submit({ symbol: 'ACME', side: 'buy', type: 'market', tif: 'day', qty: 4 }, { owner: { kind: 'manual' }, actor: 't' });
    h.oms.close(); // stop listening: the fill report is lost
    h.prices.tick('ACME', 41);
    expect(h.orders.get(order.id)!.status).toBe('ACCEPTED');
    await h.venue.close();
    h.db.close();

    h = omsHarness(path, { prices: h.prices });
    summary = await h.oms.reconcile();
    expect(summary.fillsApplied).toBe(1);
    expect(h.orders.get(order.id)!.status).toBe('FILLED');
    expect(h.view.positions('paper')[0]).toMatchObject({ symbol: 'ACME', qty: '4' });
    expect(summary.positionMismatches).toEqual([]);
    // Reconciling again changes nothing.
    const again = await h.oms.reconcile();
    expect(again.fillsApplied).toBe(0);
    await h.close();
    t.cleanup();
  });
});

describe('order manager: gates, capabilities, order classes, modify', () => {
  let t: ReturnType<typeof tempDir>;
  beforeEach(() => (t = tempDir()));
  afterEach(() => t.cleanup());

  it('refuses an order type, time in force or order class the venue lacks, before anything is written', async () => {
    const h = omsHarness(join(t.dir, 'ws.db'));
    h.prices.tick('ACME', 40);
    await expect(
      h.oms.submit({ symbol: 'ACME', side: 'sell', type: 'trailing_stop', tif: 'day', qty: 1, extras: { trailPercent: '1' } }, manual),
    ).rejects.toMatchObject({ code: 'INVALID_ORDER', message: expect.stringMatching(/paper does not take trailing-stop orders/) });
    await expect(
      h.oms.submit(
        { symbol: 'ACME', side: 'buy', type: 'limit', tif: 'day', qty: 1, limitPrice: 40, extras: { orderClass: 'bracket', takeProfitPrice: 45, stopLossPrice: 35 } },
        manual,
      ),
    ).rejects.toMatchObject({ code: 'INVALID_ORDER', message: 'paper does not take bracket orders' });
    expect(h.orders.list({ scope: 'all', limit: 10 })).toHaveLength(0);
    expect(h.audit.list({ limit: 10 }).every((a) => a.outcome === 'refused')).toBe(true);
    await h.close();
  });

  it('records a DENIED order when the account may not trade (a live account not enabled)', async () => {
    const db = join(t.dir, 'ws.db');
    const h = omsHarness(db);
    await h.close();
    const { openDatabase } = await import('../../../electron/core/store/database');
    const { omsCore } = await import('../../support/omsCore');
    const { PAPER_CAPABILITIES } = await import('../../../electron/core/oms/orderManager');
    const { ManualPrices } = await import('../../support/manualPrices');
    const { PaperVenue } = await import('../../../electron/core/brokers/paper/paperVenue');
    const { dec } = await import('../../../electron/core/domain/decimal');
    const { rulesOf } = await import('../../../electron/core/domain/instrument');
    const { sampleInstruments } = await import('../../../electron/core/marketdata/sampleInstruments');
    const rules = new Map(sampleInstruments().map((i) => [i.symbol, rulesOf(i)]));
    const conn = openDatabase(db);
    const prices = new ManualPrices();
    prices.tick('ACME', 40);
    const venue = new PaperVenue({ db: conn, accountId: 'paper', startingCash: dec(1000), prices, rules: (s) => rules.get(s), slippageBps: 0, feeBps: 0 });
    let submitted = 0;
    const realSubmit = venue.submit.bind(venue);
    venue.submit = async (r) => {
      submitted++;
      return realSubmit(r);
    };
    const core = omsCore(conn, {
      accountId: 'paper',
      broker: venue,
      capabilities: PAPER_CAPABILITIES,
      rules: (s) => rules.get(s),
      lastPrice: () => dec(40),
      now: () => prices.marketTime(),
      permission: () => '"Live" is a live account and live trading has not been enabled for it',
    });
    await expect(core.oms.submit({ symbol: 'ACME', side: 'buy', type: 'market', tif: 'day', qty: 1 }, manual)).rejects.toMatchObject({
      code: 'DENIED',
      message: expect.stringMatching(/live trading has not been enabled/),
    });
    expect(submitted).toBe(0);
    expect(core.orders.list({ scope: 'all', limit: 5 }).map((o) => o.status)).toEqual(['DENIED']);
    core.oms.close();
    await venue.close();
    conn.close();
  });

  it('validates trailing stops and bracket exits with messages naming the field', async () => {
    const { validateOrder } = await import('../../../electron/core/domain/orderValidation');
    const { rulesOf } = await import('../../../electron/core/domain/instrument');
    const { sampleInstruments } = await import('../../../electron/core/marketdata/sampleInstruments');
    const { Decimal } = await import('../../../electron/core/domain/decimal');
    const rules = rulesOf(sampleInstruments()[0]!);
    const ref = new Decimal(40);
    const refuse = (extras: object, over: object = {}) => {
      try {
        validateOrder({ symbol: rules.symbol, side: 'buy', type: 'limit', tif: 'day', qty: 1, limitPrice: 40, extras, ...over }, rules, ref);
      } catch (e) {
        return [(e as Error).message, Object.keys((e as { fields?: object }).fields ?? {})[0]];
      }
      return null;
    };
    expect(refuse({ orderClass: 'bracket', takeProfitPrice: 45 })).toEqual(['A bracket order needs a stop-loss price', 'stopLossPrice']);
    expect(refuse({ orderClass: 'bracket', takeProfitPrice: 39, stopLossPrice: 35 })?.[1]).toBe('takeProfitPrice');
    expect(refuse({ orderClass: 'bracket', takeProfitPrice: 45, stopLossPrice: 41 })).toEqual(['The stop-loss must be below the entry price 40', 'stopLossPrice']);
    expect(refuse({ takeProfitPrice: 45 })?.[1]).toBe('orderClass');
    expect(refuse({ orderClass: 'oto', takeProfitPrice: 45, stopLossPrice: 35 })?.[1]).toBe('takeProfitPrice');
    expect(refuse({}, { type: 'trailing_stop', limitPrice: undefined })?.[0]).toMatch(/needs a trail/);
    expect(refuse({ trailPercent: 80 }, { type: 'trailing_stop', limitPrice: undefined })?.[1]).toBe('trailPercent');
    expect(refuse({ trailPercent: 2 }, { type: 'trailing_stop', limitPrice: undefined })).toBeNull();
    expect(refuse({ orderClass: 'bracket', takeProfitPrice: 45, stopLossPrice: 35 })).toBeNull();
  });

  it('modifies a resting order in place, keeps one order, and fills it at the new price', async () => {
    const h = omsHarness(join(t.dir, 'ws.db'));
    h.prices.tick('ACME', 40);
    const order = await h.oms.submit({ symbol: 'ACME', side: 'buy', type: 'limit', tif: 'gtc', qty: 5, limitPrice: '35' }, manual);
    const changed = await h.oms.modify(order.id, { qty: '8', limitPrice: '39.5' }, 'test');
    expect(changed).toMatchObject({ id: order.id, qty: '8', limitPrice: '39.5', status: 'ACCEPTED' });
    h.prices.tick('ACME', 39.4);
    expect(h.orders.get(order.id)).toMatchObject({ status: 'FILLED' });
    expect(h.view.positions('paper')[0]).toMatchObject({ qty: '8', avgPrice: '39.4' });
    expect(h.orders.events(order.id).map((e) => e.type)).toEqual(['OrderInitialized', 'OrderSubmitted', 'OrderAccepted', 'OrderUpdated', 'OrderFilled']);
    await expect(h.oms.modify(order.id, { qty: '9' }, 'test')).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/only a working order/) });
    expect(h.orders.list({ scope: 'all', limit: 10 })).toHaveLength(1);
    await h.close();
  });

  it('rejects at once, without a lookup, when the venue says the order was certainly not sent', async () => {
    const { VenueError } = await import('../../../electron/core/brokers/port');
    const h = omsHarness(join(t.dir, 'ws.db'));
    h.prices.tick('ACME', 40);
    let lookups = 0;
    h.venue.submit = async () => {
      throw new VenueError('not_sent', 'the connection is paused after repeated failures');
    };
    h.venue.getOrder = async () => {
      lookups++;
      return null;
    };
    await expect(h.oms.submit({ symbol: 'ACME', side: 'buy', type: 'market', tif: 'day', qty: 1 }, manual)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    const [o] = h.orders.list({ scope: 'all', limit: 1 });
    expect(o).toMatchObject({ status: 'REJECTED', reason: 'not sent: the connection is paused after repeated failures' });
    expect(lookups).toBe(0);
    await h.close();
  });
});

describe('fees charged in the coin received', () => {
  it('leave fewer units in the position at the same total cost, and do not touch cash', async () => {
    const t = tempDir();
    const h = omsHarness(join(t.dir, 'ws.db'));
    h.prices.tick('ORB/USD', 40);
    const order = await h.oms.submit({ symbol: 'ORB/USD', side: 'buy', type: 'limit', tif: 'gtc', qty: '1', limitPrice: '30' }, manual);
    const venueOrder = (await h.venue.getOrder(order.clientOrderId))!;
    h.oms.onReport({
      kind: 'fill',
      fill: {
        clientOrderId: order.clientOrderId,
        venueOrderId: venueOrder.venueOrderId,
        tradeId: 'T-base-fee',
        symbol: 'ORB/USD',
        side: 'buy',
        qty: new Decimal('1'),
        price: new Decimal('30'),
        fee: new Decimal('0.001'),
        feeCurrency: 'ORB',
        liquidity: 'maker',
        at: Date.now(),
      },
    });
    const pos = h.view.positions('paper')[0]!;
    expect(pos.qty).toBe('0.999');
    expect(pos.costBasis).toBe('30');
    expect(h.view.summary('paper').cash).toBe('99970');
    await h.close();
    t.cleanup();
  });
});
