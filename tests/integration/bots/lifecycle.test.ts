import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry, BotSummary, BotVersion, Order, StrategyInfo } from '../../../shared/contract';
import type { Workstation } from '../../../electron/core/workstation';
import { tempDir } from '../../support/tempDir';
import { call, createBot, decisions, flipBot, minutes, openEngine, refusal, status } from './harness';

describe('bot lifecycle', () => {
  let t: ReturnType<typeof tempDir>;
  let ws: Workstation;

  beforeEach(async () => {
    t = tempDir();
    ws = await openEngine(t.dir);
  });
  afterEach(async () => {
    await ws.close();
    t.cleanup();
  });

  it('lists the strategies with their parameter ranges', async () => {
    const list = await call<StrategyInfo[]>(ws, 'bots.strategies', {});
    const cross = list.find((s) => s.id === 'ma-cross')!;
    expect(cross.params.find((p) => p.name === 'fast')).toMatchObject({ kind: 'int', min: 1 });
    expect(cross.warmupBars).toBeGreaterThan(0);
  });

  it('create (stopped) -> start -> warming_up -> running -> pause -> start -> stop', async () => {
    const bot = await createBot(ws, flipBot({ params: { period: 100, warmup: 3 } }));
    expect(bot.summary.status).toMatchObject({ state: 'stopped', desired: 'stopped' });
    expect(bot.config.version).toBe(1);

    const started = await call<BotSummary>(ws, 'bots.start', { botId: bot.config.id });
    expect(started.status.desired).toBe('running');
    await ws.bots.idle();
    expect((await status(ws, bot.config.id)).status).toMatchObject({ state: 'warming_up', warmup: { have: 0, need: 3 } });
    await minutes(ws, 2);
    expect((await status(ws, bot.config.id)).status).toMatchObject({ state: 'warming_up', warmup: { have: 2, need: 3 } });
    await minutes(ws, 1);
    expect((await status(ws, bot.config.id)).status.state).toBe('running');
    expect(await decisions(ws, bot.config.id)).toHaveLength(0);

    await minutes(ws, 2);
    const first = await decisions(ws, bot.config.id);
    expect(first.length).toBe(2);
    expect(first[1]).toMatchObject({ action: 'buy', sent: true, blockedBy: null, symbol: 'ACME', qty: '2' });
    expect(first[0]!.action).toBe('hold'); // the buy is working or filled: at target
    const orders = await call<Order[]>(ws, 'orders.list', {});
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ owner: `bot:${bot.config.id}`, side: 'buy', qty: '2' });
    expect(orders[0]!.clientOrderId).toContain(`-b${bot.config.id}-`);

    const paused = await call<BotSummary>(ws, 'bots.pause', { botId: bot.config.id });
    expect(paused.status).toMatchObject({ state: 'paused', desired: 'paused' });
    await minutes(ws, 3);
    expect(await decisions(ws, bot.config.id)).toHaveLength(2);

    expect((await call<BotSummary>(ws, 'bots.start', { botId: bot.config.id })).status.state).toBe('running');
    await minutes(ws, 1);
    expect((await decisions(ws, bot.config.id)).length).toBe(3);

    const summary = await status(ws, bot.config.id);
    expect(summary.positions).toEqual([expect.objectContaining({ symbol: 'ACME' })]);
    expect(summary.lastDecision?.id).toBe((await decisions(ws, bot.config.id))[0]!.id);

    const stopped = await call<BotSummary>(ws, 'bots.stop', { botId: bot.config.id });
    expect(stopped.status).toMatchObject({ state: 'stopped', desired: 'stopped' });
    await minutes(ws, 2);
    expect((await decisions(ws, bot.config.id)).length).toBe(3);
    // Stopping leaves the position alone.
    expect((await status(ws, bot.config.id)).positions).toHaveLength(1);
  });

  it('saves every change as a new version and audits it', async () => {
    const bot = await createBot(ws, flipBot());
    const id = bot.config.id;
    const next = await call<{ config: { version: number; params: Record<string, unknown> } }>(ws, 'bots.update', {
      botId: id,
      config: flipBot({ name: 'Flip 2', params: { period: 4, warmup: 2 } }),
    });
    expect(next.config.version).toBe(2);
    expect(next.config.params.period).toBe(4);
    const versions = await call<BotVersion[]>(ws, 'bots.versions', { botId: id });
    expect(versions.map((v) => v.version)).toEqual([2, 1]);
    expect(versions[0]!.change).toMatch(/name: "Flip" -> "Flip 2"/);
    expect(versions[0]!.change).toMatch(/params/);
    expect(versions[1]).toMatchObject({ change: 'created', config: { name: 'Flip', params: { period: 1 } } });

    const refused = await refusal(ws, 'bots.update', { botId: id, config: flipBot({ params: { period: 0 } }) });
    expect(refused.code).toBe('BAD_REQUEST');
    expect((await call<BotVersion[]>(ws, 'bots.versions', { botId: id })).length).toBe(2);

    const copy = await call<{ config: { id: string; name: string; version: number } }>(ws, 'bots.duplicate', { botId: id });
    expect(copy.config).toMatchObject({ name: 'Flip 2 (copy)', version: 1 });
    expect(copy.config.id).not.toBe(id);

    await call(ws, 'bots.start', { botId: id });
    expect((await refusal(ws, 'bots.delete', { botId: id })).code).toBe('CONFLICT');
    await call(ws, 'bots.stop', { botId: id });
    await call(ws, 'bots.delete', { botId: id });
    expect((await refusal(ws, 'bots.get', { botId: id })).code).toBe('NOT_FOUND');

    const audit = await call<AuditEntry[]>(ws, 'audit.list', { limit: 100 });
    const actions = audit.filter((a) => a.action.startsWith('bot.')).map((a) => `${a.action}:${a.outcome}`);
    expect(actions).toEqual(
      expect.arrayContaining(['bot.create:ok', 'bot.update:ok', 'bot.update:refused', 'bot.duplicate:ok', 'bot.start:ok', 'bot.delete:refused', 'bot.stop:ok', 'bot.delete:ok']),
    );
  });

  it('a running bot continues on its new version after an update', async () => {
    const bot = await createBot(ws, flipBot({ params: { period: 100, warmup: 1 } }));
    await call(ws, 'bots.start', { botId: bot.config.id });
    await minutes(ws, 3);
    await call(ws, 'bots.update', { botId: bot.config.id, config: flipBot({ params: { period: 100, warmup: 1 }, sizing: { method: 'fixed_qty', params: { qty: 5 } } }) });
    await minutes(ws, 2);
    const list = await decisions(ws, bot.config.id);
    // Version 2 sizes a unit at 5: it buys the 3 it lacks, then holds at the target.
    const v2 = list.filter((d) => d.botVersion === 2).reverse();
    expect(v2.map((d) => `${d.action} ${d.qty ?? ''} from ${d.position}`)).toEqual(['buy 3 from 2', 'hold  from 5']);
    expect(list.filter((d) => d.botVersion === 1).map((d) => d.action)).toEqual(['hold', 'buy']);
    expect((await status(ws, bot.config.id)).status.state).toBe('running');
  });
});
