import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BotDetail, InputOf, TrainingProgress, TrainingRunDetail, TrainingRunSummary, TrainingStrategy, TrainingTrialDetail } from '../../shared/contract';
import { createWorkstation, type Workstation } from '../../electron/core/workstation';
import { tempDir } from '../support/tempDir';

const ctx = { caller: 'test' };

async function call<T>(ws: Workstation, channel: string, input: unknown): Promise<T> {
  const res = await ws.invoke(channel, input, ctx);
  if (!res.ok) throw new Error(`${channel}: ${res.error.code} ${res.error.message}`);
  return res.value as T;
}

async function refusal(ws: Workstation, channel: string, input: unknown): Promise<{ code: string; message: string }> {
  const res = await ws.invoke(channel, input, ctx);
  if (res.ok) throw new Error(`${channel} was accepted`);
  return res.error;
}

const open = (dir: string) => createWorkstation({ dataDir: dir, paused: true, historyDays: 1, seed: 7, eventFlushMs: 5, log: () => {} });

/** A 6-point grid of ma-cross over one day of 5-minute ACME bars, with a holdout. */
const smallGrid: InputOf<'training.start'> = {
  strategyId: 'ma-cross',
  symbols: ['ACME'],
  period: { lastDays: 1 },
  timeframe: '5m',
  ranges: [
    { name: 'fast', min: 2, max: 6, step: 2 },
    { name: 'slow', values: [12, 20] },
  ],
  objective: 'net_profit',
  method: 'grid',
  trials: 10,
  holdout: 0.25,
  fees: { takerBps: 1 },
  slippage: { kind: 'fixed', bps: 2 },
};

/** Enough 1-minute trials that the test can act while the run is still going. */
const longer: InputOf<'training.start'> = {
  strategyId: 'ma-cross',
  symbols: ['ACME'],
  period: { lastDays: 1 },
  timeframe: '1m',
  ranges: [
    { name: 'fast', min: 2, max: 40 },
    { name: 'slow', min: 41, max: 200 },
  ],
  objective: 'sharpe',
  method: 'random',
  trials: 400,
  seed: 3,
};

