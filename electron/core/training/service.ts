/**
 * The training service: the engine's optimizer (optimizer.ts) behind the training.* channels
 * (shared/contract/training.ts).
 *
 * - Bars come from the bar store (the sample source's stored 1-minute bars), aggregated to the
 *   run's timeframe. "Last N days" is resolved to a fixed window when the run starts, and the
 *   window ends at the last closed minute, so the same bars can be read again on resume (the
 *   optimizer refuses other bars by their fingerprint).
 * - What the UI needs to find those bars again (source, symbol, timeframe, window, name) is
 *   kept with the run as a small JSON descriptor in training_runs.data_source, the column
 *   the optimizer keeps "where the bars came from" in. That avoids a migration of the
 *   engine's tables for four fields; a run whose data_source is not such a descriptor (one
 *   from the CLI) is listed but cannot be resumed from here.
 * - Runs survive a restart: a run the app left 'running' is marked 'paused' (interrupted)
 *   when the service starts, and training.resume replays it from the store, running only
 *   the trials that had not been stored.
 * - Progress reaches the renderer as training.progress, at most every PROGRESS_MS per run
 *   (the coalescer keeps the latest per run between its flushes).
 * - Trials run in the calling thread by default (workers: 0): the inline executor yields to
 *   the event loop between trials, so the engine keeps answering. More workers are a config
 *   option (config.training.workers) where the worker entry is available.
 */
import type { BotDetail, ParsedInputOf, TrainingLeaderboardRow, TrainingProgress, TrainingRunDetail, TrainingRunSummary, TrainingSideMetrics, TrainingTrialDetail } from '../../../shared/contract';
import { BotConfigInput } from '../../../shared/contract';
import type { Handlers } from '../api/dispatcher';
import { ApiError } from '../api/errors';
import type { BotSupervisor } from '../bots/supervisor';
import type { Logger } from '../log/logger';
import { aggregateBars } from '../marketdata/aggregate';
import type { BarStore } from '../marketdata/barStore';
import { resolveParams, type StrategyDefinition } from '../strategies/api';
import { strategies as builtIns } from '../strategies/registry';
import type { Db } from '../store/database';
import { runBacktest } from './backtester';
import { copyBars, type Bars } from './bars';
import { backtestConfig, type BacktestConfigInput } from './config';
import { evaluateObjective, parseObjective } from './objectives';
import { rankTrials, resumeOptimization, startOptimization, type OptimizationHandle, type OptimizationReport, type OptimizeProgress, type OptimizeSpec } from './optimizer';
import { buildSpace, gridSize, type ParamSet, type RangeText } from './paramSpace';
import { backtestReport } from './report';
import { slotKey, SqliteTrialStore, type RunRecord, type TrialRecord } from './trialStore';
import { splitHoldout, walkForwardFolds, type BarRange } from './walkForward';
import { randomUUID } from 'node:crypto';

/** At most this often per run (the contract promises about 4 a second). */
const PROGRESS_MS = 250;
/** 1-minute bars read for one run at most (about 2 years of a 24/7 market). */
const MAX_MINUTES = 1_100_000;
const MAX_EQUITY_POINTS = 2_000;
const MAX_TRADES = 500;
const MAX_SCATTER = 5_000;
const MINUTE = 60_000;
const DAY = 86_400_000;

type StartInput = ParsedInputOf<'training.start'>;
type ApplyInput = ParsedInputOf<'training.applyToBot'>;

/** Kept with the run (training_runs.data_source) so its bars can be read again. */
interface DataDescriptor {
  kind: 'workstation-training/1';
  source: 'sample';
  symbol: string;
  timeframe: StartInput['timeframe'];
  from: number;
  to: number;
  bars: number;
  name: string;
  fees: StartInput['fees'];
  slippage: StartInput['slippage'];
  minTrades: number;
  trials: number;
}

export interface TrainingConfig {
  /** Worker threads per run; 0 runs trials in the engine's thread (default). */
  workers?: number;
  /** Minimum ms between progress events of a run (default 250). */
  progressMs?: number;
}

export interface TrainingServiceDeps {
  db: Db;
  bars: BarStore;
  bots: BotSupervisor;
  log: Logger;
  /** The sample market's clock (epoch ms): bars up to its last closed minute are final. */
  marketNow: () => number;
  emit: (progress: TrainingProgress) => void;
  config?: TrainingConfig;
}

