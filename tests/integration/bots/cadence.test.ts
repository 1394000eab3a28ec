// One decision per closed bar, whether the sample replay closes minutes one at a time
// (step) or in a batch (the timer far behind at a high replay speed: a "jump").
import { afterEach, describe, expect, it } from 'vitest';
import type { BotSummary } from '../../../shared/contract';
import type { Workstation } from '../../../electron/core/workstation';
import { tempDir } from '../../support/tempDir';
import { call, createBot, decisions, flipBot, minutes, openEngine, status, until } from './harness';

describe('bot decision cadence', () => {
  let t: ReturnType<typeof tempDir> | undefined;
  let ws: Workstation | undefined;

  afterEach(async () => {
    await ws?.close();
    t?.cleanup();
    ws = undefined;
    t = undefined;
  });

  async function runningBot(engine: Workstation): Promise<string> {
    const bot = await createBot(engine, flipBot({ params: { period: 100, warmup: 1 } }));
    await call<BotSummary>(engine, 'bots.start', { botId: bot.config.id });
    // The first closed minute completes the one-bar warm-up; every later one is decided on.
    await minutes(engine, 1);
    expect((await status(engine, bot.config.id)).status.state).toBe('running');
    return bot.config.id;
  }

  it('decides once on every 1m bar the feed closes minute by minute', async () => {
    t = tempDir();
    ws = await openEngine(t.dir);
    const id = await runningBot(ws);
    const before = (await decisions(ws, id)).length;
    await minutes(ws, 12);
    const list = await decisions(ws, id);
    expect(list.length - before).toBe(12);
    const times = list.map((d) => d.barTime).sort((a, b) => a - b).slice(-12);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBe(60_000);
  });

  it('decides on every minute of a batch the replay closes at once (jump)', async () => {
    t = tempDir();
    let wall = Date.now();
    ws = await openEngine(t.dir, { now: () => wall, speed: 600 });
    const engine = ws;
    const id = await runningBot(engine);
    // Close a few minutes normally first, so the bot is running and deciding.
    await minutes(engine, 2);
    const before = (await decisions(engine, id)).length;
    expect(before).toBeGreaterThan(0);
    const jumps: Array<{ fromSec: number; toSec: number }> = [];
    engine.feed.onJump((j) => jumps.push(j));
    const startMinute = Math.floor(engine.feed.status().marketTime / 60_000);
    // One wall second at 600x: ten market minutes in one timer fire, more than the feed
    // replays tick by tick, so it closes them in one batch.
    engine.feed.setPaused(false);
    engine.feed.start();
    wall += 1_000;
    await until('the jump', () => jumps.length > 0);
    engine.feed.stop();
    const closed = Math.floor(engine.feed.status().marketTime / 60_000) - startMinute;
    expect(closed).toBeGreaterThanOrEqual(9);
    await engine.bots.idle();
    const list = await decisions(engine, id);
    expect(list.length - before).toBe(closed);
  });
});
