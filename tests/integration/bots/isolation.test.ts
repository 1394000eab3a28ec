import { afterEach, describe, expect, it } from 'vitest';
import type { Order } from '../../../shared/contract';
import type { Workstation } from '../../../electron/core/workstation';
import { tempDir } from '../../support/tempDir';
import { call, createBot, decisions, flipBot, minutes, openEngine, status, until } from './harness';

describe('bot isolation', () => {
  let t: ReturnType<typeof tempDir>;
  let ws: Workstation;

  afterEach(async () => {
    await ws.close();
    t.cleanup();
  });

  const ordersOf = async (botId: string) => (await call<Order[]>(ws, 'orders.list', { limit: 1000 })).filter((o) => o.owner === `bot:${botId}`);

  it('a strategy that throws errors its own bot only; the other keeps trading on the paper session', async () => {
    t = tempDir();
    ws = await openEngine(t.dir);
    expect((ws.bots as unknown as { o: { host: { kind: string } } }).o.host.kind).toBe('worker');
    const bad = await createBot(ws, flipBot({ name: 'Bad', params: { warmup: 1, throwAt: 4 } }));
    const good = await createBot(ws, flipBot({ name: 'Good', params: { warmup: 1 }, symbols: ['ACME', 'BOLT'] }));
    await call(ws, 'bots.start', { botId: bad.config.id });
    await call(ws, 'bots.start', { botId: good.config.id });
    await minutes(ws, 6);

    const badNow = await status(ws, bad.config.id);
    expect(badNow.status).toMatchObject({ state: 'errored', errorKind: 'strategy', desired: 'running', restartAt: null });
    expect(badNow.status.reason).toMatch(/The strategy failed on ACME: boom at bar 4/);
    expect((await decisions(ws, bad.config.id)).length).toBe(2); // bars 2 and 3; bar 4 threw

    const goodNow = await status(ws, good.config.id);
    expect(goodNow.status.state).toBe('running');
    // period 1: long, out, long ... on two symbols: an order on every bar after the first fill.
    expect((await ordersOf(good.config.id)).length).toBeGreaterThanOrEqual(6);
    await minutes(ws, 2);
    expect((await status(ws, good.config.id)).status.state).toBe('running');
    expect((await status(ws, bad.config.id)).status.state).toBe('errored');

    // Started again by the user, it warms up on the last 3 stored bars (warm-up 1, plus margin),
    // runs, and fails the same way at the 4th bar of the new run: why a strategy error waits
    // for the user instead of restarting by itself.
    await call(ws, 'bots.start', { botId: bad.config.id });
    await ws.bots.idle();
    expect((await status(ws, bad.config.id)).status.state).toBe('running');
    await minutes(ws, 1);
    const again = await status(ws, bad.config.id);
    expect(again.status).toMatchObject({ state: 'errored', errorKind: 'strategy' });
    expect(again.status.reason).toMatch(/failed on ACME: boom at bar 4/);
    expect((await status(ws, good.config.id)).status.state).toBe('running');
  });

  it('a strategy that hangs is stopped by the timeout; the bots sharing its thread move to a new one and go on', async () => {
    t = tempDir();
    ws = await openEngine(t.dir, {}, { workers: 1, evalTimeoutMs: 400 });
    const hang = await createBot(ws, flipBot({ name: 'Hang', params: { warmup: 1, hangAt: 3 } }));
    const good = await createBot(ws, flipBot({ name: 'Good', params: { warmup: 1 } }));
    await call(ws, 'bots.start', { botId: hang.config.id });
    await call(ws, 'bots.start', { botId: good.config.id });
    await minutes(ws, 2);
    const before = (await ordersOf(good.config.id)).length;

    const started = Date.now();
    ws.feed.step(60_000);
    // The engine answers while the strategy loops: the main thread is free.
    const info = await call<{ name: string }>(ws, 'app.info', {});
    expect(info.name).toBe('Trading Workstation');
    await ws.bots.idle();
    await until('the hung bot to error', async () => (await status(ws, hang.config.id)).status.state === 'errored');
    expect(Date.now() - started).toBeLessThan(5_000);
    const h = await status(ws, hang.config.id);
    expect(h.status.errorKind).toBe('strategy');
    expect(h.status.reason).toMatch(/did not decide within 400 ms/);

    await until('the other bot to run again', async () => (await status(ws, good.config.id)).status.state === 'running');
    await minutes(ws, 3);
    expect((await status(ws, good.config.id)).status.state).toBe('running');
    expect((await ordersOf(good.config.id)).length).toBeGreaterThan(before);
    // Its bars were decided once each, before and after the move.
    const bars = (await decisions(ws, good.config.id)).map((d) => d.barTime);
    expect(new Set(bars).size).toBe(bars.length);
  });
});
