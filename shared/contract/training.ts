import { z } from 'zod';
import { event, invoke } from './define';
import { EpochMs, Symbol } from './common';
import { Timeframe } from './market';
import { BotDetail, BotId, BotMode, ParamValue, StrategyParamSpec } from './bots';
import { Metrics } from './portfolio';

/**
 * Training: optimisation runs of a strategy's parameters over stored bars (the engine is
 * electron/core/training; the service that wires it to these channels is
 * electron/core/training/service.ts). A run is searched, then checked (walk-forward,
 * holdout, sensitivity, Monte Carlo) and kept in the database, so it survives a restart
 * and can be resumed where it stopped.
 *
 * Objectives are never NaN here: a trial whose objective is undefined carries `objective:
 * null` and the reason, and ranks after every trial that has one.
 */

export const TrainingRunId = z.string().min(1).max(64);
/** A trial of a run: "<phase>/<fold>/<idx>", e.g. "search/-1/12" (phase search, no fold, 13th trial). */
export const TrainingTrialId = z.string().min(1).max(80);

export const TrainingObjective = z.enum(['sharpe', 'sortino', 'calmar', 'profit_factor', 'net_profit', 'total_return']);
export type TrainingObjective = z.infer<typeof TrainingObjective>;
export const TrainingMethod = z.enum(['grid', 'random', 'tpe']);
export type TrainingMethod = z.infer<typeof TrainingMethod>;
export const TrainingRunStatus = z.enum(['running', 'paused', 'cancelled', 'done', 'failed']);
export type TrainingRunStatus = z.infer<typeof TrainingRunStatus>;

const finite = (what: string) => z.number({ error: `${what} must be a number` }).refine(Number.isFinite, `${what} must be a finite number`);

/**
 * One parameter to vary: numbers as min/max/step (step optional: the param's own step, or
 * a continuous range for floats under random/TPE), or a list of values (enums, booleans,
 * or hand-picked numbers).
 */
export const TrainingParamRange = z
  .object({
    name: z.string().min(1).max(64),
    min: finite('min').optional(),
    max: finite('max').optional(),
    step: finite('step').optional(),
    values: z.array(ParamValue).min(1, 'the list of values is empty').max(1_000).optional(),
  })
  .strict()
  .superRefine((r, ctx) => {
    if (r.values !== undefined) {
      if (r.min !== undefined || r.max !== undefined || r.step !== undefined) {
        ctx.addIssue({ code: 'custom', message: `${r.name}: give either a list of values or min/max/step, not both` });
      }
      return;
    }
    if (r.min === undefined || r.max === undefined) {
      ctx.addIssue({ code: 'custom', message: `${r.name}: the range is empty; give a min and a max (or a list of values)` });
      return;
    }
    if (r.min > r.max) ctx.addIssue({ code: 'custom', path: ['min'], message: `${r.name}: the range is inverted (min ${r.min} > max ${r.max}); write the smaller value first` });
    if (r.step !== undefined && !(r.step > 0)) ctx.addIssue({ code: 'custom', path: ['step'], message: `${r.name}: the step must be above 0, got ${r.step}` });
  });
export type TrainingParamRange = z.infer<typeof TrainingParamRange>;

/** The data period: an explicit window (epoch ms, from inclusive, to exclusive), or the last N days of stored bars. */
export const TrainingPeriod = z.union([
  z
    .object({ from: EpochMs, to: EpochMs })
    .strict()
    .refine((p) => p.from < p.to, { message: 'the period is empty or inverted: its start must be before its end', path: ['to'] }),
  z.object({ lastDays: z.number().positive('the number of days must be above 0').max(3_650) }).strict(),
]);
export type TrainingPeriod = z.infer<typeof TrainingPeriod>;

export const TrainingFees = z
  .object({
    /** On the notional of limit fills. */
    makerBps: z.number().min(0, 'fees cannot be negative').max(1_000).default(0),
    /** On the notional of market and stop fills. */
    takerBps: z.number().min(0, 'fees cannot be negative').max(1_000).default(0),
    perUnit: z.number().min(0, 'fees cannot be negative').default(0),
  })
  .strict();