interface Live {
  handle: OptimizationHandle;
  last: OptimizeProgress | null;
  paused: boolean;
}

function badRequest(field: string, message: string): ApiError {
  return new ApiError('BAD_REQUEST', message, { [field]: message });
}

function parseDescriptor(text: string | null): DataDescriptor | null {
  if (!text) return null;
  try {
    const d = JSON.parse(text) as DataDescriptor;
    return d && d.kind === 'workstation-training/1' ? d : null;
  } catch {
    return null;
  }
}

function rangeText(r: StartInput['ranges'][number]): RangeText {
  if (r.values !== undefined) return { name: r.name, text: r.values.map(String).join(',') };
  return { name: r.name, text: r.step === undefined ? `${r.min}:${r.max}` : `${r.min}:${r.max}:${r.step}` };
}

export function parseTrialId(trialId: string): { phase: string; fold: number; idx: number } {
  const m = /^([a-z-]+)\/(-?\d+)\/(\d+)$/.exec(trialId);
  if (!m) throw badRequest('trialId', `"${trialId}" is not a trial id (phase/fold/index, e.g. search/-1/0)`);
  return { phase: m[1]!, fold: Number(m[2]), idx: Number(m[3]) };
}

function thin<T>(xs: readonly T[], max: number): T[] {
  if (xs.length <= max) return [...xs];
  const step = xs.length / max;
  const out: T[] = [];
  for (let k = 0; k < max - 1; k++) out.push(xs[Math.floor(k * step)]!);
  out.push(xs[xs.length - 1]!);
  return out;
}

export class TrainingService {
  private readonly store: SqliteTrialStore;
  private readonly live = new Map<string, Live>();
  /** Bars of recently viewed runs (a trial's equity curve reads them again). */
  private readonly barCache = new Map<string, Bars>();
  private readonly inVsOutCache = new Map<string, TrainingRunDetail['inVsOut']>();

  constructor(private readonly o: TrainingServiceDeps) {
    this.store = new SqliteTrialStore(o.db);
    // Runs a previous session left running were interrupted: they wait to be resumed.
    const stale = o.db.prepare("SELECT id FROM training_runs WHERE status = 'running'").all() as { id: string }[];
    for (const { id } of stale) this.store.setStatus(id, 'paused', { error: 'interrupted when the app stopped: resume to finish it' });
  }

  strategies(): ParsedOutput<'training.strategies'> {
    return [...builtIns.values()].map((d) => ({
      id: d.id,
      name: d.name,
      description: d.description,
      params: d.params.map((p) => ({ ...p, options: p.options ? [...p.options] : undefined })),
    }));
  }

