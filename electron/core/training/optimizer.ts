/**
 * The optimizer: searches a strategy's params for the best objective, then checks the choice.
 *
 * A run is a fixed sequence of phases, each a deterministic sequence of trials:
 *   search       the sampler over the in-sample bars (all bars, or all but the holdout);
 *   fold k       (walk-forward) the same search over fold k's train window, then
 *   fold-test k  the fold's best params once over its test window;
 *   holdout      the search's best params once over the held-out bars;
 *   sensitivity  the heatmap cells and per-param profiles around the best (cells the search
 *                already ran are reused, not run again).
 * Then, in this thread: the best's full backtest report (metrics through computeMetrics),
 * Monte Carlo over its trades, and the overfitting warnings.
 *
 * Trials are identified by (phase, fold, idx). Samplers are seeded per phase and asked in
 * fixed-size batches (TPE: `batch`, 8 by default, whatever the number of workers), so the
 * sequence depends only on the spec, the seed and the results, which are deterministic. That
 * is what resume relies on: it replays the sequence, takes the stored result of every trial
 * that reached the store, and runs only the others.
 *
 * Constraints: each param set goes through the strategy's resolveParams/validate first; an
 * invalid one is recorded (status 'invalid', with the message) and not run. A trial that
 * throws is recorded as 'error' with its message. Pruned trials (backtest pruneDrawdown)
 * are recorded as 'pruned'. All three, and trials whose objective is undefined, rank after
 * every trial with an objective, and count as bad for TPE.
 */
import { randomUUID } from 'node:crypto';
import { resolveParams, type ParamValues, type StrategyDefinition } from '../strategies/api';
import { runBacktest } from './backtester';
import { fingerprintBars, type Bars } from './bars';
import { backtestConfig, type BacktestConfig, type BacktestConfigInput } from './config';
import { InlineExecutor, type TrialExecutor } from './executor';
import { monteCarlo, type MonteCarloResult } from './monteCarlo';
import { compareObjective, parseObjective, type Objective } from './objectives';
import { overfittingWarnings } from './overfitting';
import { buildSpace, gridSize, paramKey, withFixed, type ParamSet, type ParamValue, type RangeText, type SearchSpace } from './paramSpace';
import { defaultWorkerEntry, WorkerPool, type WorkerEntry } from './pool';
import { backtestReport, barTimesMs, isoOfSeconds, round10, type BacktestReport } from './report';
import { createSampler, type Observation, type SamplerMethod } from './samplers';
import { heatmapCells, isolation, planHeatmap, profileAxes, type Isolation } from './sensitivity';
import { loadStrategy, normaliseSource, type StrategySource } from './strategySource';
import { TrialEvaluator } from './trialRunner';
import { MemoryTrialStore, slotKey, type TrialRecord, type TrialSlot, type TrialStatus, type TrialStore } from './trialStore';
import { splitHoldout, walkForwardFolds, type BarRange, type WalkForwardSpec } from './walkForward';

/** Everything that defines a run; stored with it (JSON) so a resume needs only the run id and the bars. */
export interface OptimizeSpec {
  readonly strategy: StrategySource;
  readonly ranges: readonly RangeText[];
  readonly fixed?: Readonly<Record<string, string | number | boolean>>;
  readonly method: SamplerMethod;
  /** Trials per search (each walk-forward fold searches with the same budget). Grid runs every point. */
  readonly trials: number;
  readonly seed: number;
  /** Proposals per batch for adaptive samplers (TPE). Default 8. Fixed so the sequence does not depend on the worker count. */
  readonly batch?: number;
  /** e.g. "sharpe" or "sharpe:0.6,calmar:0.4" (objectives.ts). */
  readonly objective: string;
  readonly minTrades?: number;
  readonly backtest?: BacktestConfigInput;
  /** Fraction of the bars (at the end) held out of every search. */
  readonly holdout?: number | null;
  readonly walkForward?: WalkForwardSpec | null;
  /** Params of the sensitivity heatmap; default: the first two numeric ranges with a step. Empty array: no heatmap. */
  readonly heatmap?: readonly string[] | null;
  readonly heatmapRadius?: number;
  /** Resamples of the best's trades; 0: none. Default 1000. */
  readonly monteCarloRuns?: number;
  readonly leaderboardSize?: number;
}

