// Kill the engine (SIGKILL) with a bot at work, at each step of an order's life, restart it,
// and check that the bot resumes and never sends twice.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { BotSummary, Decision, Order } from '../../../shared/contract';
import type { FaultPoint } from '../../../electron/core/oms/orderManager';
import type { Workstation } from '../../../electron/core/workstation';
import { tempDir } from '../../support/tempDir';
import { call, decisions, flipBot, minutes, openEngine } from './harness';

const CHILD = fileURLToPath(new URL('./killChild.ts', import.meta.url));

function crash(dataDir: string, point: FaultPoint, hit: number): Promise<{ botId: string; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const bot = flipBot({ params: { period: 1, warmup: 1 }, symbols: ['ACME', 'BOLT'] });
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify({ dataDir, point, hit, minutes: 30, bot })], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`the engine child was not killed (code ${code}): ${err.slice(-2000)}`));
      resolve({ botId: (JSON.parse(out.trim().split('\n')[0]!) as { botId: string }).botId, signal });
    });
  });
}

describe('bots when the engine is killed', () => {
  let t: ReturnType<typeof tempDir>;
  let ws: Workstation | null = null;
  afterEach(async () => {
    await ws?.close();
    ws = null;
    t.cleanup();
  });

  for (const point of ['after-intent', 'after-venue-ack', 'after-fill-commit'] as const) {
    it(`killed ${point} of its 3rd order: it resumes, decides no bar twice and never doubles a position`, async () => {
      t = tempDir();
      const { botId } = await crash(t.dir, point, 3);
      ws = await openEngine(t.dir);
      await ws.bots.idle();
      const resumed = (await call<BotSummary[]>(ws, 'bots.list', {}))[0]!;
      expect(resumed.id).toBe(botId);
      expect(resumed.status).toMatchObject({ state: 'running', desired: 'running' });
      await minutes(ws, 8);

      const all: Decision[] = (await decisions(ws, botId)).reverse();
      const keys = all.map((d) => `${d.symbol}@${d.barTime}`);
      expect(new Set(keys).size).toBe(keys.length);
      const orders = (await call<Order[]>(ws, 'orders.list', { limit: 1000 })).filter((o) => o.owner === `bot:${botId}`);
      const decided = new Set(all.filter((d) => d.sent).map((d) => d.orderId));
      // The order the crash interrupted has no decision (it was being recorded); every other one has exactly one.
      const orphans = orders.filter((o) => !decided.has(o.id));
      expect(orphans.length).toBeLessThanOrEqual(1);
      expect(decided.size).toBe(all.filter((d) => d.sent).length);
      // One order per symbol and minute at most, and never more than one unit held.
      const perMinute = new Map<string, number>();
      for (const o of orders) {
        const k = `${o.symbol}@${Math.floor(o.createdAt / 60_000)}`;
        perMinute.set(k, (perMinute.get(k) ?? 0) + 1);
      }
      expect(Math.max(...perMinute.values())).toBe(1);
      for (const d of all) expect(['0', '2']).toContain(d.position);
      expect(all.filter((d) => d.sent).length).toBeGreaterThanOrEqual(6);
      // The books agree: the bot's position is the sum of its fills, and within one unit.
      const summary = (await call<BotSummary[]>(ws, 'bots.list', {}))[0]!;
      for (const p of summary.positions) expect(['2', '-2']).toContain(p.qty);
    }, 60_000);
  }
});