  /** Validates everything, reads the bars, and starts the run; returns at once. */
  start(input: StartInput): { runId: string } {
    const def = builtIns.get(input.strategyId);
    if (!def) throw badRequest('strategyId', `There is no strategy "${input.strategyId}"; the strategies are: ${[...builtIns.keys()].join(', ')}`);
    const ranges = input.ranges.map(rangeText);
    let space;
    try {
      space = buildSpace(def, ranges, input.fixed);
    } catch (err) {
      throw badRequest('ranges', (err as Error).message);
    }
    const size = gridSize(space);
    if (input.method === 'grid') {
      if (!Number.isFinite(size)) throw badRequest('ranges', 'A grid search needs a step for every numeric range');
      if (size > input.trials) throw badRequest('trials', `The grid has ${size} points, more than the trial budget of ${input.trials}: raise the budget or use larger steps`);
    }
    const symbol = input.symbols[0]!;
    const lastClosed = Math.floor(this.o.marketNow() / MINUTE) * MINUTE;
    const window = 'lastDays' in input.period ? { from: lastClosed - Math.round(input.period.lastDays * DAY), to: lastClosed } : { from: input.period.from, to: Math.min(input.period.to, lastClosed) };
    if (!(window.from < window.to)) throw badRequest('period', 'The period ends before it starts (or lies in the future): there are no bars in it');
    const bars = this.readBars(symbol, input.timeframe, window.from, window.to);
    if (bars.length < 10) {
      throw badRequest(
        'period',
        bars.length === 0
          ? `There are no ${symbol} bars in that period: pick a period within the stored history`
          : `Only ${bars.length} ${input.timeframe} bars of ${symbol} in that period: too few to train on (use a longer period or a shorter timeframe)`,
      );
    }
    const backtest: BacktestConfigInput = {
      fees: { makerBps: input.fees.makerBps, takerBps: input.fees.takerBps, perUnit: input.fees.perUnit },
      slippage: { kind: input.slippage.kind, bps: input.slippage.bps } as BacktestConfigInput['slippage'],
    };
    try {
      backtestConfig(backtest);
      if (input.holdout) {
        const split = splitHoldout(bars.length, input.holdout);
        if (input.walkForward) walkForwardFolds(split.inSample, { folds: input.walkForward.folds, mode: input.walkForward.mode });
      } else if (input.walkForward) walkForwardFolds({ from: 0, to: bars.length }, { folds: input.walkForward.folds, mode: input.walkForward.mode });
    } catch (err) {
      throw badRequest(input.walkForward ? 'walkForward' : 'holdout', (err as Error).message);
    }
    const spec: OptimizeSpec = {
      strategy: { id: def.id },
      ranges,
      fixed: input.fixed,
      method: input.method,
      trials: input.method === 'grid' ? size : input.trials,
      seed: input.seed,
      objective: input.objective,
      minTrades: input.minTrades,
      backtest,
      holdout: input.holdout ?? null,
      walkForward: input.walkForward ? { folds: input.walkForward.folds, mode: input.walkForward.mode } : null,
      leaderboardSize: 50,
    };
    const descriptor: DataDescriptor = {
      kind: 'workstation-training/1',
      source: 'sample',
      symbol,
      timeframe: input.timeframe,
      from: window.from,
      to: window.to,
      bars: bars.length,
      name: input.name?.trim() || `${def.name} · ${symbol} ${input.timeframe}`,
      fees: input.fees,
      slippage: input.slippage,
      minTrades: input.minTrades,
      trials: input.trials,
    };
    const runId = randomUUID();
    const live: Live = { handle: null as unknown as OptimizationHandle, last: null, paused: false };
    this.live.set(runId, live);
    try {
      live.handle = startOptimization(bars, spec, {
        workers: this.o.config?.workers ?? 0,
        store: this.store,
        runId,
        dataSource: JSON.stringify(descriptor),
        progressIntervalMs: this.o.config?.progressMs ?? PROGRESS_MS,
        onProgress: (p) => this.onProgress(live, p),
      });
    } catch (err) {
      this.live.delete(runId);
      throw badRequest('_', (err as Error).message);
    }
    this.barCache.set(runId, bars);
    this.follow(runId, live);
    return { runId };
  }

  pause(runId: string): TrainingRunSummary {
    const live = this.live.get(runId);
    if (!live) throw new ApiError('CONFLICT', `Run ${runId} is not running (${this.requireRun(runId).status})`);
    live.handle.pause();
    live.paused = true;
    return this.summary(this.requireRun(runId));
  }

  async resume(runId: string): Promise<TrainingRunSummary> {
    const live = this.live.get(runId);
    if (live) {
      live.handle.resume();
      live.paused = false;
      return this.summary(this.requireRun(runId));
    }
    const run = this.requireRun(runId);
    if (run.status === 'done') throw new ApiError('CONFLICT', 'That run is finished: start a new one to search again');
    const d = parseDescriptor(run.dataSource);
    if (!d) throw new ApiError('CONFLICT', 'That run was not started from the app (its bars cannot be found again here): resume it with the CLI');
    const bars = this.barsOf(run);
    const next: Live = { handle: null as unknown as OptimizationHandle, last: null, paused: false };
    this.live.set(runId, next);
    try {
      next.handle = resumeOptimization(bars, runId, {
        workers: this.o.config?.workers ?? 0,
        store: this.store,
        dataSource: run.dataSource ?? undefined,
        progressIntervalMs: this.o.config?.progressMs ?? PROGRESS_MS,
        onProgress: (p) => this.onProgress(next, p),
      });
    } catch (err) {
      this.live.delete(runId);
      throw new ApiError('CONFLICT', (err as Error).message);
    }
    this.inVsOutCache.delete(runId);
    this.follow(runId, next);
    return this.summary(this.requireRun(runId));
  }

  async cancel(runId: string): Promise<TrainingRunSummary> {
    const live = this.live.get(runId);
    if (live) {
      live.handle.cancel();
      await live.handle.done.catch(() => undefined);
      return this.summary(this.requireRun(runId));
    }
    const run = this.requireRun(runId);
    if (run.status === 'paused' || run.status === 'running') {
      this.store.setStatus(runId, 'cancelled');
      this.emitFinal(runId);
      return this.summary(this.requireRun(runId));
    }
    throw new ApiError('CONFLICT', `Run ${runId} is not running (${run.status})`);
  }

