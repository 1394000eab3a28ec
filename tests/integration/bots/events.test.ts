import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BotSummary, PayloadOf } from '../../../shared/contract';
import { PAPER_CAPABILITIES } from '../../../electron/core/oms/orderManager';
import type { Workstation } from '../../../electron/core/workstation';
import { tempDir } from '../../support/tempDir';
import { call, createBot, decisions, flipBot, minutes, openEngine, status, until } from './harness';

describe('bot events, P&L and the restart policy', () => {
  let t: ReturnType<typeof tempDir>;
  let ws: Workstation;

  beforeEach(async () => {
    t = tempDir();
    ws = await openEngine(t.dir, {}, { restart: { venue: { baseMs: 50, maxMs: 200, maxAttempts: 3 } } });
  });
  afterEach(async () => {
    await ws.close();
    t.cleanup();
  });

  it('pushes new decisions and every summary; P&L comes from the bot own fills', async () => {
    const seen: { decisions: PayloadOf<'bots.decision'>['decisions']; bots: BotSummary[] } = { decisions: [], bots: [] };
    ws.subscribe((event, payload) => {
      if (event === 'bots.decision') seen.decisions.push(...(payload as PayloadOf<'bots.decision'>).decisions);
      if (event === 'bots.changed') seen.bots = (payload as PayloadOf<'bots.changed'>).bots;
    });
    const bot = await createBot(ws, flipBot({ params: { period: 100, warmup: 1 } }));
    await call(ws, 'bots.start', { botId: bot.config.id });
    await minutes(ws, 4);
    ws.flushEvents();
    expect(seen.decisions.map((d) => d.id)).toEqual((await decisions(ws, bot.config.id)).map((d) => d.id).reverse());
    expect(seen.bots).toEqual([expect.objectContaining({ id: bot.config.id, status: expect.objectContaining({ state: 'running' }) })]);

    // Bought 2 and held (no fee on the paper account): the total P&L is the unrealised P&L.
    const summary = await status(ws, bot.config.id);
    expect(summary.positions).toHaveLength(1);
    expect(summary.pnl.total).toBe(summary.positions[0]!.unrealizedPnl);
    const day = (ms: number) => Math.floor(ms / 86_400_000);
    // Everything happened today (unless the market clock crossed midnight UTC during the test).
    if (day(seen.decisions[0]!.barTime) === day(ws.feed.status().marketTime)) expect(summary.pnl.today).toBe(summary.pnl.total);
    expect(summary.pnl.currency).toBe('USD');
    expect(summary.status.heartbeatAt).toEqual(expect.any(Number));
  });

  it('a venue that cannot be reached errors the bot and it restarts by itself with backoff', async () => {
    const bot = await createBot(ws, flipBot({ params: { period: 100, warmup: 1 } }));
    await call(ws, 'bots.start', { botId: bot.config.id });
    await minutes(ws, 1);
    // The account's venue goes away before the bot's first order.
    ws.oms.detach('paper');
    await minutes(ws, 1);
    const down = await status(ws, bot.config.id);
    expect(down.status).toMatchObject({ state: 'errored', errorKind: 'venue', restartAt: expect.any(Number) });
    expect(down.lastDecision).toMatchObject({ blockedBy: 'venue', sent: false });
    ws.oms.attach('paper', ws.venue, PAPER_CAPABILITIES);
    await until('the bot to restart', async () => (await status(ws, bot.config.id)).status.state === 'running');
    await minutes(ws, 1);
    const after = await decisions(ws, bot.config.id);
    expect(after[0]).toMatchObject({ action: 'buy', blockedBy: null, sent: true });
    const audit = await call<Array<{ action: string }>>(ws, 'audit.list', { limit: 50 });
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['bot.errored', 'bot.restart']));
  });
});
