import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { VenueError, type ConnectionState, type SubmitRequest } from '../../../electron/core/brokers/port';
import { Decimal, dec } from '../../../electron/core/domain/decimal';
import { ReportLog, Resources, clientId, connected, connectionTo, startFake } from './support';

const resources = new Resources();
afterEach(() => resources.closeAll());

function order(overrides: Partial<SubmitRequest> = {}): SubmitRequest {
  return {
    clientOrderId: clientId(),
    symbol: 'BTC/USDT',
    side: 'buy',
    type: 'market',
    tif: 'gtc',
    qty: dec('0.01'),
    limitPrice: null,
    stopPrice: null,
    ...overrides,
  };
}

const limitBuy = (price: string, qty = '0.01', overrides: Partial<SubmitRequest> = {}) =>
  order({ type: 'limit', limitPrice: dec(price), qty: dec(qty), ...overrides });

/** The VenueError a promise rejects with (fails the test if it resolves or throws something else). */
async function venueError(p: Promise<unknown>): Promise<VenueError> {
  const err = await p.then(
    () => {
      throw new Error('expected a VenueError, but the call succeeded');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(VenueError);
  return err as VenueError;
}

describe('instrument rules from loadMarkets', () => {
  it('match the filters of the exchangeInfo the fake serves', async () => {
    const { conn } = await connected(resources);
    const info = JSON.parse(readFileSync(new URL('../../fixtures/binance/exchangeInfo.json', import.meta.url), 'utf8')) as {
      symbols: Array<{ baseAsset: string; quoteAsset: string; status: string; filters: Array<Record<string, string>> }>;
    };
    expect(info.symbols.length).toBeGreaterThan(3);
    for (const s of info.symbols) {
      const filter = (type: string) => s.filters.find((f) => f.filterType === type)!;
      const instrument = conn.instrument(`${s.baseAsset}/${s.quoteAsset}`);
      expect(instrument, `${s.baseAsset}/${s.quoteAsset}`).toBeDefined();
      expect(dec(instrument!.tickSize).eq(dec(filter('PRICE_FILTER').tickSize!))).toBe(true);
      expect(dec(instrument!.lotSize).eq(dec(filter('LOT_SIZE').stepSize!))).toBe(true);
      expect(dec(instrument!.minQty).eq(dec(filter('LOT_SIZE').minQty!))).toBe(true);
      expect(dec(instrument!.minNotional).eq(dec(filter('NOTIONAL').minNotional!))).toBe(true);
      expect(instrument!.tradable).toBe(s.status === 'TRADING');
      expect(instrument!.quoteCurrency).toBe(s.quoteAsset);
      expect(instrument!.shortable).toBe(false);
    }
    expect(conn.instrument('BTC/USDT')).toMatchObject({ tickSize: '0.01', lotSize: '0.00001', minQty: '0.00001', minNotional: '5', venue: 'binance' });
    expect(conn.instrument('NOPE/USDT')).toBeUndefined();
  });

  it('loads spot markets only, with the clock offset, and states its capabilities from ccxt', async () => {
    const { fake, conn } = await connected(resources);
    expect(conn.state()).toBe('connected');
    expect(conn.capabilities).toMatchObject({ orderTypes: ['market', 'limit', 'stop', 'stop_limit'], timeInForce: ['gtc', 'ioc', 'fok'], streamsOrderUpdates: false });
    // A fresh connection's requests: exchangeInfo (spot only, no futures or sapi), time, account, open orders.
    const fresh = connectionTo(resources, fake);
    fake.controls.clearRequests();
    await fresh.connect();
    expect(fake.controls.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /api/v3/exchangeInfo',
      'GET /api/v3/time',
      'GET /api/v3/account',
      'GET /api/v3/openOrders',
    ]);
  });
});

describe('orders', () => {
  it('a market buy fills; the report carries trade id and fee as Binance charged it', async () => {
    const { fake, conn, reports } = await connected(resources);
    fake.controls.setPrice('BTCUSDT', '50000');
    const req = order();
    const ack = await conn.submit(req);

    const posts = fake.controls.requestsTo('POST', '/api/v3/order');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.params).toMatchObject({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.01', newClientOrderId: req.clientOrderId });
    expect(fake.controls.order(req.clientOrderId)?.orderId).toBe(ack.venueOrderId);

    const fill = await reports.fill(req.clientOrderId);
    const trade = fake.controls.trades()[0]!;
    expect(fill).toMatchObject({ clientOrderId: req.clientOrderId, venueOrderId: ack.venueOrderId, tradeId: trade.id, symbol: 'BTC/USDT', side: 'buy', liquidity: 'taker' });
    expect(fill.qty.eq('0.01')).toBe(true);
    expect(fill.price.eq('50000')).toBe(true);
    // Binance takes its 0.1 % from what you receive: BTC on a buy.
    expect(fill.fee.eq('0.00001')).toBe(true);
    expect(fill.feeCurrency).toBe('BTC');

    const venueOrder = await conn.getOrder(req.clientOrderId);
    expect(venueOrder).toMatchObject({ status: 'filled', venueOrderId: ack.venueOrderId, type: 'market', side: 'buy' });
    expect(venueOrder!.filledQty.eq('0.01')).toBe(true);
    expect((await conn.fillsOf(req.clientOrderId)).map((f) => f.tradeId)).toEqual([trade.id]);
    expect((await conn.cash()).eq('9500')).toBe(true);
    const btc = (await conn.positions()).find((p) => p.symbol === 'BTC/USDT');
    expect(btc?.qty.eq('0.50999')).toBe(true);
  });

  it('a limit order rests, then fills at its price when the market crosses it', async () => {
    const { fake, conn, reports } = await connected(resources);
    fake.controls.setPrice('BTCUSDT', '50000');
    const req = limitBuy('49000');
    await conn.submit(req);
    expect(await conn.getOrder(req.clientOrderId)).toMatchObject({ status: 'open', type: 'limit', tif: 'gtc' });
    expect((await conn.openOrders()).map((o) => o.clientOrderId)).toContain(req.clientOrderId);
    expect(reports.fills(req.clientOrderId)).toHaveLength(0);

    fake.controls.setPrice('BTCUSDT', '48900');
    const fill = await reports.fill(req.clientOrderId);
    expect(fill.price.eq('49000')).toBe(true);
    expect(fill.liquidity).toBe('maker');
    expect((await conn.getOrder(req.clientOrderId))?.status).toBe('filled');
  });

  it('partial fills arrive one by one, and a cancel after a partial fill is reported after it', async () => {
    const { fake, conn, reports } = await connected(resources);
    fake.controls.setPrice('BTCUSDT', '50000');
    const req = limitBuy('49000');
    const { venueOrderId } = await conn.submit(req);

    fake.controls.fill(venueOrderId, '0.004');
    const first = await reports.fill(req.clientOrderId, 1);
    expect(first.qty.eq('0.004')).toBe(true);
    const open = await conn.getOrder(req.clientOrderId);
    expect(open?.status).toBe('open');
    expect(open?.filledQty.eq('0.004')).toBe(true);

    fake.controls.fill(venueOrderId, '0.002');
    const second = await reports.fill(req.clientOrderId, 2);
    expect(second.qty.eq('0.002')).toBe(true);

    await conn.cancel(req.clientOrderId);
    const canceled = await reports.closing(req.clientOrderId, 'canceled');
    expect(canceled).toMatchObject({ kind: 'canceled', reason: 'Canceled by user' });
    const kinds = reports.all.filter((r) => (r.kind === 'fill' ? r.fill.clientOrderId : r.clientOrderId) === req.clientOrderId).map((r) => r.kind);
    expect(kinds).toEqual(['fill', 'fill', 'canceled']);
    expect((await conn.fillsOf(req.clientOrderId)).map((f) => f.qty.toString())).toEqual(['0.004', '0.002']);
    expect(fake.controls.order(venueOrderId)?.status).toBe('CANCELED');
  });

  it('a market order the book cannot fill completely is partly filled, then reported expired', async () => {
    const { fake, conn, reports } = await connected(resources);
    fake.controls.setPrice('BTCUSDT', '50000', { available: '0.003' });
    const req = order();
    await conn.submit(req);
    const fill = await reports.fill(req.clientOrderId);
    expect(fill.qty.eq('0.003')).toBe(true);
    const expired = await reports.closing(req.clientOrderId, 'expired');
    expect(expired.kind === 'expired' && expired.reason).toMatch(/before it filled completely/);
  });

  it('cancel: the order is canceled at the venue and reported', async () => {
    const { fake, conn, reports } = await connected(resources);
    fake.controls.setPrice('BTCUSDT', '50000');
    const req = limitBuy('45000');
    const { venueOrderId } = await conn.submit(req);
    await conn.cancel(req.clientOrderId);
    await reports.closing(req.clientOrderId, 'canceled');
    expect(fake.controls.order(venueOrderId)?.status).toBe('CANCELED');
    expect(fake.controls.requestsTo('DELETE', '/api/v3/order')[0]!.params).toMatchObject({ symbol: 'BTCUSDT', origClientOrderId: req.clientOrderId });
    expect(fake.controls.balances()['USDT']).toEqual({ free: '10000', locked: '0' });
  });

  it('cancel of a filled order is an invalid order, in plain words', async () => {
    const { fake, conn, reports } = await connected(resources);
    fake.controls.setPrice('BTCUSDT', '50000');
    const req = order();
    await conn.submit(req);
    await reports.fill(req.clientOrderId);
    const err = await venueError(conn.cancel(req.clientOrderId));
    expect(err.kind).toBe('invalid_order');
    expect(err.message).toMatch(/no such open order .*filled or been canceled/);
    expect(err.message).toContain('Unknown order sent.');
  });

  it('a duplicate client order id is refused as an invalid order and the venue holds one order', async () => {
    const { fake, conn } = await connected(resources);
    fake.controls.setPrice('BTCUSDT', '50000');
    const req = limitBuy('49000');
    await conn.submit(req);
    const err = await venueError(conn.submit({ ...req, limitPrice: dec('48000') }));
    expect(err.kind).toBe('invalid_order');
    expect(err.message).toMatch(/client order id already exists/);
    expect(fake.controls.orders().filter((o) => o.clientOrderId === req.clientOrderId)).toHaveLength(1);
  });

  it('insufficient balance is an invalid order', async () => {
    const { fake, conn } = await connected(resources);
    fake.controls.setPrice('BTCUSDT', '50000');
    const err = await venueError(conn.submit(limitBuy('49000', '1')));
    expect(err.kind).toBe('invalid_order');
    expect(err.message).toMatch(/not have enough balance/);
    expect(fake.controls.orders()).toHaveLength(0);
  });

  it('a stop-limit sell rests until its stop trades, then works as a limit', async () => {
    const { fake, conn, reports } = await connected(resources);
    fake.controls.setPrice('BTCUSDT', '50000');
    const req = order({ side: 'sell', type: 'stop_limit', stopPrice: dec('48000'), limitPrice: dec('47900'), qty: dec('0.1') });
    await conn.submit(req);
    expect(fake.controls.requestsTo('POST', '/api/v3/order')[0]!.params).toMatchObject({ type: 'STOP_LOSS_LIMIT', stopPrice: '48000', price: '47900', timeInForce: 'GTC' });
    expect(await conn.getOrder(req.clientOrderId)).toMatchObject({ type: 'stop_limit', status: 'open' });
    fake.controls.setPrice('BTCUSDT', '47950');
    const fill = await reports.fill(req.clientOrderId);
    expect(fill.side).toBe('sell');
    expect(fill.feeCurrency).toBe('USDT');
  });
});

describe('refused before sending', () => {
  it.each([
    ['below the minimum quantity', { qty: dec('0.000001') }, /not a multiple of BTC\/USDT's lot size/],
    ['off the lot step', { qty: dec('0.010005') }, /nearest valid quantities are 0\.01 and 0\.01001/],
    ['off the tick', { type: 'limit' as const, limitPrice: dec('49000.005') }, /nearest valid prices are 49000 and 49000\.01/],
    ['below the minimum order value', { type: 'limit' as const, qty: dec('0.00005'), limitPrice: dec('49000') }, /below BTC\/USDT's minimum of 5 USDT/],
    ['a day limit order (crypto has none)', { type: 'limit' as const, tif: 'day' as const, limitPrice: dec('49000') }, /no day orders; choose GTC, IOC, FOK/],
    ['an all-or-nothing market order (Binance market orders are IOC)', { tif: 'fok' as const }, /FOK\) is only available for limit orders/],
    ['an unknown symbol', { symbol: 'NOPE/USDT' }, /does not list NOPE\/USDT/],
    ['a market that is not trading', { symbol: 'LUNA/USDT', qty: dec('100') }, /not trading on binance/],
  ])('%s', async (_what, overrides, message) => {
    const { fake, conn } = await connected(resources);
    const err = await venueError(conn.submit(order(overrides)));
    expect(err.kind).toBe('invalid_order');
    expect(err.message).toMatch(message);
    expect(fake.controls.requests).toEqual([]);
  });

  it('a quantity on the step but below the minimum quantity, and a small order value, are refused with the minimum', async () => {
    const { fake, conn } = await connected(resources);
    const belowMin = await venueError(conn.submit(order({ symbol: 'ETH/BTC', qty: dec('0.0005') })));
    expect(belowMin.message).toBe("quantity 0.0005 is below ETH/BTC's minimum of 0.001");
    const tooSmall = await venueError(conn.submit(order({ symbol: 'ETH/BTC', type: 'limit', limitPrice: dec('0.05'), qty: dec('0.001') })));
    expect(tooSmall.message).toBe("the order value 0.00005 BTC is below ETH/BTC's minimum of 0.0001 BTC");
    expect(fake.controls.requests).toEqual([]);
  });
});

describe('failures', () => {
  it('a 429 on a read is retried after the Retry-After the exchange sent', async () => {
    const { fake, conn } = await connected(resources);
    fake.controls.failNext(1, 429, { method: 'GET', path: '/api/v3/account', retryAfter: 1 });
    const started = Date.now();
    const cash = await conn.cash();
    expect(cash.eq('10000')).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(fake.controls.requestsTo('GET', '/api/v3/account').map((r) => r.status)).toEqual([429, 200]);
    expect(conn.state()).toBe('connected');
  });

  it('a 429 on createOrder is not retried: rate_limited with the Retry-After, one POST', async () => {
    const { fake, conn } = await connected(resources);
    fake.controls.setPrice('BTCUSDT', '50000');
    fake.controls.failNext(1, 429, { method: 'POST', path: '/api/v3/order', retryAfter: 2 });
    const err = await venueError(conn.submit(order()));
    expect(err.kind).toBe('rate_limited');
    expect(err.retryAfterMs).toBe(2000);
    expect(fake.controls.requestsTo('POST', '/api/v3/order')).toHaveLength(1);
    expect(fake.controls.orders()).toHaveLength(0);
  });

  it('while paused after a 429, an order and a cancel are refused as not_sent, without a request', async () => {
    const { fake, conn } = await connected(resources);
    fake.controls.setPrice('BTCUSDT', '50000');
    const resting = limitBuy('45000');
    await conn.submit(resting);
    fake.controls.failNext(1, 429, { method: 'GET', path: '/api/v3/account', retryAfter: 30 });
    await venueError(conn.cash());
    fake.controls.clearRequests();
    const err = await venueError(conn.submit(limitBuy('49000')));
    expect(err.kind).toBe('not_sent');
    expect(err.message).toMatch(/^requests to binance are paused \(about \d+ s left\); try again shortly$/);
    expect(err.retryAfterMs).toBeGreaterThan(0);
    const cancel = await venueError(conn.cancel(resting.clientOrderId, { symbol: 'BTC/USDT' }));
    expect(cancel.kind).toBe('not_sent');
    expect(fake.controls.requests).toEqual([]);
    expect(conn.state()).toBe('reconnecting');
  });

  it('an order before the markets are loaded is not_sent', async () => {
    const fake = await startFake(resources);
    const conn = connectionTo(resources, fake);
    const err = await venueError(conn.submit(order()));
    expect(err).toMatchObject({ kind: 'not_sent', message: 'the connection to binance is not open yet' });
    expect(fake.controls.requests).toEqual([]);
  });

  it('a lost reply to a submit: transient, never resent, and the order is found by client id', async () => {
    const { fake, conn, reports } = await connected(resources);
    fake.controls.setPrice('BTCUSDT', '50000');
    fake.controls.loseNextReply();
    const req = limitBuy('49000');
    const err = await venueError(conn.submit(req));
    expect(err.kind).toBe('transient');
    expect(fake.controls.requestsTo('POST', '/api/v3/order')).toHaveLength(1);

    const found = await conn.getOrder(req.clientOrderId);
    expect(found).toMatchObject({ clientOrderId: req.clientOrderId, status: 'open', venueOrderId: fake.controls.order(req.clientOrderId)!.orderId });
    // Found open, it is watched from now on: its fill is reported.
    fake.controls.setPrice('BTCUSDT', '48000');
    await reports.fill(req.clientOrderId);
    expect(fake.controls.requestsTo('POST', '/api/v3/order')).toHaveLength(1);
  });

  it('the OMS\'s hint finds an order this connection never saw, without symbolOfOrder', async () => {
    const { fake, conn: first } = await connected(resources);
    fake.controls.setPrice('BTCUSDT', '50000');
    const req = limitBuy('49000');
    await first.submit(req);
    await first.close();
    fake.controls.setPrice('BTCUSDT', '48000'); // fills while nobody watches: no longer an open order

    const second = connectionTo(resources, fake);
    await second.connect();
    fake.controls.clearRequests();
    // Without a symbol Binance cannot be asked: "cannot tell", never "no such order".
    const unknown = await venueError(second.getOrder(req.clientOrderId));
    expect(unknown).toMatchObject({ kind: 'transient', message: expect.stringMatching(/its symbol is not known/) });

    const hint = { symbol: 'BTC/USDT' };
    expect(await second.getOrder(req.clientOrderId, hint)).toMatchObject({ clientOrderId: req.clientOrderId, status: 'filled', symbol: 'BTC/USDT' });
    expect(fake.controls.requestsTo('GET', '/api/v3/order').at(-1)!.params).toMatchObject({ symbol: 'BTCUSDT', origClientOrderId: req.clientOrderId });
    const fills = await second.fillsOf(req.clientOrderId, hint);
    expect(fills.map((f) => [f.clientOrderId, f.tradeId])).toEqual([[req.clientOrderId, fake.controls.trades()[0]!.id]]);
    // Cancelling it is found, and refused in plain words: it filled.
    const cancel = await venueError(second.cancel(req.clientOrderId, hint));
    expect(cancel).toMatchObject({ kind: 'invalid_order', message: expect.stringMatching(/no such open order/) });
    expect(await second.getOrder(clientId(), hint)).toBeNull();
  });

  it('an order the venue never got is null, not an error', async () => {
    const { conn } = await connected(resources, { conn: { symbolOfOrder: () => 'BTC/USDT' } });
    expect(await conn.getOrder(clientId())).toBeNull();
    expect(await conn.fillsOf(clientId())).toEqual([]);
  });

  it.each([
    ['a wrong API key', { apiKey: 'not-our-key' }, /API key was refused/],
    ['a wrong secret', { secret: 'not-our-secret' }, /API secret does not match the API key/],
  ])('%s: connect fails as fatal with a clear message and the connection is down', async (_what, creds, message) => {
    const fake = await startFake(resources);
    const conn = connectionTo(resources, fake, creds);
    const states: ConnectionState[] = [];
    conn.onState((s) => states.push(s));
    const err = await venueError(conn.connect());
    expect(err.kind).toBe('fatal');
    expect(err.message).toMatch(message);
    expect(conn.state()).toBe('down');
    expect(states).toEqual(['connecting', 'down']);
    expect(fake.controls.requestsTo('GET', '/api/v3/account')).toHaveLength(1);
    const after = await venueError(conn.cash());
    expect(after.kind).toBe('fatal');
  });

  it('a clock that drifted after connecting is re-synchronised and the read retried', async () => {
    const { fake, conn } = await connected(resources);
    fake.controls.setClockSkew(30_000);
    expect((await conn.cash()).eq('10000')).toBe(true);
    expect(fake.controls.requestsTo('GET', '/api/v3/account').map((r) => r.status)).toEqual([400, 200]);
    expect(fake.controls.requestsTo('GET', '/api/v3/time')).toHaveLength(1);
  });

  it('the circuit breaker opens after repeated failures, fails fast, and closes after a good probe', async () => {
    const { fake, conn } = await connected(resources, { conn: { retry: { attempts: 1 }, breaker: { failureThreshold: 3, cooldownMs: 300, maxCooldownMs: 1_000 } } });
    const states: ConnectionState[] = [];
    conn.onState((s) => states.push(s));
    fake.controls.failNext(1000, 503, { method: 'GET' });
    for (let i = 0; i < 3; i++) expect((await venueError(conn.cash())).kind).toBe('transient');
    expect(conn.state()).toBe('reconnecting');

    const sent = fake.controls.requests.length;
    const fast = await venueError(conn.cash());
    expect(fast.message).toMatch(/requests are paused/);
    expect(fake.controls.requests.length).toBe(sent);

    fake.controls.clearFailures();
    // With no orders to watch, the poller probes the exchange once the pause is over.
    await vi.waitFor(() => expect(conn.state()).toBe('connected'), { timeout: 3_000, interval: 20 });
    expect(states).toEqual(['reconnecting', 'connected']);
    expect((await conn.cash()).eq('10000')).toBe(true);
  });
});

describe('polling', () => {
  it('never reports a trade twice, however many polls see it', async () => {
    const { fake, conn, reports } = await connected(resources);
    fake.controls.setPrice('BTCUSDT', '50000');
    const a = limitBuy('49000', '0.01');
    const b = limitBuy('48000', '0.02');
    const { venueOrderId: idA } = await conn.submit(a);
    const { venueOrderId: idB } = await conn.submit(b);
    fake.controls.fill(idA, '0.003');
    await reports.fill(a.clientOrderId, 1);
    fake.controls.fill(idB, '0.005');
    fake.controls.fill(idA, '0.002');
    await reports.fill(a.clientOrderId, 2);
    await reports.fill(b.clientOrderId, 1);

    // Let many more polls look at the same trades.
    const polled = fake.controls.requestsTo('GET', '/api/v3/openOrders').length;
    await vi.waitFor(() => expect(fake.controls.requestsTo('GET', '/api/v3/openOrders').length).toBeGreaterThan(polled + 8), { timeout: 3_000, interval: 20 });

    const reported = reports.fills().map((f) => f.tradeId);
    expect(new Set(reported).size).toBe(reported.length);
    expect(reported.sort()).toEqual(fake.controls.trades().map((t) => t.id).sort());
    const sum = (id: string) => reports.fills(id).reduce((s, f) => s.plus(f.qty), new Decimal(0)).toString();
    expect(sum(a.clientOrderId)).toBe('0.005');
    expect(sum(b.clientOrderId)).toBe('0.005');
  });

  it('reports fills of an order that was open before the connection started', async () => {
    const fake = await startFake(resources);
    fake.controls.setPrice('BTCUSDT', '50000');
    const first = connectionTo(resources, fake);
    await first.connect();
    const req = limitBuy('49000');
    await first.submit(req);
    await first.close();

    const second = connectionTo(resources, fake);
    const reports = new ReportLog(second);
    await second.connect();
    fake.controls.setPrice('BTCUSDT', '48000');
    const fill = await reports.fill(req.clientOrderId);
    expect(fill.price.eq('49000')).toBe(true);
  });

  it('keeps polling when the order stream cannot connect', async () => {
    const { fake, conn, reports } = await connected(resources, { conn: { stream: true } });
    fake.controls.setPrice('BTCUSDT', '50000');
    const req = order();
    await conn.submit(req);
    await reports.fill(req.clientOrderId);
    expect(conn.capabilities.streamsOrderUpdates).toBe(false);
  });

  it('sandbox mode still reaches the overridden URLs', async () => {
    const { fake, conn } = await connected(resources, { conn: { sandbox: true } });
    expect(conn.accountId).toBe('binance-sandbox');
    expect((await conn.cash()).eq('10000')).toBe(true);
    expect(fake.controls.requestsTo('GET', '/api/v3/account')).toHaveLength(1);
    const info = await conn.accountInfo();
    expect(info).toMatchObject({ venueAccountId: '354937868', currency: 'USDT' });
    expect(info.buyingPower.eq('10000')).toBe(true);
  });
});
