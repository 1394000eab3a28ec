// Shared set-up for the bot integration tests: a paused paper engine driven minute by
// minute with feed.step, the test strategies loaded next to the built-ins.
import type { BotDetail, BotSummary, Decision } from '../../../shared/contract';
import { ApiError } from '../../../electron/core/api/errors';
import type { WorkstationConfig } from '../../../electron/core/config';
import { createWorkstation, type Workstation } from '../../../electron/core/workstation';
import { FIXTURE_URL } from './fixtures/strategies';

export const ctx = { caller: 'test' };

export function openEngine(dataDir: string, extra: Partial<WorkstationConfig> = {}, bots: WorkstationConfig['bots'] = {}): Promise<Workstation> {
  return createWorkstation({
    dataDir,
    paused: true,
    historyDays: 0,
    log: () => {},
    orderRate: { perSecond: 1e6, burst: 1e6 },
    equityObserveMs: 60_000,
    eventFlushMs: 5,
    ...extra,
    // A generous evaluation timeout: a loaded test machine must not look like a hung strategy.
    bots: { strategyModules: [FIXTURE_URL], workers: 1, heartbeatMs: 60_000, evalTimeoutMs: 10_000, ...bots },
  });
}

export async function call<T>(ws: Workstation, channel: string, input: unknown): Promise<T> {
  const r = await ws.invoke(channel, input, ctx);
  if (!r.ok) throw new ApiError(r.error.code, r.error.message, r.error.fields);
  return r.value as T;
}

export async function refusal(ws: Workstation, channel: string, input: unknown) {
  const r = await ws.invoke(channel, input, ctx);
  if (r.ok) throw new Error(`${channel} should have been refused`);
  return r.error;
}

/** Closes `n` market minutes one at a time, letting every bot decide after each. */
export async function minutes(ws: Workstation, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    ws.feed.step(60_000);
    await ws.bots.idle();
  }
}

export const flipBot = (over: Record<string, unknown> = {}) => ({
  name: 'Flip',
  strategyId: 'test-flip',
  params: { period: 1, warmup: 2 },
  symbols: ['ACME'],
  timeframe: '1m',
  accountId: 'paper',
  mode: 'paper',
  sizing: { method: 'fixed_qty', params: { qty: 2 } },
  ...over,
});

export async function createBot(ws: Workstation, input: Record<string, unknown>): Promise<BotDetail> {
  return call<BotDetail>(ws, 'bots.create', input);
}

export async function status(ws: Workstation, botId: string): Promise<BotSummary> {
  return (await call<BotDetail>(ws, 'bots.get', { botId })).summary;
}

export async function decisions(ws: Workstation, botId: string, extra: Record<string, unknown> = {}): Promise<Decision[]> {
  return (await call<{ decisions: Decision[] }>(ws, 'bots.decisions', { botId, limit: 1000, ...extra })).decisions;
}

/** Waits (wall clock) until the predicate holds, for what runs on timers (restarts, workers). */
export async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
