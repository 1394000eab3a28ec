import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { allocateBars, type Bars } from '../../../electron/core/training/bars';
import { resumeOptimization, startOptimization, type OptimizeProgress, type OptimizeSpec } from '../../../electron/core/training/optimizer';
import { splitRangeArg } from '../../../electron/core/training/paramSpace';
import { MemoryTrialStore, SqliteTrialStore } from '../../../electron/core/training/trialStore';
import { openDatabase } from '../../../electron/core/store/database';
import { tempDir } from '../../support/tempDir';
import { hill, smaCross } from '../../fixtures/training/strategies';
import { walk } from '../../unit/training/helpers';

const FIXTURE_MODULE = join(import.meta.dirname, '..', '..', 'fixtures', 'training', 'strategies.ts');

/** Steadily rising hourly bars: the hill strategy's profit is exactly its holding time. */
function rising(n: number, shared = false): Bars {
  const bars = allocateBars(n, shared);
  for (let i = 0; i < n; i++) {
    bars.t[i] = 1_704_067_200 + 3600 * i;
    bars.o[i] = 100 + i;
    bars.h[i] = 101 + i;
    bars.l[i] = 100 + i;
    bars.c[i] = 101 + i;
    bars.v[i] = 1000;
  }
  return bars;
}

const hillSpec = (over: Partial<OptimizeSpec> = {}): OptimizeSpec => ({
  strategy: { id: 'hill', module: FIXTURE_MODULE },
  ranges: ['fast=2:30:1', 'slow=10:100:2'].map(splitRangeArg),
  method: 'grid',
  trials: 100,
  seed: 1,
  objective: 'net_profit',
  monteCarloRuns: 200,
  ...over,
});

describe('optimizer: search', () => {
  const bars = rising(600);

  it('grid finds the known optimum (fast=12, slow=40) and records invalid combinations without running them', async () => {
    const report = await startOptimization(bars, hillSpec(), { workers: 0, strategyDef: hill }).done;
    expect(report.status).toBe('done');
    expect(report.best?.params).toMatchObject({ fast: 12, slow: 40 });
    expect(report.best?.objective).toBe(200);
    // fast < slow is the constraint: the pairs breaking it are recorded, not run.
    let invalid = 0;
    for (let f = 2; f <= 30; f++) for (let s = 10; s <= 100; s += 2) if (f >= s) invalid++;
    expect(report.trials.invalid).toBe(invalid);
    expect(report.invalid[0]!.reason).toBe('Fast must be below slow');
    // Every valid grid point ran once; the heatmap's cells were all in the grid, so none ran again.
    expect(report.trials.executed).toBe(29 * 46 - invalid);
    expect(report.leaderboard[0]).toMatchObject({ rank: 1, objective: 200, status: 'ok', trades: 1 });
    const sensitivity = report.sensitivity && 'x' in report.sensitivity ? report.sensitivity : null;
    expect(sensitivity?.objective[3]![3]).toBe(200);
    expect(sensitivity?.best_isolated).toBe(false);
    // hold = 200 - (fast - 12)^2 at slow = 40.
    expect(sensitivity?.profiles[0]).toEqual({ param: 'fast', values: [9, 10, 11, 12, 13, 14, 15], objective: [191, 196, 199, 200, 199, 196, 191] });
  });

  it('TPE finds it too, with far fewer trials, deterministically for a seed', async () => {
    const spec = hillSpec({ method: 'tpe', trials: 80, seed: 4, heatmap: [] });
    const a = await startOptimization(bars, spec, { workers: 0, strategyDef: hill }).done;
    const b = await startOptimization(bars, spec, { workers: 0, strategyDef: hill }).done;
    expect(a.leaderboard).toEqual(b.leaderboard);
    expect(a.best!.objective).toBeGreaterThanOrEqual(195);
    expect(Math.abs((a.best!.params.fast as number) - 12)).toBeLessThanOrEqual(2);
    expect(Math.abs((a.best!.params.slow as number) - 40)).toBeLessThanOrEqual(4);
  });

  it('a trial that throws is recorded with its error; the run goes on', async () => {
    const report = await startOptimization(bars, hillSpec({ fixed: { boom: 13 }, heatmap: [] }), { workers: 0, strategyDef: hill }).done;
    expect(report.trials.error).toBe(44); // fast=13 with each valid slow (46 values; slow=10 and 12 are invalid)
    expect(report.errors[0]!.reason).toBe('hill exploded at fast=13');
    expect(report.best?.params).toMatchObject({ fast: 12, slow: 40 });
    const last = report.leaderboard.at(-1)!;
    expect(last.objective).not.toBeNaN();
  });

  it('trials without an objective rank after every scored one, with a reason, never NaN', async () => {
    const noisy = walk(3000, 21);
    const report = await startOptimization(
      noisy,
      {
        strategy: { id: 'sma-cross', module: FIXTURE_MODULE },
        ranges: ['fast=2:20:2', 'slow=30:300:30'].map(splitRangeArg),
        method: 'grid',
        trials: 1,
        seed: 1,
        objective: 'sharpe',
        minTrades: 40,
        leaderboardSize: 1000,
        heatmap: [],
      },
      { workers: 0, strategyDef: smaCross },
    ).done;
    const statuses = report.leaderboard.map((r) => r.status);
    expect(statuses).toContain('undefined');
    expect(statuses.indexOf('undefined')).toBe(statuses.lastIndexOf('ok') + 1);
    for (const row of report.leaderboard) {
      if (row.status === 'ok') expect(Number.isFinite(row.objective)).toBe(true);
      else expect(row.objective).toBeNull();
      if (row.status === 'undefined') expect(row.reason).toMatch(/fewer than the minimum 40|no trades/);
    }
    expect(JSON.stringify(report)).not.toMatch(/NaN|Infinity/);
  });

  it('prunes trials whose drawdown passes the threshold; they rank after scored ones', async () => {
    const report = await startOptimization(
      walk(4000, 5),
      {
        strategy: { id: 'sma-cross', module: FIXTURE_MODULE },
        ranges: ['fast=2:10:2', 'slow=20:60:20'].map(splitRangeArg),
        method: 'grid',
        trials: 1,
        seed: 1,
        objective: 'net_profit',
        backtest: { sizing: { kind: 'qty', qty: 200 }, pruneDrawdown: 0.01 },
        heatmap: [],
        leaderboardSize: 100,
      },
      { workers: 0, strategyDef: smaCross },
    ).done;
    expect(report.trials.pruned).toBeGreaterThan(0);
    const pruned = report.leaderboard.filter((r) => r.status === 'pruned');
    expect(pruned[0]!.reason).toMatch(/^pruned: equity fell .*% below its peak at bar \d+/);
  });

  it('walk-forward and holdout: in-sample vs out-of-sample per fold and on the held-out bars', async () => {
    const report = await startOptimization(
      walk(6000, 8),
      {
        strategy: { id: 'sma-cross', module: FIXTURE_MODULE },
        ranges: ['fast=2:10:4', 'slow=20:60:20'].map(splitRangeArg),
        method: 'grid',
        trials: 1,
        seed: 1,
        objective: 'net_profit',
        holdout: 0.25,
        walkForward: { folds: 3, mode: 'anchored', trainRatio: 2 },
      },
      { workers: 0, strategyDef: smaCross },
    ).done;
    expect(report.bars).toEqual({ total: 6000, in_sample: 4500, holdout: 1500 });
    const wf = report.walk_forward!;
    expect(wf.folds).toHaveLength(3);
    // test = floor(4500 / 5) = 900, train = 1800 (anchored: every fold trains from the start).
    expect(wf.folds.map((f) => [f.train.bars, f.test.bars])).toEqual([
      [1800, 900],
      [2700, 900],
      [3600, 900],
    ]);
    for (const f of wf.folds) expect(f.in_sample === null || typeof f.in_sample === 'number').toBe(true);
    expect(report.holdout!.params).toEqual(report.best!.params);
    expect(report.holdout!.in_sample).toBe(report.best!.objective);
    expect(typeof report.holdout!.out_of_sample).toBe('number');
    expect(report.monte_carlo!.trades).toBe(report.best!.report.trades);
  });
});