export interface OptimizeProgress {
  readonly runId: string;
  readonly phase: string;
  /** Trials finished, stored ones included, of the planned total (an estimate until the end). */
  readonly done: number;
  readonly total: number;
  /** Run in this session (not taken from the store). */
  readonly executed: number;
  readonly trialsPerSec: number;
  readonly etaMs: number | null;
  readonly best: { params: ParamSet; objective: number } | null;
  readonly paused: boolean;
}

export interface OptimizeOptions {
  /** Worker threads; 0 runs trials in this thread. */
  readonly workers: number;
  readonly store?: TrialStore;
  readonly runId?: string;
  /** For people: where the bars came from (e.g. the CSV path). */
  readonly dataSource?: string;
  readonly onProgress?: (p: OptimizeProgress) => void;
  /** Minimum time between progress callbacks. Default 100 ms (at most 10 a second). */
  readonly progressIntervalMs?: number;
  /** A strategy that exists only in memory (then workers must be 0). */
  readonly strategyDef?: StrategyDefinition;
  readonly workerEntry?: WorkerEntry;
}

export interface LeaderboardRow {
  rank: number;
  params: ParamSet;
  status: TrialStatus;
  objective: number | null;
  reason: string | null;
  trades: number | null;
  net_profit: number | null;
  sharpe: number | null;
  max_drawdown: number | null;
  win_rate: number | null;
  profit_factor: number | null;
}

export interface FoldReport {
  fold: number;
  train: { from_time: string; to_time: string; bars: number };
  test: { from_time: string; to_time: string; bars: number };
  best_params: ParamSet | null;
  in_sample: number | null;
  out_of_sample: number | null;
  out_of_sample_reason: string | null;
}

export interface OptimizationReport {
  run_id: string;
  status: 'done' | 'cancelled';
  strategy: string;
  method: SamplerMethod;
  objective: string;
  seed: number;
  bars: { total: number; in_sample: number; holdout: number };
  trials: { planned: number; finished: number; executed: number; reused: number; ok: number; undefined: number; pruned: number; error: number; invalid: number };
  elapsed_ms: number;
  trials_per_s: number;
  best: { params: ParamSet; objective: number; report: Omit<BacktestReport, 'trade_list'> } | null;
  leaderboard: LeaderboardRow[];
  invalid: { params: ParamSet; reason: string }[];
  errors: { params: ParamSet; reason: string }[];
  walk_forward: { mode: string; folds: FoldReport[]; in_sample_mean: number | null; out_of_sample_mean: number | null; efficiency: number | null } | null;
  holdout: { params: ParamSet; in_sample: number | null; out_of_sample: number | null; out_of_sample_reason: string | null; out_of_sample_net_profit: number | null } | null;
  /** A heatmap over two params (rows y, columns x) and a profile per numeric param, all around the best. */
  sensitivity:
    | {
        x: { param: string; values: ParamValue[] };
        y: { param: string; values: ParamValue[] } | null;
        objective: (number | null)[][];
        best_isolated: boolean;
        neighbour_median: number | null;
        profiles: { param: string; values: ParamValue[]; objective: (number | null)[] }[];
      }
    | { skipped: string }
    | null;
  monte_carlo: MonteCarloResult | null;
  warnings: string[];
}

export interface OptimizationHandle {
  readonly runId: string;
  pause(): void;
  resume(): void;
  /** Stops dispatching, stops the workers; `done` resolves with status 'cancelled'. The run can be resumed later. */
  cancel(): void;
  readonly done: Promise<OptimizationReport>;
}

class Cancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

const STATUS_RANK: Record<TrialStatus, number> = { ok: 0, undefined: 1, pruned: 2, error: 3, invalid: 4 };