  runs(): TrainingRunSummary[] {
    const rows = this.o.db.prepare('SELECT id FROM training_runs ORDER BY created_at DESC, id LIMIT 200').all() as { id: string }[];
    return rows.map(({ id }) => this.store.getRun(id)).filter((r): r is RunRecord => r !== null).map((r) => this.summary(r));
  }

  run(runId: string, top: number): TrainingRunDetail {
    const run = this.requireRun(runId);
    const spec = run.spec as OptimizeSpec;
    const d = parseDescriptor(run.dataSource);
    const all = [...this.store.trials(runId).values()];
    const search = all.filter((t) => t.phase === 'search').sort((a, b) => a.idx - b.idx);
    const leaderboard = rankTrials(search).slice(0, top).map((t, k): TrainingLeaderboardRow => ({
      rank: k + 1,
      trialId: slotKey(t),
      params: t.params,
      status: t.status,
      objective: t.objective,
      reason: t.reason,
      trades: t.metrics?.tradeCount ?? null,
      netProfit: t.netProfit,
      sharpe: t.metrics?.sharpe ?? null,
      maxDrawdown: t.metrics?.maxDrawdown ?? null,
      winRate: t.metrics?.winRate ?? null,
      profitFactor: t.metrics?.profitFactor ?? null,
    }));
    const bestHistory: { trial: number; objective: number }[] = [];
    let best: number | null = null;
    search.forEach((t, k) => {
      if (t.status === 'ok' && t.objective !== null && (best === null || t.objective > best)) {
        best = t.objective;
        bestHistory.push({ trial: k + 1, objective: best });
      }
    });
    if (best !== null && bestHistory[bestHistory.length - 1]!.trial !== search.length) bestHistory.push({ trial: search.length, objective: best });
    const names = spec.ranges.map((r) => r.name);
    const scatter = {
      params: names,
      points: thin(search, MAX_SCATTER).map((t) => ({ values: names.map((n) => t.params[n] ?? ''), objective: t.status === 'ok' ? t.objective : null })),
    };
    const report = (run.status === 'done' ? run.summary : null) as OptimizationReport | null;
    // Of the search (the leaderboard's trials); the checks' trials count in done/total.
    const count = (s: TrialRecord['status']) => search.filter((t) => t.status === s).length;
    const sens = report?.sensitivity ?? null;
    const mc = report?.monte_carlo ?? null;
    const wf = report?.walk_forward ?? null;
    return {
      summary: this.summary(run),
      spec: {
        ranges: spec.ranges.map((r) => ({ name: r.name, text: r.text })),
        fixed: (spec.fixed ?? {}) as Record<string, string | number | boolean>,
        seed: spec.seed,
        minTrades: spec.minTrades ?? 1,
        fees: { makerBps: spec.backtest?.fees?.makerBps ?? 0, takerBps: spec.backtest?.fees?.takerBps ?? 0, perUnit: spec.backtest?.fees?.perUnit ?? 0 },
        slippage: d?.slippage ?? { kind: spec.backtest?.slippage?.kind ?? 'fixed', bps: 0 },
        walkForward: spec.walkForward ? { mode: spec.walkForward.mode, folds: spec.walkForward.folds } : null,
        holdout: spec.holdout ?? null,
      },
      leaderboard,
      bestHistory: thin(bestHistory, 1_000),
      scatter,
      inVsOut: report?.best ? this.inVsOut(run, report.best.params) : null,
      walkForward: wf
        ? {
            mode: wf.mode,
            folds: wf.folds.map((f) => ({
              fold: f.fold,
              trainFrom: f.train.from_time,
              trainTo: f.train.to_time,
              testFrom: f.test.from_time,
              testTo: f.test.to_time,
              bestParams: f.best_params,
              inSample: f.in_sample,
              outOfSample: f.out_of_sample,
              outOfSampleReason: f.out_of_sample_reason,
            })),
            inSampleMean: wf.in_sample_mean,
            outOfSampleMean: wf.out_of_sample_mean,
            efficiency: wf.efficiency,
          }
        : null,
      sensitivity:
        sens && 'x' in sens
          ? { x: sens.x, y: sens.y, objective: sens.objective, bestIsolated: sens.best_isolated, neighbourMedian: sens.neighbour_median }
          : null,
      sensitivitySkipped: sens && 'skipped' in sens ? sens.skipped : null,
      monteCarlo: mc ? { runs: mc.runs, trades: mc.trades, finalEquity: mc.final_equity, maxDrawdown: mc.max_drawdown, lossProbability: mc.loss_probability } : null,
      warnings: report?.warnings ?? [],
      trialsByStatus: { ok: count('ok'), undefined: count('undefined'), pruned: count('pruned'), error: count('error'), invalid: count('invalid') },
    };
  }