describe('optimizer: workers', () => {
  it('a pool of workers gives exactly the inline results (TPE: the sequence does not depend on the worker count)', async () => {
    const bars = rising(600, true);
    const spec = hillSpec({ method: 'tpe', trials: 40, seed: 9, holdout: 0.2 });
    const inline = await startOptimization(bars, spec, { workers: 0, strategyDef: hill }).done;
    const pooled = await startOptimization(bars, spec, { workers: 2 }).done;
    expect(pooled.leaderboard).toEqual(inline.leaderboard);
    expect(pooled.holdout).toEqual(inline.holdout);
    expect(pooled.sensitivity).toEqual(inline.sensitivity);
    expect(pooled.trials.executed).toBe(inline.trials.executed);
  });

  it('a worker-side failure is a recorded trial error, not a crash', async () => {
    const report = await startOptimization(rising(300, true), hillSpec({ fixed: { boom: 12 }, ranges: ['fast=10:14:1', 'slow=40:42:2'].map(splitRangeArg), heatmap: [] }), { workers: 2 }).done;
    expect(report.trials.error).toBe(2);
    expect(report.errors.map((e) => e.reason)).toEqual(['hill exploded at fast=12', 'hill exploded at fast=12']);
    expect(report.best).not.toBeNull();
  });

  it('a worker that dies mid-trial fails that trial only; it is replaced and the run completes', async () => {
    const report = await startOptimization(rising(300, true), hillSpec({ fixed: { crash: 11 }, ranges: ['fast=9:14:1', 'slow=40:44:2'].map(splitRangeArg), heatmap: [] }), { workers: 2 }).done;
    expect(report.trials.error).toBe(3);
    expect(report.errors.map((e) => e.reason)).toEqual(Array(3).fill('the worker stopped: exit code 7'));
    expect(report.trials.ok).toBe(6 * 3 - 3);
    expect(report.best?.params).toMatchObject({ fast: 12, slow: 40 });
  });

  it('refuses an in-memory strategy with workers, and an unknown strategy, clearly', async () => {
    await expect(startOptimization(rising(100), hillSpec(), { workers: 1, strategyDef: hill }).done).rejects.toThrow(/cannot run in workers/);
    await expect(startOptimization(rising(100), hillSpec({ strategy: { id: 'nope', module: FIXTURE_MODULE } }), { workers: 0 }).done).rejects.toThrow(/Unknown strategy "nope"/);
  });
});