/** Best first: objective descending, then statuses without one, in a fixed order; ties by sequence. */
export function rankTrials(trials: readonly TrialRecord[]): TrialRecord[] {
  return [...trials].sort((a, b) => STATUS_RANK[a.status] - STATUS_RANK[b.status] || compareObjective(a.objective, b.objective) || a.idx - b.idx);
}

function mean(xs: readonly (number | null)[]): number | null {
  const defined = xs.filter((x): x is number => x !== null);
  return defined.length === 0 ? null : round10(defined.reduce((a, b) => a + b, 0) / defined.length);
}

function checkSpec(spec: OptimizeSpec): void {
  if (!Number.isInteger(spec.trials) || spec.trials < 1) throw new Error(`trials must be a whole number >= 1, got ${spec.trials}`);
  if (!Number.isSafeInteger(spec.seed)) throw new Error(`seed must be a whole number, got ${spec.seed}`);
  const batch = spec.batch ?? 8;
  if (!Number.isInteger(batch) || batch < 1) throw new Error(`batch must be a whole number >= 1, got ${batch}`);
}

class Optimization {
  readonly runId: string;
  private paused = false;
  private cancelled = false;
  private executor: TrialExecutor | null = null;
  private inflight = 0;
  private limit = 2;
  private waiters: (() => void)[] = [];
  private phase = 'search';
  private planned = 0;
  private finished = 0;
  private executed = 0;
  private reused = 0;
  private lastProgress = 0;
  private startedAt = 0;
  private best: { params: ParamSet; objective: number } | null = null;
  private readonly byWindowAndParams = new Map<string, TrialRecord>();
  private readonly all: TrialRecord[] = [];
  /** Facts about how the run went, added to its warnings. */
  private readonly notes: string[] = [];
  // Set up in run().
  private def!: StrategyDefinition;
  private space!: SearchSpace;
  private cfg!: BacktestConfig;
  private objective!: Objective;

  constructor(
    private readonly bars: Bars,
    private readonly spec: OptimizeSpec,
    private readonly options: OptimizeOptions,
    private readonly store: TrialStore,
    runId: string,
    private readonly existing: Map<string, TrialRecord>,
  ) {
    this.runId = runId;
  }

  pause(): void {
    if (this.paused || this.cancelled) return;
    this.paused = true;
    this.store.setStatus(this.runId, 'paused');
    this.progress(true);
  }

  resume(): void {
    if (!this.paused || this.cancelled) return;
    this.paused = false;
    this.store.setStatus(this.runId, 'running');
    this.wake();
    this.progress(true);
  }

  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    this.wake();
    void this.executor?.close();
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  /** Waits for a free slot while not paused; throws Cancelled once cancelled. */
  private async acquire(): Promise<void> {
    while (!this.cancelled && (this.paused || this.inflight >= this.limit)) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    if (this.cancelled) throw new Cancelled();
    this.inflight++;
  }

  private release(): void {
    this.inflight--;
    const next = this.waiters.shift();
    next?.();
  }

