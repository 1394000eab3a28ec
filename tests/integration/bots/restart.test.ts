import { afterEach, describe, expect, it } from 'vitest';
import type { BotSummary, Decision, Order } from '../../../shared/contract';
import type { Workstation } from '../../../electron/core/workstation';
import { tempDir } from '../../support/tempDir';
import { call, createBot, decisions, flipBot, minutes, openEngine, status } from './harness';

describe('bots across an engine restart', () => {
  let t: ReturnType<typeof tempDir>;
  let ws: Workstation | null = null;

  afterEach(async () => {
    await ws?.close();
    t.cleanup();
  });

  /** No bar of a bot is decided twice, and every bot order comes from exactly one decision. */
  function checkNoDuplicates(all: Decision[], orders: Order[], botId: string) {
    const bars = all.map((d) => `${d.symbol}@${d.barTime}`);
    expect(new Set(bars).size).toBe(bars.length);
    const mine = orders.filter((o) => o.owner === `bot:${botId}`);
    const sent = all.filter((d) => d.sent);
    expect(mine.map((o) => o.id).sort()).toEqual(sent.map((d) => d.orderId!).sort());
    const perBar = new Map<string, number>();
    for (const d of sent) perBar.set(`${d.symbol}@${d.barTime}`, (perBar.get(`${d.symbol}@${d.barTime}`) ?? 0) + 1);
    expect(Math.max(...perBar.values())).toBe(1);
  }

  it('running and paused bots resume where they were, warm up from the store, adopt their positions and never send twice', async () => {
    t = tempDir();
    ws = await openEngine(t.dir);
    const flip = await createBot(ws, flipBot({ params: { period: 2, warmup: 2 }, symbols: ['ACME', 'CRUX'] }));
    const holder = await createBot(ws, flipBot({ name: 'Holder', params: { period: 1000, warmup: 1 }, symbols: ['BOLT'] }));
    const sleeper = await createBot(ws, flipBot({ name: 'Sleeper', params: { warmup: 1 }, symbols: ['DYNA'] }));
    const off = await createBot(ws, flipBot({ name: 'Off', symbols: ['DYNA'] }));
    for (const b of [flip, holder, sleeper]) await call(ws, 'bots.start', { botId: b.config.id });
    await minutes(ws, 6);
    await call(ws, 'bots.pause', { botId: sleeper.config.id });
    const held = (await status(ws, holder.config.id)).positions;
    expect(held).toEqual([expect.objectContaining({ symbol: 'BOLT', qty: '2' })]);
    const before = await decisions(ws, flip.config.id);
    expect(before.filter((d) => d.sent).length).toBeGreaterThanOrEqual(3);

    // The engine goes away with the bots at work (the shell quits; nothing stops them first).
    await ws.close();
    ws = await openEngine(t.dir);
    await ws.bots.idle();
    const list = await call<BotSummary[]>(ws, 'bots.list', {});
    const byId = new Map(list.map((b) => [b.id, b]));
    expect(byId.get(flip.config.id)!.status).toMatchObject({ state: 'running', desired: 'running' });
    expect(byId.get(holder.config.id)!.status.state).toBe('running');
    expect(byId.get(sleeper.config.id)!.status).toMatchObject({ state: 'paused', desired: 'paused' });
    expect(byId.get(off.config.id)!.status.state).toBe('stopped');
    // The holder's position comes from the books (its orders' fills), not from memory.
    const same = (list: Array<{ symbol: string; qty: string; avgPrice: string }>) => list.map(({ symbol, qty, avgPrice }) => ({ symbol, qty, avgPrice }));
    expect(same(byId.get(holder.config.id)!.positions)).toEqual(same(held));

    await minutes(ws, 6);
    const after = await decisions(ws, flip.config.id);
    expect(after.length).toBe(before.length + 12); // 6 bars x 2 symbols, none decided twice
    const orders = await call<Order[]>(ws, 'orders.list', { limit: 1000 });
    checkNoDuplicates(after, orders, flip.config.id);
    // Never more than the target: a position is 0 or one unit (2) before every decision.
    expect(new Set(after.map((d) => d.position))).toEqual(new Set(['0', '2']));
    checkNoDuplicates(await decisions(ws, holder.config.id), orders, holder.config.id);
    // The holder's standing target (+1) survived: it holds, it does not buy again.
    const holderAfter = await decisions(ws, holder.config.id);
    expect(holderAfter.filter((d) => d.sent)).toHaveLength(1);
    expect(holderAfter[0]).toMatchObject({ action: 'hold', position: '2' });
    expect(await decisions(ws, sleeper.config.id)).toHaveLength(5);
  });

  it('a restart between two closes of the same bar decides nothing twice (bars in the store are warm-up only)', async () => {
    t = tempDir();
    ws = await openEngine(t.dir);
    const bot = await createBot(ws, flipBot({ params: { period: 1, warmup: 1 } }));
    await call(ws, 'bots.start', { botId: bot.config.id });
    await minutes(ws, 4);
    const n = (await decisions(ws, bot.config.id)).length;
    for (let k = 0; k < 3; k++) {
      await ws.close();
      ws = await openEngine(t.dir);
      await ws.bots.idle();
      expect((await decisions(ws, bot.config.id)).length).toBe(n + k);
      await minutes(ws, 1);
    }
    const all = await decisions(ws, bot.config.id);
    checkNoDuplicates(all, await call<Order[]>(ws, 'orders.list', { limit: 1000 }), bot.config.id);
  });
});
