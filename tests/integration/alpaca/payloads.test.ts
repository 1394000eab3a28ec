import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { errors, FetchError, streaming } from '@alpacahq/alpaca-trade-api';
import { afterEach, describe, expect, it } from 'vitest';
import { AlpacaConnection, ALPACA_LIVE_REST, ALPACA_PAPER_REST, ALPACA_PAPER_STREAM } from '../../../electron/core/brokers/alpaca/alpacaConnection';
import { toVenueError } from '../../../electron/core/brokers/alpaca/errors';
import { chainToVenueOrder, toPostOrderRequest, toVenueOrder, withLegs, workingOfChain, type AlpacaSubmitRequest } from '../../../electron/core/brokers/alpaca/orderMapping';
import { instrumentFromAsset } from '../../../electron/core/brokers/alpaca/rules';
import { SymbolMap } from '../../../electron/core/brokers/alpaca/symbols';
import {
  AlpacaAccount,
  AlpacaAssetList,
  AlpacaFillActivityList,
  AlpacaOrder,
  AlpacaPositionList,
  AlpacaTradeUpdate,
  WireError,
  executionIdOfActivity,
  parseWire,
} from '../../../electron/core/brokers/alpaca/wire';
import { VenueError } from '../../../electron/core/brokers/port';
import { dec, decStr } from '../../../electron/core/domain/decimal';
import { SIMPLE } from '../../../electron/core/domain/order';
import { startFakeAlpaca, type FakeAlpaca } from '../../support/fakeAlpaca';
import { ReportRecorder, newConnection, order } from './helpers';

const FIXTURES = join(__dirname, '../../fixtures/alpaca');
const fixture = (name: string): unknown => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as unknown;
const record = (v: unknown): Record<string, unknown> => v as Record<string, unknown>;