  async run(): Promise<OptimizationReport> {
    this.startedAt = performance.now();
    const spec = this.spec;
    this.def = this.options.strategyDef ?? (await loadStrategy(spec.strategy));
    this.space = buildSpace(this.def, spec.ranges, spec.fixed ?? {});
    this.objective = parseObjective(spec.objective, spec.minTrades ?? 1);
    this.cfg = backtestConfig(spec.backtest ?? {});
    const n = this.bars.length;
    const split = spec.holdout ? splitHoldout(n, spec.holdout) : null;
    const inSample: BarRange = split ? split.inSample : { from: 0, to: n };
    if (inSample.to - inSample.from < 2) throw new Error(`${inSample.to - inSample.from} bars are too few to optimise on`);
    const folds = spec.walkForward ? walkForwardFolds(inSample, spec.walkForward) : [];
    const budget = spec.method === 'grid' ? gridSize(this.space) : Math.min(spec.trials, gridSize(this.space));
    const side = 2 * (spec.heatmapRadius ?? 3) + 1;
    const heatmapCellsEstimate = spec.heatmap && spec.heatmap.length === 0 ? 0 : side * side + this.space.dims.length * side;
    this.planned = budget + folds.length * (budget + 1) + (split ? 1 : 0) + heatmapCellsEstimate;

    const entry = this.options.workers > 0 ? (this.options.workerEntry ?? defaultWorkerEntry()) : null;
    if (this.options.workers > 0 && this.options.strategyDef) throw new Error('a strategy defined in memory cannot run in workers: give its module, or use workers: 0');
    if (this.options.workers > 0 && entry === null) this.notes.push('no training worker entry was found (trainingWorker.js beside the bundle): trials ran in the calling thread');
    if (entry !== null) {
      this.executor = await WorkerPool.start(this.bars, normaliseSource(spec.strategy), this.cfg, this.objective, { workers: this.options.workers, entry });
    } else {
      this.executor = new InlineExecutor(new TrialEvaluator(this.bars, this.def, this.cfg, this.objective));
    }
    this.limit = Math.max(2, this.executor.concurrency * 2);
    if (this.cancelled) await this.executor.close();

    try {
      this.phase = 'search';
      const search = await this.search('search', -1, inSample, budget);
      const ranked = rankTrials(search);
      const top = ranked[0]?.status === 'ok' ? ranked[0] : null;

      const foldReports: FoldReport[] = [];
      for (const fold of folds) {
        this.phase = `fold ${fold.index + 1}/${folds.length}`;
        const trials = await this.search('fold', fold.index, fold.train, budget);
        const foldBest = rankTrials(trials)[0];
        const ok = foldBest?.status === 'ok' ? foldBest : null;
        const test = ok ? await this.trial({ phase: 'fold-test', fold: fold.index, idx: 0 }, ok.params, fold.test) : null;
        foldReports.push({
          fold: fold.index,
          train: this.rangeInfo(fold.train),
          test: this.rangeInfo(fold.test),
          best_params: ok?.params ?? null,
          in_sample: ok?.objective ?? null,
          out_of_sample: test?.objective ?? null,
          out_of_sample_reason: ok ? (test?.reason ?? null) : 'no trial in the train window had an objective',
        });
      }

      let holdout: OptimizationReport['holdout'] = null;
      if (split && top) {
        this.phase = 'holdout';
        const h = await this.trial({ phase: 'holdout', fold: -1, idx: 0 }, top.params, split.holdout);
        holdout = { params: top.params, in_sample: top.objective, out_of_sample: h.objective, out_of_sample_reason: h.reason, out_of_sample_net_profit: h.netProfit };
      }

      let sensitivity: OptimizationReport['sensitivity'] = null;
      let iso: Isolation | null = null;
      if (top && !(spec.heatmap && spec.heatmap.length === 0)) {
        this.phase = 'sensitivity';
        const plan = planHeatmap(this.space, top.params, spec.heatmapRadius ?? 3, spec.heatmap);
        if (typeof plan === 'string') sensitivity = { skipped: plan };
        else {
          const cells = heatmapCells(plan, top.params);
          const results = await Promise.all(cells.map((cell, k) => this.trial({ phase: 'sensitivity', fold: -1, idx: k }, cell.point, inSample)));
          const rows = plan.y ? plan.y.values.length : 1;
          const grid: (number | null)[][] = Array.from({ length: rows }, () => plan.x.values.map(() => null));
          cells.forEach((cell, k) => (grid[cell.yi]![cell.xi] = results[k]!.objective));
          iso = isolation(grid, plan.x.bestAt, plan.y ? plan.y.bestAt : 0);
          // Each numeric param alone around the best (cells already run are reused).
          const profiles: { param: string; values: ParamValue[]; objective: (number | null)[] }[] = [];
          let idx = cells.length;
          for (const ax of profileAxes(this.space, top.params, spec.heatmapRadius ?? 3)) {
            const points = ax.values.map((value) => ({ ...top.params, [ax.param]: value }));
            const first = idx;
            idx += points.length;
            const runs = await Promise.all(points.map((point, k) => this.trial({ phase: 'sensitivity', fold: -1, idx: first + k }, point, inSample)));
            profiles.push({ param: ax.param, values: [...ax.values], objective: runs.map((r) => r.objective) });
          }
          sensitivity = {
            x: { param: plan.x.param, values: [...plan.x.values] },
            y: plan.y ? { param: plan.y.param, values: [...plan.y.values] } : null,
            objective: grid,
            best_isolated: iso.isolated,
            neighbour_median: iso.neighbourMedian,
            profiles,
          };
        }
      }

      this.phase = 'report';
      let bestOut: OptimizationReport['best'] = null;
      let mc: MonteCarloResult | null = null;
      if (top) {
        // The best once more in this thread, for its full report and its trades.
        const resolved = resolveParams(this.def, top.params);
        const result = runBacktest(this.bars, this.def.create(resolved), this.cfg, { from: inSample.from, to: inSample.to });
        const { trade_list: _omit, ...report } = backtestReport(this.bars, result, barTimesMs(this.bars));
        bestOut = { params: top.params, objective: top.objective!, report };
        const runs = spec.monteCarloRuns ?? 1000;
        if (runs > 0) mc = monteCarlo(result.trades.pnlColumn(), result.initialCash, runs, spec.seed);
      }

      const wf = folds.length
        ? (() => {
            const isMean = mean(foldReports.map((f) => f.in_sample));
            const oosMean = mean(foldReports.map((f) => f.out_of_sample));
            return {
              mode: spec.walkForward!.mode,
              folds: foldReports,
              in_sample_mean: isMean,
              out_of_sample_mean: oosMean,
              efficiency: isMean !== null && oosMean !== null && isMean !== 0 ? round10(oosMean / isMean) : null,
            };
          })()
        : null;

      const warnings = overfittingWarnings({
        bestObjective: top?.objective ?? null,
        bestTrades: bestOut?.report.trades ?? null,
        holdout: holdout ? { inSample: holdout.in_sample, outOfSample: holdout.out_of_sample, reason: holdout.out_of_sample_reason } : null,
        walkForward: wf ? { inSampleMean: wf.in_sample_mean, outOfSampleMean: wf.out_of_sample_mean, undefinedFolds: foldReports.filter((f) => f.out_of_sample === null).length } : null,
        isolated: iso,
        trials: { total: search.length, scored: search.filter((t) => t.status === 'ok').length },
      });

      const report = this.report('done', search, bestOut, wf, holdout, sensitivity, mc, [...warnings, ...this.notes], split ? split.holdout.to - split.holdout.from : 0, inSample);
      this.store.setStatus(this.runId, 'done', { summary: report });
      this.progress(true);
      return report;
    } catch (err) {
      if (err instanceof Cancelled || this.cancelled) {
        this.store.setStatus(this.runId, 'cancelled');
        this.progress(true);
        return this.report('cancelled', this.all.filter((t) => t.phase === 'search'), null, null, null, null, null, [], split ? split.holdout.to - split.holdout.from : 0, inSample);
      }
      this.store.setStatus(this.runId, 'failed', { error: err instanceof Error ? err.message : String(err) });
      throw err;
    } finally {
      await this.executor?.close();
      this.store.flush();
    }
  }

