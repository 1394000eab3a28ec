import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlpacaConnection } from '../../../electron/core/brokers/alpaca/alpacaConnection';
import { VenueError } from '../../../electron/core/brokers/port';
import { dec, decStr } from '../../../electron/core/domain/decimal';
import { SIMPLE } from '../../../electron/core/domain/order';
import { startFakeAlpaca, type FakeAlpaca } from '../../support/fakeAlpaca';
import { ReportRecorder, clientId, newConnection, order, requestsTo } from './helpers';

describe('Alpaca orders through the real SDK against the fake venue', () => {
  let fake: FakeAlpaca;
  let conn: AlpacaConnection;
  let reports: ReportRecorder;

  beforeEach(async () => {
    fake = await startFakeAlpaca({ prices: { AAPL: '190.00', WHOL: '25.00', 'BTC/USD': '65000' } });
    conn = newConnection(fake);
    reports = new ReportRecorder(conn);
    await conn.connect();
  });
  afterEach(async () => {
    await conn.close();
    await fake.close();
  });

  it('connects: account, instruments, stream listening', async () => {
    expect(conn.state()).toBe('connected');
    expect(conn.paper).toBe(true);
    expect(fake.controls.streamListeners()).toBe(1);
    const info = await conn.accountInfo();
    expect(info).toMatchObject({ venueAccountId: 'PA3FAKE0ALPCA', currency: 'USD' });
    expect(decStr(info.cash)).toBe('100000');
  });

  it('a market buy is acknowledged, then its fill arrives as a report with the execution id', async () => {
    const req = order({ symbol: 'AAPL', qty: dec(3) });
    const ack = await conn.submit(req);
    const [fill] = await reports.waitForFills(req.clientOrderId, 1);
    expect(fill).toMatchObject({ clientOrderId: req.clientOrderId, venueOrderId: ack.venueOrderId, symbol: 'AAPL', side: 'buy' });
    expect(decStr(fill!.qty)).toBe('3');
    expect(decStr(fill!.price)).toBe('190');
    expect(fill!.tradeId).toBe(fake.controls.fills()[0]!.id!.toString().split('::')[1]);
    const body = requestsTo(fake, 'POST', '/v2/orders')[0]!.body;
    // Amounts go out as decimal strings, with our client order id.
    expect(body).toMatchObject({ symbol: 'AAPL', qty: '3', side: 'buy', type: 'market', time_in_force: 'day', client_order_id: req.clientOrderId });
    expect(await conn.positions()).toEqual([{ symbol: 'AAPL', qty: dec(3) }]);
    expect(decStr(await conn.cash())).toBe('99430');
    const venueOrder = await conn.getOrder(req.clientOrderId);
    expect(venueOrder).toMatchObject({ status: 'filled', venueOrderId: ack.venueOrderId, type: 'market', tif: 'day' });
    expect(decStr(venueOrder!.filledQty)).toBe('3');
  });

  it('a limit order rests until the price crosses it, then fills at the limit or better', async () => {
    const req = order({ symbol: 'AAPL', type: 'limit', tif: 'gtc', qty: dec(2), limitPrice: dec('185.50') });
    await conn.submit(req);
    fake.controls.setPrice('AAPL', '186');
    expect(await conn.openOrders()).toEqual([expect.objectContaining({ clientOrderId: req.clientOrderId, status: 'open', type: 'limit' })]);
    expect(reports.fills(req.clientOrderId)).toHaveLength(0);
    fake.controls.setPrice('AAPL', '185.10');
    const [fill] = await reports.waitForFills(req.clientOrderId, 1);
    expect(decStr(fill!.price)).toBe('185.1');
    expect(await conn.openOrders()).toEqual([]);
  });

  it('a partial fill, then a cancel of the rest: fill report, then canceled report; fillsOf lists the execution', async () => {
    const req = order({ symbol: 'AAPL', type: 'limit', tif: 'day', qty: dec(10), limitPrice: dec(180) });
    const ack = await conn.submit(req);
    const { executionId } = fake.controls.fill(ack.venueOrderId, 4, '179.95');
    const [partial] = await reports.waitForFills(req.clientOrderId, 1);
    expect(partial!.tradeId).toBe(executionId);
    expect(decStr(partial!.qty)).toBe('4');
    await conn.cancel(req.clientOrderId);
    const canceled = await reports.waitFor((r) => r.kind === 'canceled' && r.clientOrderId === req.clientOrderId, 'cancel report');
    expect(canceled).toMatchObject({ kind: 'canceled', reason: 'Canceled at Alpaca' });
    // Fill first, then the cancel: the order of the reports is the order of events.
    expect(reports.all.filter((r) => r.kind !== 'fill' || r.fill.clientOrderId === req.clientOrderId).map((r) => r.kind)).toEqual(['fill', 'canceled']);
    const fills = await conn.fillsOf(req.clientOrderId);
    expect(fills).toHaveLength(1);
    expect(fills[0]).toMatchObject({ tradeId: executionId, venueOrderId: ack.venueOrderId });
    expect(await conn.getOrder(req.clientOrderId)).toMatchObject({ status: 'canceled' });
  });

  it('a reused client order id is refused as invalid_order, even after the first order was cancelled; the venue holds one order', async () => {
    const req = order({ symbol: 'AAPL', type: 'limit', qty: dec(1), limitPrice: dec(100) });
    await conn.submit(req);
    await conn.cancel(req.clientOrderId);
    const err = await conn.submit({ ...req, limitPrice: dec(101) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VenueError);
    expect(err).toMatchObject({ kind: 'invalid_order' });
    expect((err as VenueError).message).toMatch(/already used at Alpaca.*client_order_id must be unique/);
    expect(fake.controls.orders().filter((o) => o.client_order_id === req.clientOrderId)).toHaveLength(1);
  });

  it('Alpaca refusals become invalid_order in plain words: buying power, unknown symbol, fractional whole-share stock', async () => {
    const cases: Array<[Parameters<typeof order>[0], RegExp]> = [
      [{ symbol: 'AAPL', qty: dec(1000) }, /insufficient buying power/],
      [{ symbol: 'NOPE', qty: dec(1) }, /asset "NOPE" not found/],
      [{ symbol: 'WHOL', qty: dec('0.5') }, /not fractionable/],
      [{ symbol: 'AAPL', type: 'limit', qty: dec(1), limitPrice: dec('150.001') }, /sub-penny/],
      [{ symbol: 'BTC/USD', tif: 'day', qty: dec('0.01') }, /invalid crypto time_in_force/],
    ];
    for (const [req, message] of cases) {
      const err = await conn.submit(order(req)).catch((e: unknown) => e);
      expect(err, String(message)).toMatchObject({ kind: 'invalid_order', message: expect.stringMatching(message) });
    }
    expect(fake.controls.orders()).toHaveLength(0);
  });

  it('cancelling a filled order is refused (invalid_order) and no cancel report follows', async () => {
    const req = order({ symbol: 'AAPL', qty: dec(1) });
    await conn.submit(req);
    await reports.waitForFills(req.clientOrderId, 1);
    await expect(conn.cancel(req.clientOrderId)).rejects.toMatchObject({ kind: 'invalid_order', message: expect.stringMatching(/can no longer be cancelled/) });
    await expect(conn.cancel('tw-m-never-sent')).rejects.toMatchObject({ kind: 'invalid_order' });
    expect(reports.all.map((r) => r.kind)).toEqual(['fill']);
  });

  it('getOrder returns null for an id Alpaca never saw (404)', async () => {
    expect(await conn.getOrder(clientId())).toBeNull();
  });

  it('a bracket order from the port\'s extras: entry fills, the take-profit leg fills, the stop-loss leg is cancelled; legs are orders of their own', async () => {
    const req = order({
      symbol: 'AAPL',
      qty: dec(5),
      tif: 'gtc',
      extras: { ...SIMPLE, orderClass: 'bracket', takeProfitPrice: dec(200), stopLossPrice: dec(180), stopLossLimitPrice: dec('179.5') },
    });
    await conn.submit(req);
    expect(requestsTo(fake, 'POST', '/v2/orders')[0]!.body).toMatchObject({
      order_class: 'bracket',
      take_profit: { limit_price: '200' },
      stop_loss: { stop_price: '180', limit_price: '179.5' },
    });
    await reports.waitForFills(req.clientOrderId, 1);
    const legs = await conn.openOrders();
    expect(legs.map((l) => [l.side, l.type]).sort()).toEqual([
      ['sell', 'limit'],
      ['sell', 'stop_limit'],
    ]);
    const takeProfit = legs.find((l) => l.type === 'limit')!;
    const stopLoss = legs.find((l) => l.type === 'stop_limit')!;
    fake.controls.setPrice('AAPL', '201');
    const [exit] = await reports.waitForFills(takeProfit.clientOrderId, 1);
    expect(decStr(exit!.price)).toBe('201');
    await reports.waitFor((r) => r.kind === 'canceled' && r.clientOrderId === stopLoss.clientOrderId, 'stop-loss leg cancelled');
    expect(await conn.positions()).toEqual([]);
  });

  it('a trailing stop (type trailing_stop, trail in the extras) follows the price, reads back as trailing_stop, and sells when it falls back by the trail', async () => {
    const buy = order({ symbol: 'AAPL', qty: dec(2) });
    await conn.submit(buy);
    await reports.waitForFills(buy.clientOrderId, 1);
    const trail = order({ symbol: 'AAPL', side: 'sell', type: 'trailing_stop', tif: 'gtc', qty: dec(2), extras: { ...SIMPLE, trailPrice: dec(5) } });
    await conn.submit(trail);
    expect(requestsTo(fake, 'POST', '/v2/orders')[1]!.body).toMatchObject({ type: 'trailing_stop', trail_price: '5' });
    expect(await conn.getOrder(trail.clientOrderId)).toMatchObject({ type: 'trailing_stop', status: 'open' });
    expect((await conn.openOrders()).map((o) => o.type)).toEqual(['trailing_stop']);
    fake.controls.setPrice('AAPL', '200'); // high-water mark 200: stop at 195
    fake.controls.setPrice('AAPL', '196');
    expect(reports.fills(trail.clientOrderId)).toHaveLength(0);
    fake.controls.setPrice('AAPL', '194.5');
    const [fill] = await reports.waitForFills(trail.clientOrderId, 1);
    expect(decStr(fill!.price)).toBe('194.5');
  });

  it('replace: the ack carries the replacement\'s ids; the old order\'s "replaced" is not reported; the replacement reports under its new id', async () => {
    const req = order({ symbol: 'AAPL', type: 'limit', tif: 'gtc', qty: dec(3), limitPrice: dec(150) });
    const first = await conn.submit(req);
    const replacement = clientId('r');
    const replaced = fake.controls.nextRequest({ method: 'PATCH' });
    const ack = await conn.replace(req.clientOrderId, { limitPrice: dec(151), newClientOrderId: replacement }, { symbol: 'AAPL' });
    expect(ack).toEqual({ venueOrderId: expect.not.stringMatching(first.venueOrderId), clientOrderId: replacement });
    await replaced;
    expect(requestsTo(fake, 'PATCH', `/v2/orders/${first.venueOrderId}`)[0]!.body).toEqual({ limit_price: '151', client_order_id: replacement });
    expect(await conn.getOrder(replacement)).toMatchObject({ status: 'open', venueOrderId: ack.venueOrderId, clientOrderId: replacement });
    // The chain answers for the old id too, with the working order's ids.
    expect(await conn.getOrder(req.clientOrderId)).toMatchObject({ status: 'open', venueOrderId: ack.venueOrderId, clientOrderId: req.clientOrderId });

    fake.controls.setPrice('AAPL', '150.5');
    const [fill] = await reports.waitForFills(replacement, 1);
    expect(fill).toMatchObject({ venueOrderId: ack.venueOrderId });
    expect(decStr(fill!.price)).toBe('150.5');
    // Nothing was reported for the old order: it was not cancelled, it became the replacement.
    expect(reports.all.map((r) => (r.kind === 'fill' ? `fill ${r.fill.clientOrderId}` : `${r.kind} ${r.clientOrderId}`))).toEqual([`fill ${replacement}`]);
    expect((await conn.fillsOf(req.clientOrderId)).map((f) => [f.clientOrderId, f.tradeId])).toEqual([[req.clientOrderId, fill!.tradeId]]);
  });

  it('replace without a client order id makes one like ours, for the same owner', async () => {
    const req = order({ symbol: 'AAPL', type: 'limit', tif: 'gtc', qty: dec(1), limitPrice: dec(150) });
    await conn.submit(req);
    const ack = await conn.replace(req.clientOrderId, { limitPrice: dec(149) });
    expect(ack.clientOrderId).toMatch(/^tw-m-/);
    expect(ack.clientOrderId).not.toBe(req.clientOrderId);
    await expect(conn.replace(clientId(), { limitPrice: dec(149) })).rejects.toMatchObject({ kind: 'invalid_order' });
  });

  it('positions map Alpaca crypto symbols (BTCUSD) back to our pairs', async () => {
    const req = order({ symbol: 'BTC/USD', tif: 'gtc', qty: dec('0.01') });
    await conn.submit(req);
    await reports.waitForFills(req.clientOrderId, 1);
    expect(await conn.positions()).toEqual([{ symbol: 'BTC/USD', qty: dec('0.01') }]);
    expect(reports.fills(req.clientOrderId)[0]!.symbol).toBe('BTC/USD');
  });
});