describe('optimizer: pause, cancel, resume', () => {
  let t: ReturnType<typeof tempDir>;
  beforeEach(() => (t = tempDir('tw-train-')));
  afterEach(() => t.cleanup());

  const bars = rising(4000);
  const spec = hillSpec({ ranges: ['fast=2:16:1', 'slow=20:60:1'].map(splitRangeArg), heatmap: [], monteCarloRuns: 0 });
  const total = 15 * 41;

  it('pause holds dispatch until resume; progress comes at most every interval', async () => {
    const seen: OptimizeProgress[] = [];
    let paused = false;
    let onPaused: () => void = () => undefined;
    const pausedNow = new Promise<void>((resolve) => (onPaused = resolve));
    const h = startOptimization(bars, spec, {
      workers: 0,
      strategyDef: hill,
      progressIntervalMs: 20,
      onProgress: (p) => {
        seen.push(p);
        if (!paused && p.done >= 50) {
          paused = true;
          h.pause();
          onPaused();
        }
      },
    });
    await pausedNow;
    // Trials already dispatched may still finish; then nothing moves.
    await new Promise((r) => setTimeout(r, 100));
    const doneWhilePaused = seen.at(-1)!.done;
    expect(seen.at(-1)!.paused).toBe(true);
    await new Promise((r) => setTimeout(r, 200));
    expect(seen.at(-1)!.done).toBe(doneWhilePaused);
    h.resume();
    const report = await h.done;
    expect(report.trials.finished).toBe(total);
    const gaps = seen.slice(1).map((p, k) => p.done - seen[k]!.done);
    expect(seen.length).toBeLessThan(total / 2);
    expect(gaps.every((g) => g >= 0)).toBe(true);
    expect(seen.some((p) => p.trialsPerSec > 0 && p.etaMs !== null)).toBe(true);
  });

  it('cancel, then resume from SQLite: runs exactly the trials that were not stored, and ends where an uninterrupted run ends', async () => {
    const path = join(t.dir, 'train.db');
    const db = openDatabase(path);
    const store = new SqliteTrialStore(db);
    const h = startOptimization(bars, spec, {
      workers: 0,
      strategyDef: hill,
      store,
      runId: 'run-1',
      progressIntervalMs: 0,
      onProgress: (p) => {
        if (p.done >= 200) h.cancel();
      },
    });
    const cancelled = await h.done;
    expect(cancelled.status).toBe('cancelled');
    store.close();
    db.close();

    const db2 = openDatabase(path);
    const stored = (db2.prepare("SELECT count(*) AS n FROM training_trials WHERE run_id = 'run-1'").get() as { n: number }).n;
    expect(stored).toBeGreaterThanOrEqual(200);
    expect(stored).toBeLessThan(total);
    expect(db2.prepare("SELECT status FROM training_runs WHERE id = 'run-1'").get()).toEqual({ status: 'cancelled' });
    const store2 = new SqliteTrialStore(db2);
    const resumed = await resumeOptimization(bars, 'run-1', { workers: 0, strategyDef: hill, store: store2 }).done;
    expect(resumed.status).toBe('done');
    expect(resumed.trials.reused).toBe(stored);
    expect(resumed.trials.executed).toBe(total - stored);
    expect((db2.prepare("SELECT count(*) AS n FROM training_trials WHERE run_id = 'run-1'").get() as { n: number }).n).toBe(total);
    const row = db2.prepare("SELECT status, summary FROM training_runs WHERE id = 'run-1'").get() as { status: string; summary: string };
    expect(row.status).toBe('done');
    // With a step of 1, slow = 39, 40 and 41 all hold 200 bars (rounded): the first in sequence wins.
    expect(JSON.parse(row.summary).best).toMatchObject({ params: { fast: 12, slow: 39 }, objective: 200 });

    const fresh = await startOptimization(bars, spec, { workers: 0, strategyDef: hill, store: new MemoryTrialStore() }).done;
    expect(resumed.leaderboard).toEqual(fresh.leaderboard);
    store2.close();
    db2.close();
  });

  it('resume refuses other bars', () => {
    const store = new MemoryTrialStore();
    startOptimization(bars, spec, { workers: 0, strategyDef: hill, store, runId: 'r' }).cancel();
    expect(() => resumeOptimization(rising(100), 'r', { workers: 0, strategyDef: hill, store })).toThrow(/ran on other bars/);
    expect(() => resumeOptimization(bars, 'missing', { workers: 0, strategyDef: hill, store })).toThrow(/no training run missing/);
    expect(() => startOptimization(bars, spec, { workers: 0, strategyDef: hill, store, runId: 'r' })).toThrow(/run r already exists: resume it/);
  });
});