  private rangeInfo(r: BarRange): { from_time: string; to_time: string; bars: number } {
    return { from_time: isoOfSeconds(this.bars.t[r.from]!), to_time: isoOfSeconds(this.bars.t[r.to - 1]!), bars: r.to - r.from };
  }

  /** One sampler over one window: `budget` trials in batches. */
  private async search(phase: string, fold: number, window: BarRange, budget: number): Promise<TrialRecord[]> {
    const stream = fold < 0 ? phase : `${phase}-${fold}`;
    const sampler = createSampler(this.spec.method, this.space, this.spec.seed, stream);
    const batchSize = sampler.adaptive ? (this.spec.batch ?? 8) : 256;
    const history: Observation[] = [];
    const records: TrialRecord[] = [];
    let idx = 0;
    while (idx < budget) {
      const points = sampler.propose(Math.min(batchSize, budget - idx), history);
      if (points.length === 0) break;
      const batch = await Promise.all(points.map((point, j) => this.trial({ phase, fold, idx: idx + j }, withFixed(this.space, point), window)));
      idx += points.length;
      batch.forEach((r, j) => {
        history.push({ point: points[j]!, score: r.objective });
        records.push(r);
      });
    }
    return records;
  }

  /** Runs (or takes from the store, or from this run's cache) one trial. */
  private async trial(slot: TrialSlot, given: ParamSet, window: BarRange): Promise<TrialRecord> {
    const params = this.inSpecOrder(given);
    const key = paramKey(params);
    const prior = this.existing.get(slotKey(slot));
    if (prior) {
      if (prior.paramKey !== key) throw new Error(`the stored run does not match its replay at ${slotKey(slot)} (${prior.paramKey} vs ${key}): was the code or the spec changed?`);
      this.reused++;
      return this.finish(prior, window, false);
    }
    const cacheKey = `${window.from}:${window.to}|${key}`;
    const cached = this.byWindowAndParams.get(cacheKey);
    if (cached) return this.finish({ ...cached, phase: slot.phase, fold: slot.fold, idx: slot.idx }, window, true);

    let resolved: ParamValues;
    try {
      resolved = resolveParams(this.def, params);
    } catch (err) {
      const record: TrialRecord = { ...slot, paramKey: key, params, status: 'invalid', objective: null, reason: (err as Error).message, metrics: null, netProfit: null, elapsedMs: 0 };
      return this.finish(record, window, true);
    }
    await this.acquire();
    let outcome;
    try {
      outcome = await this.executor!.run({ params: { ...resolved }, window });
    } finally {
      this.release();
    }
    if (this.cancelled) throw new Cancelled();
    this.executed++;
    return this.finish({ ...slot, paramKey: key, params, ...outcome }, window, true);
  }