describe('training service through workstation.invoke', () => {
  let t: ReturnType<typeof tempDir>;
  let ws: Workstation;
  beforeEach(async () => {
    t = tempDir();
    ws = await open(t.dir);
  });
  afterEach(async () => {
    await ws.close();
    t.cleanup();
  });

  it('lists the trainable strategies with parameter ranges', async () => {
    const list = await call<TrainingStrategy[]>(ws, 'training.strategies', {});
    expect(list.find((s) => s.id === 'ma-cross')?.params.find((p) => p.name === 'fast')).toMatchObject({ kind: 'int', min: 1 });
  });

  it('runs a small grid on the sample source: progress events, a leaderboard without NaN, in- vs out-of-sample', async () => {
    const events: TrainingProgress[] = [];
    ws.subscribe((e, p) => {
      if (e === 'training.progress') events.push(p as TrainingProgress);
    });
    const { runId } = await call<{ runId: string }>(ws, 'training.start', smallGrid);
    await ws.training.settled(runId);
    ws.flushEvents();

    const mine = events.filter((e) => e.runId === runId);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine[mine.length - 1]).toMatchObject({ status: 'done' });
    expect(mine[mine.length - 1]!.done).toBe(mine[mine.length - 1]!.total);

    const runs = await call<TrainingRunSummary[]>(ws, 'training.runs', {});
    expect(runs).toEqual([expect.objectContaining({ id: runId, status: 'done', symbol: 'ACME', timeframe: '5m', method: 'grid', live: false })]);

    const detail = await call<TrainingRunDetail>(ws, 'training.run', { runId });
    expect(detail.leaderboard).toHaveLength(6);
    for (const row of detail.leaderboard) {
      expect(row.objective === null || Number.isFinite(row.objective)).toBe(true);
      if (row.objective === null) expect(row.reason).toMatch(/\S/);
    }
    // Defined objectives first, best first; undefined ones last.
    const objectives = detail.leaderboard.map((r) => r.objective);
    const firstNull = objectives.indexOf(null);
    if (firstNull >= 0) expect(objectives.slice(firstNull).every((o) => o === null)).toBe(true);
    const defined = objectives.filter((o): o is number => o !== null);
    expect(defined).toEqual([...defined].sort((a, b) => b - a));
    expect(JSON.stringify(detail)).not.toContain('NaN');
    expect(detail.scatter.params).toEqual(['fast', 'slow']);
    expect(detail.scatter.points).toHaveLength(6);
    if (defined.length > 0) {
      expect(detail.bestHistory[detail.bestHistory.length - 1]!.objective).toBe(defined[0]);
      expect(detail.inVsOut?.inSample.label).toBe('In-sample');
      expect(detail.inVsOut?.outOfSample).not.toBeNull();
    }
    expect(detail.spec.holdout).toBe(0.25);

    const trial = await call<TrainingTrialDetail>(ws, 'training.trial', { runId, trialId: detail.leaderboard[0]!.trialId });
    expect(trial.params).toEqual(detail.leaderboard[0]!.params);
    expect(trial.equity.t.length).toBe(trial.equity.equity.length);
    expect(trial.equity.t.length).toBeGreaterThan(100);
    expect(trial.trades.length).toBe(trial.tradesTotal);
  });

  it('pauses, resumes and cancels a run; a cancelled run resumes from the store', async () => {
    const { runId } = await call<{ runId: string }>(ws, 'training.start', longer);
    const paused = await call<TrainingRunSummary>(ws, 'training.pause', { runId });
    expect(paused.status).toBe('paused');
    expect((await call<TrainingRunSummary[]>(ws, 'training.runs', {}))[0]!.status).toBe('paused');

    const resumed = await call<TrainingRunSummary>(ws, 'training.resume', { runId });
    expect(resumed.status).toBe('running');

    const cancelled = await call<TrainingRunSummary>(ws, 'training.cancel', { runId });
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.live).toBe(false);
    expect(cancelled.done).toBeLessThan(400);
    expect((await refusal(ws, 'training.pause', { runId })).code).toBe('CONFLICT');

    await call<TrainingRunSummary>(ws, 'training.resume', { runId });
    await ws.training.settled(runId);
    const done = (await call<TrainingRunSummary[]>(ws, 'training.runs', {}))[0]!;
    expect(done.status).toBe('done');
    const detail = await call<TrainingRunDetail>(ws, 'training.run', { runId, top: 5 });
    expect(detail.leaderboard).toHaveLength(5);
    expect(detail.scatter.points).toHaveLength(400);
    expect(detail.trialsByStatus.ok + detail.trialsByStatus.undefined + detail.trialsByStatus.invalid + detail.trialsByStatus.error + detail.trialsByStatus.pruned).toBe(400);
  });

  it('a run the app stopped in the middle is listed after a restart and can be resumed', async () => {
    const { runId } = await call<{ runId: string }>(ws, 'training.start', longer);
    await call(ws, 'training.pause', { runId });
    await ws.close();
    ws = await open(t.dir);
    const [run] = await call<TrainingRunSummary[]>(ws, 'training.runs', {});
    expect(run).toMatchObject({ id: runId, status: 'paused', live: false });
    expect(run!.error).toMatch(/interrupted/);
    await call(ws, 'training.resume', { runId });
    await ws.training.settled(runId);
    expect((await call<TrainingRunSummary[]>(ws, 'training.runs', {}))[0]).toMatchObject({ status: 'done', error: null });
  });

  it('refuses empty or inverted ranges, a period without data, and a grid above the budget, with clear messages', async () => {
    const inverted = await refusal(ws, 'training.start', { ...smallGrid, ranges: [{ name: 'fast', min: 9, max: 3 }] });
    expect(inverted).toMatchObject({ code: 'BAD_REQUEST' });
    expect(inverted.message).toContain('inverted');
    const empty = await refusal(ws, 'training.start', { ...smallGrid, ranges: [{ name: 'fast' }] });
    expect(empty.message).toContain('range is empty');
    const noData = await refusal(ws, 'training.start', { ...smallGrid, period: { from: Date.UTC(2001, 0, 1), to: Date.UTC(2001, 0, 2) } });
    expect(noData.message).toMatch(/no ACME bars in that period/);
    const backwards = await refusal(ws, 'training.start', { ...smallGrid, period: { from: Date.UTC(2001, 0, 2), to: Date.UTC(2001, 0, 1) } });
    expect(backwards.message).toMatch(/empty or inverted/);
    const budget = await refusal(ws, 'training.start', { ...smallGrid, trials: 3 });
    expect(budget.message).toMatch(/grid has 6 points, more than the trial budget of 3/);
    const unknownParam = await refusal(ws, 'training.start', { ...smallGrid, ranges: [{ name: 'nope', min: 1, max: 2 }] });
    expect(unknownParam.message).toMatch(/no parameter "nope"/);
  });

  it("applies a trial's params to a new bot and to an existing one", async () => {
    const { runId } = await call<{ runId: string }>(ws, 'training.start', smallGrid);
    await ws.training.settled(runId);
    const detail = await call<TrainingRunDetail>(ws, 'training.run', { runId });
    const best = detail.leaderboard[0]!;

    const created = await call<BotDetail>(ws, 'training.applyToBot', { runId, trialId: best.trialId, createBot: { name: 'Trained cross', accountId: 'paper', mode: 'paper' } });
    expect(created.config).toMatchObject({ name: 'Trained cross', strategyId: 'ma-cross', symbols: ['ACME'], timeframe: '5m', params: expect.objectContaining(best.params) });
    expect(created.summary.status.state).toBe('stopped');

    const other = detail.leaderboard[1]!;
    const updated = await call<BotDetail>(ws, 'training.applyToBot', { runId, trialId: other.trialId, botId: created.config.id });
    expect(updated.config.version).toBe(2);
    expect(updated.config.params).toMatchObject(other.params);
    const fetched = await call<BotDetail>(ws, 'bots.get', { botId: created.config.id });
    expect(fetched.config.params).toMatchObject(other.params);

    const both = await refusal(ws, 'training.applyToBot', { runId, trialId: best.trialId });
    expect(both.message).toMatch(/either botId/);
  });
});
