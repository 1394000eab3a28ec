import { afterEach, describe, expect, it } from 'vitest';
import type { AlpacaConnection, AlpacaConnectionOptions } from '../../../electron/core/brokers/alpaca/alpacaConnection';
import { VenueError } from '../../../electron/core/brokers/port';
import { dec, decStr } from '../../../electron/core/domain/decimal';
import { startFakeAlpaca, type FakeAlpaca } from '../../support/fakeAlpaca';
import { ReportRecorder, memoryLog, newConnection, order, requestsTo, waitForState, withTimeout } from './helpers';

const FILLS_PATH = '/v2/account/activities/FILL';

describe('Alpaca connection under faults', () => {
  let fake: FakeAlpaca | undefined;
  let conn: AlpacaConnection | undefined;

  async function setUp(over: Partial<AlpacaConnectionOptions> = {}) {
    fake = await startFakeAlpaca({ prices: { AAPL: '190.00' } });
    const log = memoryLog();
    conn = newConnection(fake, { log, ...over });
    const reports = new ReportRecorder(conn);
    await conn.connect();
    return { fake, conn, reports, log };
  }

  afterEach(async () => {
    await conn?.close();
    await fake?.close();
    conn = undefined;
    fake = undefined;
  });

  it('a 429 with Retry-After on a read is retried after the wait Alpaca asked for, and succeeds', async () => {
    const { fake, conn, log } = await setUp();
    fake.controls.failNext(1, 429, { retryAfter: 1, method: 'GET', path: '/v2/positions' });
    const started = Date.now();
    expect(await conn.positions()).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(requestsTo(fake, 'GET', '/v2/positions').map((r) => r.status)).toEqual([429, 200]);
    expect(log.lines.find((l) => l.message === 'alpaca: retrying a read')?.fields).toMatchObject({ status: 429, delayMs: 1000 });
  });

  it('a 429 on an order submit is not retried: rate_limited with the wait, one POST, no order at the venue', async () => {
    const { fake, conn } = await setUp();
    fake.controls.failNext(1, 429, { retryAfter: 3, method: 'POST', path: '/v2/orders' });
    const err = await conn.submit(order({ symbol: 'AAPL' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VenueError);
    expect(err).toMatchObject({ kind: 'rate_limited', retryAfterMs: 3000 });
    expect(requestsTo(fake, 'POST', '/v2/orders')).toHaveLength(1);
    expect(fake.controls.orders()).toHaveLength(0);
  });

  it('5xx on reads are retried with backoff until they succeed', async () => {
    const { fake, conn } = await setUp();
    fake.controls.failNext(1, 500, { method: 'GET', path: '/v2/account' });
    fake.controls.failNext(1, 503, { method: 'GET', path: '/v2/account' });
    expect(decStr((await conn.accountInfo()).cash)).toBe('100000');
    expect(requestsTo(fake, 'GET', '/v2/account').slice(-3).map((r) => r.status)).toEqual([500, 503, 200]);
  });

  it('a 5xx on an order submit is a transient error and is not resent', async () => {
    const { fake, conn } = await setUp();
    fake.controls.failNext(1, 503, { method: 'POST', path: '/v2/orders' });
    await expect(conn.submit(order({ symbol: 'AAPL' }))).rejects.toMatchObject({ kind: 'transient' });
    expect(requestsTo(fake, 'POST', '/v2/orders')).toHaveLength(1);
  });

  it('a lost reply to a submit: transient error, never resent, and getOrder finds the order by client order id', async () => {
    const { fake, conn, reports } = await setUp();
    fake.controls.loseNextReply();
    const req = order({ symbol: 'AAPL', qty: dec(2) });
    const err = await conn.submit(req).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'transient', message: expect.stringMatching(/Could not reach Alpaca/) });
    expect(requestsTo(fake, 'POST', '/v2/orders').map((r) => r.status)).toEqual(['dropped']);
    const found = await conn.getOrder(req.clientOrderId);
    expect(found).toMatchObject({ clientOrderId: req.clientOrderId, symbol: 'AAPL' });
    // The venue has it and executes it; the fill still reaches us.
    await reports.waitForFills(req.clientOrderId, 1);
    expect(requestsTo(fake, 'POST', '/v2/orders')).toHaveLength(1);
  });

  it('stream dropped: state goes reconnecting, fills during the outage come by polling, exactly once, then the stream is back', async () => {
    const { fake, conn, reports, log } = await setUp();
    const req = order({ symbol: 'AAPL', type: 'limit', tif: 'gtc', qty: dec(10), limitPrice: dec(180) });
    const ack = await conn.submit(req);
    fake.controls.refuseStreams(true);
    fake.controls.dropStream();
    await waitForState(conn, 'reconnecting');
    expect(fake.controls.streamListeners()).toBe(0);

    const during = fake.controls.fill(ack.venueOrderId, 4, '179.9');
    const [first] = await reports.waitForFills(req.clientOrderId, 1);
    expect(first!.tradeId).toBe(during.executionId);
    expect(log.lines.some((l) => l.message === 'alpaca: reports recovered by polling')).toBe(true);

    fake.controls.refuseStreams(false);
    await waitForState(conn, 'connected');
    expect(fake.controls.streamConnections()).toBeGreaterThanOrEqual(2);
    const after = fake.controls.fill(ack.venueOrderId, 3, '179.8');
    await reports.waitForFills(req.clientOrderId, 2);

    // The order is still open (3 left): another full read of its records reports nothing twice.
    await conn.syncNow();
    expect(reports.fills(req.clientOrderId).map((f) => f.tradeId)).toEqual([during.executionId, after.executionId]);
  });

  it('a fill that happens while the stream is down is delivered by the catch-up after reconnect, exactly once', async () => {
    const { fake, conn, reports, log } = await setUp({ pollIntervalMs: 60_000 });
    const req = order({ symbol: 'AAPL', type: 'limit', tif: 'gtc', qty: dec(5), limitPrice: dec(150) });
    const ack = await conn.submit(req);
    fake.controls.refuseStreams(true);
    const firstPoll = fake.controls.nextRequest({ method: 'GET', path: FILLS_PATH });
    fake.controls.dropStream();
    await waitForState(conn, 'reconnecting');
    await withTimeout(firstPoll, 5_000, 'the poll right after the drop');

    const missed = fake.controls.fill(ack.venueOrderId, 2, '149.5'); // nobody is listening, and the next poll is a minute away
    expect(reports.fills(req.clientOrderId)).toHaveLength(0);
    fake.controls.refuseStreams(false);
    const [fill] = await reports.waitForFills(req.clientOrderId, 1);
    expect(fill!.tradeId).toBe(missed.executionId);
    expect(log.lines.find((l) => l.message === 'alpaca: reports recovered by polling')?.fields).toMatchObject({ reason: 'catch-up after reconnect', fills: 1 });

    await conn.syncNow();
    expect(reports.fills(req.clientOrderId)).toHaveLength(1);
  });

  it('a cancel while the stream is down is reported by polling after the fills that preceded it', async () => {
    const { fake, conn, reports } = await setUp();
    const req = order({ symbol: 'AAPL', type: 'limit', tif: 'day', qty: dec(8), limitPrice: dec(170) });
    const ack = await conn.submit(req);
    fake.controls.refuseStreams(true);
    fake.controls.dropStream();
    await waitForState(conn, 'reconnecting');
    fake.controls.fill(ack.venueOrderId, 3, '169');
    fake.controls.expire(ack.venueOrderId);
    await reports.waitFor((r) => r.kind === 'expired' && r.clientOrderId === req.clientOrderId, 'expiry by polling');
    expect(reports.all.map((r) => r.kind)).toEqual(['fill', 'expired']);
  });

  it('wrong keys: connect fails with a fatal error that says what to fix, and the connection is down', async () => {
    fake = await startFakeAlpaca();
    conn = newConnection(fake, { secret: 'not-the-secret' });
    const states: string[] = [];
    conn.onState((s) => states.push(s));
    const err = await conn.connect().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VenueError);
    expect(err).toMatchObject({ kind: 'fatal', message: expect.stringMatching(/refused access \(forbidden\.\).*API keys are wrong/) });
    expect(conn.state()).toBe('down');
    expect(states).toEqual(['down']);
    expect(fake.controls.streamConnections()).toBe(0);
    // Everything after fails fast with the same reason, without another request.
    const before = fake.controls.requests().length;
    await expect(conn.positions()).rejects.toMatchObject({ kind: 'fatal' });
    expect(fake.controls.requests()).toHaveLength(before);
  });

  it('Alpaca unreachable at start: connect fails as transient, the state is down, and connecting again works', async () => {
    fake = await startFakeAlpaca();
    conn = newConnection(fake, { retry: { maxRetries: 1, baseDelayMs: 5 } });
    fake.controls.failNext(2, 503, { method: 'GET', path: '/v2/account' });
    await expect(conn.connect()).rejects.toMatchObject({ kind: 'transient' });
    expect(conn.state()).toBe('down');
    await conn.connect();
    expect(conn.state()).toBe('connected');
  });

  it('the circuit breaker opens after consecutive transient failures, fails fast while open, and closes after a good probe', async () => {
    const { fake, conn } = await setUp({ retry: { maxRetries: 0 }, breaker: { failureThreshold: 3, coolDownMs: 300 } });
    const resting = order({ symbol: 'AAPL', type: 'limit', tif: 'gtc', limitPrice: dec(150) });
    await conn.submit(resting);
    fake.controls.failNext(3, 503, { method: 'GET', path: '/v2/account' });
    for (let i = 0; i < 3; i++) await expect(conn.accountInfo()).rejects.toMatchObject({ kind: 'transient' });
    expect(conn.state()).toBe('down');
    const sent = requestsTo(fake, 'GET', '/v2/account').length;
    // An order request that never left is certain: not_sent, so the OMS rejects it without a lookup.
    await expect(conn.submit(order({ symbol: 'AAPL' }))).rejects.toMatchObject({ kind: 'not_sent', message: expect.stringMatching(/^Alpaca is unreachable and requests to it are paused/) });
    await expect(conn.cancel(resting.clientOrderId)).rejects.toMatchObject({ kind: 'not_sent' });
    // A read while paused may be tried again later: transient.
    await expect(conn.positions()).rejects.toMatchObject({ kind: 'transient', message: expect.stringMatching(/paused.*nothing was sent/) });
    expect(requestsTo(fake, 'GET', '/v2/account')).toHaveLength(sent);
    expect(requestsTo(fake, 'POST', '/v2/orders')).toHaveLength(1);
    expect(requestsTo(fake, 'DELETE', /^\/v2\/orders\//)).toHaveLength(0);

    // Cool-down over: half-open, the next call probes. A failed probe opens it again at once.
    await waitForState(conn, 'connected');
    fake.controls.failNext(1, 500, { method: 'GET', path: '/v2/account' });
    await expect(conn.accountInfo()).rejects.toMatchObject({ kind: 'transient' });
    expect(conn.state()).toBe('down');
    await waitForState(conn, 'connected');
    expect(decStr((await conn.accountInfo()).cash)).toBe('100000');
    // Closed again: one more failure does not open it.
    fake.controls.failNext(1, 500, { method: 'GET', path: '/v2/account' });
    await expect(conn.accountInfo()).rejects.toMatchObject({ kind: 'transient' });
    expect(conn.state()).toBe('connected');
  });
});