  trial(runId: string, trialId: string): TrainingTrialDetail {
    const run = this.requireRun(runId);
    const slot = parseTrialId(trialId);
    const record = this.store.trials(runId).get(slotKey(slot));
    if (!record) throw new ApiError('NOT_FOUND', `Run ${runId} has no trial ${trialId} (yet)`);
    const bars = this.barsOf(run);
    const window = this.windowOf(run, bars, slot);
    const side = this.evaluate(run, bars, record.params, window, 'Trial');
    return {
      runId,
      trialId: slotKey(slot),
      params: record.params,
      status: record.status,
      objective: record.objective,
      reason: record.reason,
      result: side.metrics,
      equity: side.equity,
      trades: side.trades.slice(0, MAX_TRADES),
      tradesTotal: side.trades.length,
    };
  }

  /** Puts a trial's params on a bot: a new version of an existing bot, or a new (stopped) bot. */
  async applyToBot(input: ApplyInput, actor: string): Promise<BotDetail> {
    const run = this.requireRun(input.runId);
    const record = this.store.trials(input.runId).get(slotKey(parseTrialId(input.trialId)));
    if (!record) throw new ApiError('NOT_FOUND', `Run ${input.runId} has no trial ${input.trialId}`);
    if (record.status === 'invalid' || record.status === 'error') throw new ApiError('CONFLICT', `That trial did not run (${record.reason ?? record.status}): pick another`);
    const d = parseDescriptor(run.dataSource);
    if (input.botId !== undefined) {
      const bot = this.o.bots.get(input.botId);
      const c = bot.config;
      if (c.strategyId !== run.strategyId) {
        throw new ApiError('CONFLICT', `Bot "${c.name}" runs ${c.strategyId}, the run trained ${run.strategyId}: create a new bot instead`, { botId: 'runs another strategy' });
      }
      const config = BotConfigInput.parse({
        name: c.name,
        strategyId: c.strategyId,
        params: { ...c.params, ...record.params },
        symbols: c.symbols,
        timeframe: c.timeframe,
        accountId: c.accountId,
        mode: c.mode,
        sizing: c.sizing,
        risk: c.risk ?? undefined,
        tradingHours: c.tradingHours,
        cooldownBars: c.cooldownBars,
        maxOpenPositions: c.maxOpenPositions,
        confirmLive: input.confirmLive,
      });
      return this.o.bots.update(input.botId, config, actor);
    }
    const create = input.createBot!;
    const config = BotConfigInput.parse({
      name: create.name,
      strategyId: run.strategyId,
      params: record.params,
      symbols: [d?.symbol ?? 'ACME'],
      timeframe: d?.timeframe ?? '1m',
      accountId: create.accountId,
      mode: create.mode,
      sizing: { method: 'fixed_qty', params: { qty: 1 } },
      confirmLive: input.confirmLive,
    });
    return this.o.bots.create(config, actor);
  }

  /** Stops every run (they stay resumable) and writes what is queued. */
  async close(): Promise<void> {
    this.closing = true;
    const ids = [...this.live.keys()];
    const runs = [...this.live.values()];
    for (const l of runs) l.handle.cancel();
    await Promise.all(runs.map((l) => l.handle.done.catch(() => undefined)));
    // A run stopped by the app closing was interrupted, not cancelled by the user.
    for (const id of ids) this.store.setStatus(id, 'paused', { error: 'interrupted when the app stopped: resume to finish it' });
    this.live.clear();
    this.store.close();
  }

  /** Waits for a run to end (tests). */
  async settled(runId: string): Promise<void> {
    await this.live.get(runId)?.handle.done.catch(() => undefined);
  }

  // ---------------------------------------------------------------------------------------

  private closing = false;