describe('recorded Alpaca payloads', () => {
  it('the wire schemas read every fixture, amounts as decimals and times as epoch ms', () => {
    const o = parseWire(AlpacaOrder, fixture('order.json'), 'order');
    expect(o).toMatchObject({ status: 'accepted', type: 'market', created_at: Date.parse('2021-03-16T18:38:01.942Z'), qty: null });
    expect(decStr(o.notional!)).toBe('500');
    const bracket = parseWire(AlpacaOrder, fixture('order-bracket.json'), 'order');
    expect(withLegs(bracket).map((x) => [x.type, x.status])).toEqual([
      ['market', 'filled'],
      ['limit', 'new'],
      ['stop', 'held'],
    ]);
    const account = parseWire(AlpacaAccount, fixture('account.json'), 'account');
    expect(decStr(account.buying_power)).toBe('245432.61');
    expect(parseWire(AlpacaPositionList, fixture('positions.json'), 'positions')).toHaveLength(3);
    expect(parseWire(AlpacaAssetList, fixture('assets.json'), 'assets').map((a) => a.symbol)).toEqual(['AAPL', 'BTC/USD']);
    const fills = parseWire(AlpacaFillActivityList, fixture('fill-activities.json'), 'activities');
    expect(executionIdOfActivity(fills[0]!.id)).toBe('ddc0a142-ebfd-4890-9021-641d33e58742');
    expect(decStr(fills[1]!.qty)).toBe('0.38962051');
  });

  it('a trade update, as the SDK hands it over, parses with its execution id, qty and price', () => {
    const frame = record(fixture('trade-update-fill.json'));
    const update = parseWire(AlpacaTradeUpdate, streaming.mapTradeUpdate(record(frame.data)), 'trade update');
    expect(update).toMatchObject({ event: 'fill', execution_id: 'adb4f7c7-45fe-4a3a-a0ac-02d9fa3c8264' });
    expect(decStr(update.qty!)).toBe('1');
    expect(decStr(update.price!)).toBe('7.09');
    expect(update.order.client_order_id).toBe('2bc205b7-57d4-4aee-8cd4-129f51b152fd');
  });

  it('malformed venue data is refused, not guessed at', () => {
    const bad = { ...record(fixture('order.json')), filled_qty: 1.5 };
    expect(() => parseWire(AlpacaOrder, bad, 'an order')).toThrow(WireError);
    expect(() => parseWire(AlpacaOrder, { ...record(fixture('order.json')), created_at: 'yesterday' }, 'an order')).toThrow(/created_at/);
    expect(() => parseWire(AlpacaOrder, { ...record(fixture('order.json')), status: 'exploded' }, 'an order')).toThrow(WireError);
  });

  it('maps orders to the port: statuses folded, trailing stops read as trailing stops, legs kept', () => {
    const symbols = new SymbolMap(['AAPL', 'BTC/USD']);
    const bracket = parseWire(AlpacaOrder, fixture('order-bracket.json'), 'order');
    const [entry, tp, sl] = withLegs(bracket).map((x) => toVenueOrder(x, symbols));
    expect(entry).toMatchObject({ status: 'filled', tif: 'gtc' });
    expect(tp).toMatchObject({ status: 'open', type: 'limit', side: 'sell' });
    expect(sl).toMatchObject({ status: 'open', type: 'stop', reason: null });
    const trailing = parseWire(AlpacaOrder, { ...record(fixture('order.json')), type: 'trailing_stop', status: 'replaced', replaced_by: 'x-1' }, 'order');
    expect(toVenueOrder(trailing, symbols)).toMatchObject({ type: 'trailing_stop', status: 'canceled', reason: 'Replaced at Alpaca by order x-1' });
  });

  it('a replacement chain reads as one order: the working order\'s ids, quantities over the chain', () => {
    const symbols = new SymbolMap(['AAPL']);
    const base = record(fixture('order.json'));
    const at = (o: Record<string, unknown>) => parseWire(AlpacaOrder, { ...base, notional: null, ...o }, 'order');
    const old = at({ id: 'o-1', client_order_id: 'c-1', qty: '10', filled_qty: '4', status: 'replaced', replaced_by: 'o-2', type: 'limit', limit_price: '180' });
    const next = at({ id: 'o-2', client_order_id: 'c-2', qty: '6', filled_qty: '1', status: 'partially_filled', replaces: 'o-1', type: 'limit', limit_price: '181' });
    expect(chainToVenueOrder([old, next], 'c-2', symbols)).toMatchObject({ clientOrderId: 'c-2', venueOrderId: 'o-2', status: 'open', limitPrice: dec(181), qty: dec(10), filledQty: dec(5) });
    // The original filled before its replacement reached the market; Alpaca rejected the replacement.
    const filled = at({ id: 'o-1', client_order_id: 'c-1', qty: '10', filled_qty: '10', status: 'filled', type: 'limit', limit_price: '180' });
    const rejected = at({ id: 'o-2', client_order_id: 'c-2', qty: '12', filled_qty: '0', status: 'rejected', replaces: 'o-1', type: 'limit', limit_price: '181' });
    expect(workingOfChain([filled, rejected])).toMatchObject({ working: { id: 'o-1' }, rejected: { id: 'o-2' } });
    expect(chainToVenueOrder([filled, rejected], 'c-2', symbols)).toMatchObject({ venueOrderId: 'o-1', status: 'canceled', reason: 'Alpaca rejected the replacement order o-2; the original order filled', filledQty: dec(10) });
    // ...or it still works: then the chain is open, on the original.
    const working = at({ id: 'o-1', client_order_id: 'c-1', qty: '10', filled_qty: '0', status: 'new', type: 'limit', limit_price: '180' });
    expect(chainToVenueOrder([working, rejected], 'c-2', symbols)).toMatchObject({ venueOrderId: 'o-1', status: 'open', qty: dec(10) });
  });
});