/** Slippage against the trader on taker fills (electron/core/training/config.ts): fixed bps, half a spread, or square-root volume impact. */
export const TrainingSlippage = z
  .object({
    kind: z.enum(['fixed', 'spread', 'volume']),
    bps: z.number().min(0, 'slippage cannot be negative').max(1_000),
  })
  .strict();

export const TrainingWalkForward = z
  .object({
    mode: z.enum(['rolling', 'anchored']),
    folds: z.number().int().min(1, 'at least one fold').max(20, 'at most 20 folds'),
  })
  .strict();

export const TrainingStartInput = z
  .object({
    strategyId: z.string().min(1).max(64),
    /** One symbol per run. */
    symbols: z.array(Symbol).min(1, 'pick a symbol').max(1, 'a run trains on one symbol'),
    source: z.literal('sample').default('sample'),
    period: TrainingPeriod,
    timeframe: Timeframe,
    fees: TrainingFees.default({ makerBps: 0, takerBps: 0, perUnit: 0 }),
    slippage: TrainingSlippage.default({ kind: 'fixed', bps: 0 }),
    ranges: z.array(TrainingParamRange).min(1, 'give at least one parameter range').max(8),
    /** Params held fixed (the strategy's defaults otherwise). */
    fixed: z.record(z.string().max(64), ParamValue).default({}),
    objective: TrainingObjective.default('sharpe'),
    /** Trials with fewer closed trades have no objective. */
    minTrades: z.number().int().min(1).max(10_000).default(1),
    method: TrainingMethod.default('grid'),
    /** Trials per search for random and TPE; grid runs every point (refused above this budget). */
    trials: z.number().int().min(1, 'the trial budget must be at least 1').max(20_000),
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
    walkForward: TrainingWalkForward.nullable().optional(),
    /** Fraction of the bars (at the end) held out of the search, to test the best on. */
    holdout: z.number().gt(0, 'the holdout must be above 0').max(0.5, 'hold out at most half of the bars').nullable().optional(),
    /** A name for the runs list (default: strategy, symbol and timeframe). */
    name: z.string().trim().max(80).optional(),
  })
  .strict();
export type TrainingStartInput = z.input<typeof TrainingStartInput>;

export const TrainingStrategy = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  params: z.array(StrategyParamSpec),
});
export type TrainingStrategy = z.infer<typeof TrainingStrategy>;

export const TrainingBest = z.object({ params: z.record(z.string(), ParamValue), objective: z.number() });

/** A row of the runs list. */
export const TrainingRunSummary = z.object({
  id: z.string(),
  name: z.string(),
  status: TrainingRunStatus,
  createdAt: EpochMs,
  strategyId: z.string(),
  strategyName: z.string(),
  symbol: z.string(),
  timeframe: Timeframe,
  from: EpochMs,
  to: EpochMs,
  bars: z.number().int(),
  method: TrainingMethod,
  objective: z.string(),
  trials: z.number().int(),
  done: z.number().int(),
  total: z.number().int(),
  best: TrainingBest.nullable(),
  error: z.string().nullable(),
  /** Whether pause/resume/cancel apply now. */
  live: z.boolean(),
});
export type TrainingRunSummary = z.infer<typeof TrainingRunSummary>;

export const TrainingTrialStatus = z.enum(['ok', 'undefined', 'pruned', 'error', 'invalid']);

export const TrainingLeaderboardRow = z.object({
  rank: z.number().int(),
  trialId: TrainingTrialId,
  params: z.record(z.string(), ParamValue),
  status: TrainingTrialStatus,
  objective: z.number().nullable(),
  /** Why the objective is undefined (no trades, Sharpe without variance ...), or why the trial failed. */
  reason: z.string().nullable(),
  trades: z.number().int().nullable(),
  netProfit: z.number().nullable(),
  sharpe: z.number().nullable(),
  maxDrawdown: z.number().nullable(),
  winRate: z.number().nullable(),
  profitFactor: z.number().nullable(),
});
export type TrainingLeaderboardRow = z.infer<typeof TrainingLeaderboardRow>;