  private follow(runId: string, live: Live): void {
    live.handle.done.then(
      () => undefined,
      (err: unknown) => this.o.log.warn('training run failed', { runId, error: String(err) }),
    ).finally(() => {
      if (this.live.get(runId) === live) this.live.delete(runId);
      if (!this.closing) this.emitFinal(runId);
    });
  }

  private onProgress(live: Live, p: OptimizeProgress): void {
    live.last = p;
    live.paused = p.paused;
    this.o.emit({
      runId: p.runId,
      status: p.paused ? 'paused' : 'running',
      phase: p.phase,
      done: p.done,
      total: p.total,
      trialsPerSec: p.trialsPerSec,
      etaSec: p.etaMs === null ? null : Math.round(p.etaMs / 1000),
      best: p.best,
    });
  }

  private emitFinal(runId: string): void {
    const run = this.store.getRun(runId);
    if (!run) return;
    const s = this.summary(run);
    this.o.emit({ runId, status: s.status, phase: s.status, done: s.done, total: s.total, trialsPerSec: 0, etaSec: null, best: s.best });
  }

  private requireRun(runId: string): RunRecord {
    const run = this.store.getRun(runId);
    if (!run) throw new ApiError('NOT_FOUND', `There is no training run ${runId}`);
    return run;
  }

  private summary(run: RunRecord): TrainingRunSummary {
    const spec = run.spec as OptimizeSpec;
    const d = parseDescriptor(run.dataSource);
    const live = this.live.get(run.id);
    const report = (run.status === 'done' || run.status === 'cancelled' ? run.summary : null) as OptimizationReport | null;
    let done: number;
    let total: number;
    let best: TrainingRunSummary['best'] = null;
    if (live?.last) {
      done = live.last.done;
      total = live.last.total;
      best = live.last.best;
    } else if (report && run.status === 'done') {
      // Planned totals are estimates (the sensitivity cells); a finished run did all it had to.
      done = report.trials.finished;
      total = report.trials.finished;
      best = report.best ? { params: report.best.params, objective: report.best.objective } : null;
    } else {
      const trials = [...this.store.trials(run.id).values()];
      done = trials.length;
      total = Math.max(done, spec.trials);
      const top = rankTrials(trials.filter((t) => t.phase === 'search'))[0];
      best = top?.status === 'ok' && top.objective !== null ? { params: top.params, objective: top.objective } : null;
    }
    const status = live ? (live.paused ? 'paused' : 'running') : run.status;
    return {
      id: run.id,
      name: d?.name ?? run.strategyId,
      status,
      createdAt: run.createdAt,
      strategyId: run.strategyId,
      strategyName: builtIns.get(run.strategyId)?.name ?? run.strategyId,
      symbol: d?.symbol ?? '',
      timeframe: d?.timeframe ?? '1m',
      from: d?.from ?? 0,
      to: d?.to ?? 0,
      bars: d?.bars ?? 0,
      method: spec.method,
      objective: spec.objective,
      trials: d?.trials ?? spec.trials,
      done,
      total,
      best,
      error: run.error,
      live: live !== undefined,
    };
  }

  private readBars(symbol: string, timeframe: StartInput['timeframe'], from: number, to: number): Bars {
    const minutes = this.o.bars.range({ source: 'sample', symbol, timeframe: '1m', from, to, limit: MAX_MINUTES });
    const cols = aggregateBars(minutes, timeframe);
    return copyBars({ length: cols.t.length, t: cols.t, o: cols.o, h: cols.h, l: cols.l, c: cols.c, v: cols.v }, (this.o.config?.workers ?? 0) > 0);
  }

  private barsOf(run: RunRecord): Bars {
    const cached = this.barCache.get(run.id);
    if (cached) return cached;
    const d = parseDescriptor(run.dataSource);
    if (!d) throw new ApiError('CONFLICT', 'That run was not started from the app: its bars cannot be found here');
    const bars = this.readBars(d.symbol, d.timeframe, d.from, d.to);
    this.barCache.set(run.id, bars);
    while (this.barCache.size > 4) this.barCache.delete(this.barCache.keys().next().value!);
    return bars;
  }

  private windows(run: RunRecord, bars: Bars): { inSample: BarRange; holdout: BarRange | null } {
    const spec = run.spec as OptimizeSpec;
    const split = spec.holdout ? splitHoldout(bars.length, spec.holdout) : null;
    return { inSample: split ? split.inSample : { from: 0, to: bars.length }, holdout: split?.holdout ?? null };
  }