  /** The same params, listed in the order the strategy declares them (for people reading reports). */
  private inSpecOrder(params: ParamSet): ParamSet {
    const out: ParamSet = {};
    for (const spec of this.def.params) if (spec.name in params) out[spec.name] = params[spec.name]!;
    for (const [name, value] of Object.entries(params)) if (!(name in out)) out[name] = value;
    return out;
  }

  private finish(record: TrialRecord, window: BarRange, store: boolean): TrialRecord {
    if (store) this.store.record(this.runId, record);
    this.byWindowAndParams.set(`${window.from}:${window.to}|${record.paramKey}`, record);
    this.all.push(record);
    this.finished++;
    if (record.phase === 'search' && record.status === 'ok' && (this.best === null || record.objective! > this.best.objective)) {
      this.best = { params: record.params, objective: record.objective! };
    }
    this.progress(false);
    return record;
  }

  private progress(force: boolean): void {
    const cb = this.options.onProgress;
    if (!cb) return;
    const now = performance.now();
    if (!force && now - this.lastProgress < (this.options.progressIntervalMs ?? 100)) return;
    this.lastProgress = now;
    const seconds = (now - this.startedAt) / 1000;
    const rate = seconds > 0 ? this.executed / seconds : 0;
    const total = Math.max(this.planned, this.finished);
    cb({
      runId: this.runId,
      phase: this.phase,
      done: this.finished,
      total,
      executed: this.executed,
      trialsPerSec: Math.round(rate * 10) / 10,
      etaMs: rate > 0 ? Math.round(((total - this.finished) / rate) * 1000) : null,
      best: this.best,
      paused: this.paused,
    });
  }