const Percentiles = z.object({ p5: z.number(), p25: z.number(), p50: z.number(), p75: z.number(), p95: z.number() });

export const TrainingSideMetrics = z.object({
  label: z.string(),
  from: EpochMs.nullable(),
  to: EpochMs.nullable(),
  bars: z.number().int(),
  objective: z.number().nullable(),
  objectiveReason: z.string().nullable(),
  netProfit: z.number(),
  trades: z.number().int(),
  metrics: Metrics,
});
export type TrainingSideMetrics = z.infer<typeof TrainingSideMetrics>;

export const TrainingRunDetail = z.object({
  summary: TrainingRunSummary,
  /** What the run was started with (normalised). */
  spec: z.object({
    ranges: z.array(z.object({ name: z.string(), text: z.string() })),
    fixed: z.record(z.string(), ParamValue),
    seed: z.number().int(),
    minTrades: z.number().int(),
    fees: z.object({ makerBps: z.number(), takerBps: z.number(), perUnit: z.number() }),
    slippage: z.object({ kind: z.string(), bps: z.number() }),
    walkForward: z.object({ mode: z.string(), folds: z.number().int() }).nullable(),
    holdout: z.number().nullable(),
  }),
  /** Best first; trials without an objective last, each with its reason. */
  leaderboard: z.array(TrainingLeaderboardRow),
  /** The best objective after each search trial (trial order), for the "best so far" chart. */
  bestHistory: z.array(z.object({ trial: z.number().int(), objective: z.number() })),
  /** Every search trial's varying params and objective (null: undefined, with reason in the leaderboard). */
  scatter: z.object({
    params: z.array(z.string()),
    points: z.array(z.object({ values: z.array(ParamValue), objective: z.number().nullable() })),
  }),
  /** The best's metrics in-sample and on the held-out bars (null without a holdout or before the run is done). */
  inVsOut: z.object({ inSample: TrainingSideMetrics, outOfSample: TrainingSideMetrics.nullable() }).nullable(),
  walkForward: z
    .object({
      mode: z.string(),
      folds: z.array(
        z.object({
          fold: z.number().int(),
          trainFrom: z.string(),
          trainTo: z.string(),
          testFrom: z.string(),
          testTo: z.string(),
          bestParams: z.record(z.string(), ParamValue).nullable(),
          inSample: z.number().nullable(),
          outOfSample: z.number().nullable(),
          outOfSampleReason: z.string().nullable(),
        }),
      ),
      inSampleMean: z.number().nullable(),
      outOfSampleMean: z.number().nullable(),
      efficiency: z.number().nullable(),
    })
    .nullable(),
  /** Parameter stability around the best: rows y, columns x; null cells had no objective. */
  sensitivity: z
    .object({
      x: z.object({ param: z.string(), values: z.array(ParamValue) }),
      y: z.object({ param: z.string(), values: z.array(ParamValue) }).nullable(),
      objective: z.array(z.array(z.number().nullable())),
      bestIsolated: z.boolean(),
      neighbourMedian: z.number().nullable(),
    })
    .nullable(),
  sensitivitySkipped: z.string().nullable(),
  monteCarlo: z
    .object({
      runs: z.number().int(),
      trades: z.number().int(),
      finalEquity: Percentiles,
      maxDrawdown: Percentiles,
      lossProbability: z.number(),
    })
    .nullable(),
  warnings: z.array(z.string()),
  trialsByStatus: z.object({ ok: z.number().int(), undefined: z.number().int(), pruned: z.number().int(), error: z.number().int(), invalid: z.number().int() }),
});
export type TrainingRunDetail = z.infer<typeof TrainingRunDetail>;