describe('order bodies from the port\'s order', () => {
  const symbols = new SymbolMap(['AAPL', 'BTC/USD']);
  const base: AlpacaSubmitRequest = { clientOrderId: 'tw-m-1', symbol: 'AAPL', side: 'buy', type: 'limit', tif: 'gtc', qty: dec(5), limitPrice: dec(190), stopPrice: null };

  it('bracket, OTO, OCO and trailing stops come from the extras', () => {
    expect(toPostOrderRequest({ ...base, extras: { ...SIMPLE, orderClass: 'bracket', takeProfitPrice: dec(200), stopLossPrice: dec(180) } }, symbols)).toEqual({
      symbol: 'AAPL', qty: '5', side: 'buy', type: 'limit', timeInForce: 'gtc', clientOrderId: 'tw-m-1', limitPrice: '190',
      orderClass: 'bracket', takeProfit: { limitPrice: '200' }, stopLoss: { stopPrice: '180' },
    });
    expect(toPostOrderRequest({ ...base, extras: { ...SIMPLE, orderClass: 'oto', stopLossPrice: dec(180), stopLossLimitPrice: dec(179) } }, symbols)).toMatchObject({
      orderClass: 'oto', stopLoss: { stopPrice: '180', limitPrice: '179' },
    });
    // OCO: an exit pair whose limit is the take-profit's, written once.
    const oco = toPostOrderRequest({ ...base, side: 'sell', limitPrice: dec(200), extras: { ...SIMPLE, orderClass: 'oco', takeProfitPrice: dec(200), stopLossPrice: dec(180) } }, symbols);
    expect(oco).toMatchObject({ type: 'limit', orderClass: 'oco', takeProfit: { limitPrice: '200' }, stopLoss: { stopPrice: '180' } });
    expect(oco).not.toHaveProperty('limitPrice');
    expect(() => toPostOrderRequest({ ...base, limitPrice: dec(201), extras: { ...SIMPLE, orderClass: 'oco', takeProfitPrice: dec(200), stopLossPrice: dec(180) } }, symbols)).toThrow(/OCO order's limit price is its take-profit price/);
    const trail = toPostOrderRequest({ ...base, side: 'sell', type: 'trailing_stop', limitPrice: null, extras: { ...SIMPLE, trailPercent: dec('2.5') } }, symbols);
    expect(trail).toMatchObject({ type: 'trailing_stop', trailPercent: '2.5' });
    expect(trail).not.toHaveProperty('stopPrice');
    expect(() => toPostOrderRequest({ ...base, type: 'trailing_stop', limitPrice: null }, symbols)).toThrow(VenueError);
    // A simple order says nothing of classes.
    expect(toPostOrderRequest({ ...base, extras: SIMPLE }, symbols)).not.toHaveProperty('orderClass');
  });

  it('Alpaca-only options (auction, extended hours) still come from `alpaca`; one order\'s shape given twice is refused', () => {
    expect(toPostOrderRequest({ ...base, type: 'market', limitPrice: null, tif: 'day', alpaca: { timeInForce: 'opg' } }, symbols)).toMatchObject({ type: 'market', timeInForce: 'opg' });
    expect(toPostOrderRequest({ ...base, tif: 'day', alpaca: { extendedHours: true }, extras: { ...SIMPLE, orderClass: 'oto', takeProfitPrice: dec(200) } }, symbols)).toMatchObject({
      extendedHours: true,
      orderClass: 'oto',
    });
    const twice = (() => {
      try {
        toPostOrderRequest({ ...base, alpaca: { orderClass: 'bracket' }, extras: { ...SIMPLE, orderClass: 'oto', takeProfitPrice: dec(200) } }, symbols);
        return null;
      } catch (e) {
        return e;
      }
    })();
    expect(twice).toMatchObject({ kind: 'invalid_order', message: expect.stringMatching(/orderClass was given both/) });
  });
});

describe('the fake writes Alpaca\'s shapes', () => {
  let fake: FakeAlpaca | undefined;
  let conn: AlpacaConnection | undefined;
  afterEach(async () => {
    await conn?.close();
    await fake?.close();
  });

  const keys = (v: unknown) => Object.keys(record(v)).sort();
  const missing = (expected: unknown, actual: unknown) => keys(expected).filter((k) => !keys(actual).includes(k));

  it('orders, fills, account, positions and assets carry every field of the recorded payloads', async () => {
    fake = await startFakeAlpaca({ prices: { AAPL: '170' } });
    conn = newConnection(fake);
    const reports = new ReportRecorder(conn);
    await conn.connect();
    const req = order({ symbol: 'AAPL', qty: dec(5), tif: 'gtc', alpaca: { orderClass: 'bracket', takeProfit: { limitPrice: dec(180) }, stopLoss: { stopPrice: dec(165) } } });
    await conn.submit(req);
    await reports.waitForFills(req.clientOrderId, 1);
    const get = async (path: string) => {
      const res = await fetch(`${fake!.baseUrl}${path}`, { headers: { 'APCA-API-KEY-ID': fake!.keyId, 'APCA-API-SECRET-KEY': fake!.secret } });
      return (await res.json()) as unknown;
    };
    const recordedOrder = record(fixture('order-bracket.json'));
    const fakeOrder = record(await get(`/v2/orders:by_client_order_id?client_order_id=${req.clientOrderId}`));
    expect(missing(recordedOrder, fakeOrder)).toEqual([]);
    expect(missing((recordedOrder.legs as unknown[])[0], (fakeOrder.legs as unknown[])[0])).toEqual([]);
    expect(missing(fixture('account.json'), await get('/v2/account'))).toEqual([]);
    expect(missing((fixture('positions.json') as unknown[])[0], ((await get('/v2/positions')) as unknown[])[0])).toEqual([]);
    expect(missing((fixture('assets.json') as unknown[])[1], await get('/v2/assets/BTC%2FUSD'))).toEqual([]);
    expect(missing((fixture('fill-activities.json') as unknown[])[0], ((await get('/v2/account/activities/FILL')) as unknown[])[0])).toEqual([]);
  });
});

describe('instrument rules from Alpaca assets', () => {
  it('equities: cent tick at or above $1, 0.0001 below; fractionable lot 1e-9 else whole shares; crypto from the asset', () => {
    const [aapl, btc] = parseWire(AlpacaAssetList, fixture('assets.json'), 'assets');
    expect(instrumentFromAsset(aapl!, dec('190.12'))).toMatchObject({ tickSize: '0.01', lotSize: '0.000000001', minQty: '0.000000001', fractionable: true, shortable: true, assetClass: 'us_equity', venue: 'alpaca', quoteCurrency: 'USD' });
    expect(instrumentFromAsset(aapl!, dec('0.85'))).toMatchObject({ tickSize: '0.0001' });
    expect(instrumentFromAsset(aapl!, null)).toMatchObject({ tickSize: '0.01' });
    expect(instrumentFromAsset({ ...aapl!, fractionable: false }, dec(50))).toMatchObject({ lotSize: '1', minQty: '1' });
    expect(instrumentFromAsset({ ...aapl!, tradable: false }, null)).toMatchObject({ tradable: false });
    expect(instrumentFromAsset(btc!, null)).toMatchObject({ assetClass: 'crypto', tickSize: '1', lotSize: '0.000000001', minQty: '0.000045', shortable: false, quoteCurrency: 'USD' });
  });

  it('the connection serves them for every listed asset, with the reference price it is given', async () => {
    const fake = await startFakeAlpaca();
    const prices = new Map([['PNNY', dec('0.42')]]);
    const conn = newConnection(fake, { referencePrice: (s) => prices.get(s) ?? null });
    try {
      await conn.connect();
      expect(conn.instrument('PNNY')).toMatchObject({ tickSize: '0.0001', lotSize: '1' });
      expect(conn.instrument('WHOL')).toMatchObject({ tickSize: '0.01', lotSize: '1', shortable: false });
      expect(conn.instrument('HALT')).toMatchObject({ tradable: false });
      expect(conn.instrument('ETH/USD')).toMatchObject({ tickSize: '0.1', minQty: '0.001' });
      expect(conn.instrument('NOPE')).toBeUndefined();
      expect(conn.instruments()).toHaveLength(7);
    } finally {
      await conn.close();
      await fake.close();
    }
  });

  it('symbol map: crypto pairs written without the slash come back as pairs', () => {
    const m = new SymbolMap(['BTC/USD', 'AAPL']);
    expect(m.fromAlpaca('BTCUSD')).toBe('BTC/USD');
    expect(m.fromAlpaca('AAPL')).toBe('AAPL');
    expect(m.toAlpaca('BTCUSD')).toBe('BTC/USD');
    expect(m.toAlpaca('BRK.B')).toBe('BRK.B');
  });
});

describe('error translation', () => {
  const apiError = async (name: string) => {
    const e = record(record(fixture('errors.json'))[name]);
    const res = new Response(JSON.stringify(e.body), { status: e.status as number, headers: { 'Content-Type': 'application/json', ...(e.headers as Record<string, string> | undefined) } });
    return errors.buildApiError(res);
  };

  it('maps Alpaca\'s answers to the four kinds, with Alpaca\'s words in the message', async () => {
    expect(toVenueError(await apiError('duplicateClientOrderId'), 'submit')).toMatchObject({ kind: 'invalid_order', message: expect.stringMatching(/already used.*client_order_id must be unique/) });
    expect(toVenueError(await apiError('insufficientBuyingPower'), 'submit')).toMatchObject({ kind: 'invalid_order', message: 'insufficient buying power' });
    expect(toVenueError(await apiError('wrongKeys'), 'submit')).toMatchObject({ kind: 'fatal', message: expect.stringMatching(/forbidden\..*paper vs live/) });
    expect(toVenueError(await apiError('wrongKeys'), 'read')).toMatchObject({ kind: 'fatal' });
    expect(toVenueError(await apiError('missingKeys'), 'read')).toMatchObject({ kind: 'fatal', message: expect.stringMatching(/did not accept the API keys/) });
    expect(toVenueError(await apiError('notCancelable'), 'cancel')).toMatchObject({ kind: 'invalid_order', message: expect.stringMatching(/can no longer be cancelled/) });
    expect(toVenueError(await apiError('rateLimited'), 'submit')).toMatchObject({ kind: 'rate_limited', retryAfterMs: 2000 });
    expect(toVenueError(await apiError('serverError'), 'read')).toMatchObject({ kind: 'transient' });
    expect(toVenueError(new FetchError(new Error('socket hang up')), 'submit')).toMatchObject({ kind: 'transient', message: 'Could not reach Alpaca: socket hang up' });
    expect(toVenueError(new WireError('the new order', 'id: Required'), 'submit')).toMatchObject({ kind: 'transient' });
    expect(toVenueError(new TypeError('boom'), 'read')).toBeInstanceOf(VenueError);
  });
});

describe('paper by default, live only when asked', () => {
  it('uses the paper hosts unless live is passed, and refuses a live host in a paper configuration', () => {
    const paper = new AlpacaConnection({ accountId: 'a', keyId: 'k', secret: 's' });
    expect(paper.paper).toBe(true);
    expect(paper.endpoint).toEqual({ rest: ALPACA_PAPER_REST, stream: ALPACA_PAPER_STREAM });
    const live = new AlpacaConnection({ accountId: 'a', keyId: 'k', secret: 's', live: true });
    expect(live.paper).toBe(false);
    expect(live.endpoint.rest).toBe(ALPACA_LIVE_REST);
    expect(() => new AlpacaConnection({ accountId: 'a', keyId: 'k', secret: 's', baseUrl: ALPACA_LIVE_REST })).toThrow(/pass live: true/);
    void paper.close();
    void live.close();
  });
});