  private report(
    status: 'done' | 'cancelled',
    search: readonly TrialRecord[],
    best: OptimizationReport['best'],
    wf: OptimizationReport['walk_forward'],
    holdout: OptimizationReport['holdout'],
    sensitivity: OptimizationReport['sensitivity'],
    mc: MonteCarloResult | null,
    warnings: string[],
    holdoutBars: number,
    inSample: BarRange,
  ): OptimizationReport {
    const count = (s: TrialStatus) => this.all.filter((t) => t.status === s).length;
    const elapsed = performance.now() - this.startedAt;
    const ranked = rankTrials(search);
    return {
      run_id: this.runId,
      status,
      strategy: this.def?.id ?? this.spec.strategy.id,
      method: this.spec.method,
      objective: this.spec.objective,
      seed: this.spec.seed,
      bars: { total: this.bars.length, in_sample: inSample.to - inSample.from, holdout: holdoutBars },
      trials: {
        planned: Math.max(this.planned, this.finished),
        finished: this.finished,
        executed: this.executed,
        reused: this.reused,
        ok: count('ok'),
        undefined: count('undefined'),
        pruned: count('pruned'),
        error: count('error'),
        invalid: count('invalid'),
      },
      elapsed_ms: Math.round(elapsed),
      trials_per_s: elapsed > 0 ? Math.round((this.executed / elapsed) * 10_000) / 10 : 0,
      best,
      leaderboard: ranked.slice(0, this.spec.leaderboardSize ?? 20).map((t, k) => ({
        rank: k + 1,
        params: t.params,
        status: t.status,
        objective: t.objective,
        reason: t.reason,
        trades: t.metrics?.tradeCount ?? null,
        net_profit: t.netProfit,
        sharpe: t.metrics?.sharpe ?? null,
        max_drawdown: t.metrics?.maxDrawdown ?? null,
        win_rate: t.metrics?.winRate ?? null,
        profit_factor: t.metrics?.profitFactor ?? null,
      })),
      invalid: search.filter((t) => t.status === 'invalid').slice(0, 10).map((t) => ({ params: t.params, reason: t.reason ?? '' })),
      errors: this.all
        .filter((t) => t.status === 'error')
        .sort((a, b) => a.phase.localeCompare(b.phase) || a.fold - b.fold || a.idx - b.idx)
        .slice(0, 10)
        .map((t) => ({ params: t.params, reason: t.reason ?? '' })),
      walk_forward: wf,
      holdout,
      sensitivity,
      monte_carlo: mc,
      warnings,
    };
  }
}

function handle(opt: Optimization): OptimizationHandle {
  const done = opt.run();
  // The caller may attach later; an unobserved rejection must not crash the process meanwhile.
  done.catch(() => undefined);
  return { runId: opt.runId, pause: () => opt.pause(), resume: () => opt.resume(), cancel: () => opt.cancel(), done };
}

/** Starts a run; progress through options.onProgress, the result through `done`. */
export function startOptimization(bars: Bars, spec: OptimizeSpec, options: OptimizeOptions): OptimizationHandle {
  checkSpec(spec);
  const store = options.store ?? new MemoryTrialStore();
  const runId = options.runId ?? randomUUID();
  if (store.getRun(runId)) throw new Error(`a training run ${runId} already exists: resume it, or choose another run id`);
  const stored: OptimizeSpec = { ...spec, strategy: normaliseSource(spec.strategy) };
  store.createRun({ id: runId, strategyId: spec.strategy.id, spec: stored, dataFingerprint: fingerprintBars(bars), dataSource: options.dataSource ?? null });
  return handle(new Optimization(bars, stored, options, store, runId, new Map()));
}

/**
 * Resumes a stored run on the same bars: replays its trial sequence, reusing every stored
 * trial and running only the rest. Refuses bars that differ from the run's.
 */
export function resumeOptimization(bars: Bars, runId: string, options: OptimizeOptions & { store: TrialStore }): OptimizationHandle {
  const run = options.store.getRun(runId);
  if (!run) throw new Error(`no training run ${runId} in the store`);
  const fingerprint = fingerprintBars(bars);
  if (run.dataFingerprint !== fingerprint) throw new Error(`run ${runId} ran on other bars (${run.dataFingerprint}; these are ${fingerprint}): resume it on the same data`);
  const spec = run.spec as OptimizeSpec;
  checkSpec(spec);
  options.store.setStatus(runId, 'running');
  return handle(new Optimization(bars, spec, options, options.store, runId, options.store.trials(runId)));
}