export const TrainingTrade = z.object({
  side: z.enum(['long', 'short']),
  qty: z.number(),
  entryTime: z.string(),
  entryPrice: z.number(),
  exitTime: z.string(),
  exitPrice: z.number(),
  pnl: z.number(),
  fees: z.number(),
  barsHeld: z.number().int(),
  entryReason: z.string(),
  exitReason: z.string(),
});
export type TrainingTrade = z.infer<typeof TrainingTrade>;

export const TrainingTrialDetail = z.object({
  runId: z.string(),
  trialId: TrainingTrialId,
  params: z.record(z.string(), ParamValue),
  status: TrainingTrialStatus,
  objective: z.number().nullable(),
  reason: z.string().nullable(),
  /** Over the window the trial ran on (in-sample for a search trial). */
  result: TrainingSideMetrics,
  /** Equity at each bar's close, epoch seconds (thinned to at most 2000 points). */
  equity: z.object({ t: z.array(z.number()), equity: z.array(z.number()) }),
  trades: z.array(TrainingTrade),
  tradesTotal: z.number().int(),
});
export type TrainingTrialDetail = z.infer<typeof TrainingTrialDetail>;

export const TrainingProgress = z.object({
  runId: z.string(),
  status: TrainingRunStatus,
  phase: z.string(),
  done: z.number().int(),
  total: z.number().int(),
  trialsPerSec: z.number(),
  etaSec: z.number().nullable(),
  best: TrainingBest.nullable(),
});
export type TrainingProgress = z.infer<typeof TrainingProgress>;

const ByRun = z.object({ runId: TrainingRunId }).strict();

export const TrainingApplyInput = z
  .object({
    runId: TrainingRunId,
    trialId: TrainingTrialId,
    /** Update this bot's params (a new version; it must run the same strategy). */
    botId: BotId.optional(),
    /** Or create a bot (stopped) on the run's strategy, symbol and timeframe. */
    createBot: z
      .object({
        name: z.string().trim().min(1).max(64),
        accountId: z.string().min(1).max(64),
        mode: BotMode,
      })
      .strict()
      .optional(),
    confirmLive: z.boolean().optional(),
  })
  .strict()
  .refine((x) => (x.botId === undefined) !== (x.createBot === undefined), { message: 'give either botId (update a bot) or createBot (a new bot)', path: ['botId'] });

export const trainingChannels = {
  'training.strategies': invoke('Strategies that can be trained, with their parameters and valid ranges.', z.object({}).strict().default({}), z.array(TrainingStrategy)),
  'training.start': invoke(
    'Start an optimisation run on stored bars. Refused with a message per field: empty or inverted ranges, a period with no data, a grid above the trial budget.',
    TrainingStartInput,
    z.object({ runId: z.string() }),
  ),
  'training.pause': invoke('Pause a running run (trials in flight finish).', ByRun, TrainingRunSummary),
  'training.resume': invoke('Resume a paused, cancelled or interrupted run: stored trials are reused, only the rest run.', ByRun, TrainingRunSummary),
  'training.cancel': invoke('Stop a run; what finished stays stored and it can be resumed later.', ByRun, TrainingRunSummary),
  'training.runs': invoke('Every run, newest first, with its status and progress.', z.object({}).strict().default({}), z.array(TrainingRunSummary)),
  'training.run': invoke(
    'One run: leaderboard, best-so-far history, parameter scatter, in- vs out-of-sample, sensitivity heatmap, Monte Carlo, warnings.',
    z.object({ runId: TrainingRunId, top: z.number().int().min(1).max(200).default(20) }).strict(),
    TrainingRunDetail,
  ),
  'training.trial': invoke('One trial again in full: its equity curve and trades.', z.object({ runId: TrainingRunId, trialId: TrainingTrialId }).strict(), TrainingTrialDetail),
  'training.applyToBot': invoke("Put a trial's params on a bot: update an existing bot, or create one (stopped).", TrainingApplyInput, BotDetail),
} as const;

export const trainingEvents = {
  'training.progress': event('Progress of a run (at most about 4 a second per run), and its status when it changes.', TrainingProgress),
} as const;