  private windowOf(run: RunRecord, bars: Bars, slot: { phase: string; fold: number }): BarRange {
    const spec = run.spec as OptimizeSpec;
    const w = this.windows(run, bars);
    if (slot.phase === 'holdout' && w.holdout) return w.holdout;
    if ((slot.phase === 'fold' || slot.phase === 'fold-test') && spec.walkForward) {
      const fold = walkForwardFolds(w.inSample, spec.walkForward)[slot.fold];
      if (fold) return slot.phase === 'fold' ? fold.train : fold.test;
    }
    return w.inSample;
  }

  private inVsOut(run: RunRecord, params: ParamSet): TrainingRunDetail['inVsOut'] {
    const cached = this.inVsOutCache.get(run.id);
    if (cached !== undefined) return cached;
    let out: TrainingRunDetail['inVsOut'] = null;
    try {
      const bars = this.barsOf(run);
      const w = this.windows(run, bars);
      out = {
        inSample: this.evaluate(run, bars, params, w.inSample, 'In-sample').metrics,
        outOfSample: w.holdout ? this.evaluate(run, bars, params, w.holdout, 'Out-of-sample (holdout)').metrics : null,
      };
    } catch (err) {
      this.o.log.warn('training: in/out-of-sample metrics failed', { runId: run.id, error: String(err) });
    }
    this.inVsOutCache.set(run.id, out);
    return out;
  }

  private evaluate(
    run: RunRecord,
    bars: Bars,
    params: ParamSet,
    window: BarRange,
    label: string,
  ): { metrics: TrainingSideMetrics; equity: TrainingTrialDetail['equity']; trades: TrainingTrialDetail['trades'] } {
    const spec = run.spec as OptimizeSpec;
    const def: StrategyDefinition | undefined = builtIns.get(run.strategyId);
    if (!def) throw new ApiError('CONFLICT', `The strategy ${run.strategyId} of this run is not in this build`);
    const result = runBacktest(bars, def.create(resolveParams(def, params)), backtestConfig(spec.backtest ?? {}), { from: window.from, to: window.to, feedFrom: 0 });
    const report = backtestReport(bars, result);
    const objective = evaluateObjective(parseObjective(spec.objective, spec.minTrades ?? 1), report.metrics, report.net_profit);
    const n = result.equity.length;
    const idx = thin(
      Array.from({ length: n }, (_, i) => i),
      MAX_EQUITY_POINTS,
    );
    return {
      metrics: {
        label,
        from: n > 0 ? bars.t[window.from]! * 1000 : null,
        to: n > 0 ? bars.t[window.from + n - 1]! * 1000 : null,
        bars: n,
        objective: objective.value,
        objectiveReason: objective.reason,
        netProfit: report.net_profit,
        trades: report.trades,
        metrics: report.metrics,
      },
      equity: { t: idx.map((i) => bars.t[window.from + i]!), equity: idx.map((i) => Math.round(result.equity[i]! * 100) / 100) },
      trades: report.trade_list.map((t) => ({
        side: t.side,
        qty: t.qty,
        entryTime: t.entry_time,
        entryPrice: t.entry_price,
        exitTime: t.exit_time,
        exitPrice: t.exit_price,
        pnl: t.pnl,
        fees: t.fees,
        barsHeld: t.bars_held,
        entryReason: t.entry_reason,
        exitReason: t.exit_reason,
      })),
    };
  }
}

type ParsedOutput<N extends 'training.strategies'> = import('../../../shared/contract').OutputOf<N>;

type TrainingChannel = 'training.strategies' | 'training.start' | 'training.pause' | 'training.resume' | 'training.cancel' | 'training.runs' | 'training.run' | 'training.trial' | 'training.applyToBot';

/** The training channels (shared/contract/training.ts), answered by the service. */
export function trainingHandlers(training: TrainingService): Pick<Handlers, TrainingChannel> {
  return {
    'training.strategies': () => training.strategies(),
    'training.start': (input) => training.start(input),
    'training.pause': (input) => training.pause(input.runId),
    'training.resume': (input) => training.resume(input.runId),
    'training.cancel': (input) => training.cancel(input.runId),
    'training.runs': () => training.runs(),
    'training.run': (input) => training.run(input.runId, input.top),
    'training.trial': (input) => training.trial(input.runId, input.trialId),
    'training.applyToBot': (input, ctx) => training.applyToBot(input, `training@${ctx.caller}`),
  };
}
