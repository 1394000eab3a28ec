import { z } from 'zod';
import { event, invoke } from './define';
import { DecimalString, EpochMs, NumberLike, Symbol } from './common';
import { Timeframe } from './market';
import { RiskLimitsInput, SizingMethod } from './risk';

/**
 * Bots: a strategy run on an account's bars, deciding once per closed bar of its
 * timeframe, with every decision logged as a trace of gates ("why no trade").
 *
 * Modes:
 * - paper: trades on a paper account (the local simulator or a broker's paper account);
 * - live: trades on a live account whose live trading is enabled, started with an explicit confirmation;
 * - shadow: decides and logs like live, but never sends an order (any account).
 * A paper-mode bot on a live account is refused: on a live account a bot either trades
 * live or runs in shadow (see electron/core/bots/validation.ts).
 */

export const BotId = z.string().min(1).max(64);

export const BotMode = z.enum(['paper', 'shadow', 'live']);
export type BotMode = z.infer<typeof BotMode>;

export const BotState = z.enum(['stopped', 'warming_up', 'running', 'paused', 'errored']);
export type BotState = z.infer<typeof BotState>;

const HourMinute = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time as HH:MM (24-hour)');

/**
 * The hours a bot may open or grow positions, in a time zone (IANA name, e.g.
 * "America/New_York"). `start` is inclusive and `end` exclusive; an end before the start
 * spans midnight. `days` are ISO weekdays of the window's start (1 = Monday ... 7 = Sunday).
 * Orders that only reduce a position are allowed outside the window.
 */
export const TradingHours = z
  .object({
    timeZone: z.string().min(1).max(64),
    start: HourMinute,
    end: HourMinute,
    days: z.array(z.number().int().min(1).max(7)).min(1).max(7).default([1, 2, 3, 4, 5, 6, 7]),
  })
  .strict();
export type TradingHours = z.infer<typeof TradingHours>;

/** How one unit of a strategy's target is sized (see electron/core/risk/sizing.ts for each method's params). */
export const BotSizing = z
  .object({
    method: SizingMethod,
    params: z.record(z.string().max(32), NumberLike),
  })
  .strict();
export type BotSizing = z.infer<typeof BotSizing>;

export const ParamValue = z.union([z.number(), z.string().max(64), z.boolean()]);

/** What the wizard sends to create a bot or to save a new version of it. */
export const BotConfigInput = z
  .object({
    name: z.string().trim().min(1).max(64),
    strategyId: z.string().min(1).max(64),
    params: z.record(z.string().max(64), ParamValue).default({}),
    symbols: z.array(Symbol).min(1).max(50),
    timeframe: Timeframe,
    accountId: z.string().min(1).max(64),
    mode: BotMode,
    sizing: BotSizing,
    /** Limits of this bot on top of its account's (the stricter of the two applies). */
    risk: RiskLimitsInput.optional(),
    tradingHours: TradingHours.nullable().optional(),
    /** Bars of the bot's timeframe to wait on a symbol after an order before opening or growing again. */
    cooldownBars: z.number().int().min(0).max(10_000).default(0),
    /** Symbols the bot may hold positions in at once; null = as many as it trades. */
    maxOpenPositions: z.number().int().min(1).max(1_000).nullable().default(null),
    /** Required (true) when the bot is saved in live mode on a live account. */
    confirmLive: z.boolean().optional(),
  })
  .strict();
export type BotConfigInput = z.input<typeof BotConfigInput>;

/** One saved version of a bot's configuration. */
export const BotConfig = z.object({
  id: z.string(),
  version: z.number().int(),
  name: z.string(),
  strategyId: z.string(),
  /** Every parameter, defaults filled in, checked against the strategy's ranges and relations. */
  params: z.record(z.string(), ParamValue),
  symbols: z.array(z.string()),
  timeframe: Timeframe,
  accountId: z.string(),
  mode: BotMode,
  sizing: z.object({ method: SizingMethod, params: z.record(z.string(), z.union([z.string(), z.number()])) }),
  risk: RiskLimitsInput.nullable(),
  tradingHours: TradingHours.nullable(),
  cooldownBars: z.number().int(),
  maxOpenPositions: z.number().int().nullable(),
});
export type BotConfig = z.infer<typeof BotConfig>;

export const BotStatus = z.object({
  state: BotState,
  /** Why: the error, what warm-up waits for, who paused it. */
  reason: z.string().nullable(),
  /** strategy: the strategy threw or hung; venue: the venue could not be reached; internal: the engine. */
  errorKind: z.enum(['strategy', 'venue', 'internal']).nullable(),
  since: EpochMs,
  /** Last time the bot's strategy host answered (a ping or an evaluation), wall clock. */
  heartbeatAt: EpochMs.nullable(),
  /** During warm-up: bars of the timeframe the slowest symbol has, and the bars needed. */
  warmup: z.object({ have: z.number().int(), need: z.number().int() }).nullable(),
  /** When an errored bot will be restarted automatically, if it will. */
  restartAt: EpochMs.nullable(),
  /** What the user asked for; it survives restarts (a running bot resumes when the app starts). */
  desired: z.enum(['running', 'paused', 'stopped']),
});
export type BotStatus = z.infer<typeof BotStatus>;

export const GateResult = z.object({
  /** signal, strategy:<name>, cooldown, open_positions, trading_hours, sizing, order, risk:<check>, venue ... */
  gate: z.string(),
  passed: z.boolean(),
  detail: z.string(),
});
export type GateResult = z.infer<typeof GateResult>;

/** One decision of a bot on one symbol at the close of one bar. */
export const Decision = z.object({
  id: z.number().int(),
  botId: z.string(),
  botVersion: z.number().int(),
  symbol: z.string(),
  /** Open time of the decided bar (of the bot's timeframe), epoch ms. */
  barTime: EpochMs,
  /** When the decision was made, in the market's clock, epoch ms. */
  at: EpochMs,
  mode: BotMode,
  /** buy / sell: an order was (or, in shadow or when blocked, would have been) placed; hold: nothing to do. */
  action: z.enum(['buy', 'sell', 'hold']),
  /** The strategy's target, sized; null when it stated none this bar. */
  target: z
    .object({
      units: z.number(),
      qty: DecimalString.nullable(),
      orderType: z.enum(['market', 'limit', 'stop']),
      price: z.number().nullable(),
    })
    .nullable(),
  /** The bot's position before the decision, in instrument units. */
  position: DecimalString,
  /** Order quantity (unsigned) for buy / sell. */
  qty: DecimalString.nullable(),
  /** The strategy's reason, or the blocking gate's detail. */
  reason: z.string(),
  gates: z.array(GateResult),
  /** The first gate that failed, or null. */
  blockedBy: z.string().nullable(),
  orderId: z.string().nullable(),
  /** True when an order went to the OMS (never in shadow mode). */
  sent: z.boolean(),
});
export type Decision = z.infer<typeof Decision>;

export const BotPosition = z.object({
  symbol: z.string(),
  /** The bot's own position: the sum of its orders' fills (signed). */
  qty: DecimalString,
  avgPrice: DecimalString,
  unrealizedPnl: DecimalString.nullable(),
});
export type BotPosition = z.infer<typeof BotPosition>;

/** A row of the bots panel. */
export const BotSummary = z.object({
  id: z.string(),
  name: z.string(),
  strategyId: z.string(),
  strategyName: z.string(),
  version: z.number().int(),
  mode: BotMode,
  accountId: z.string(),
  symbols: z.array(z.string()),
  timeframe: Timeframe,
  status: BotStatus,
  /** From the bot's own fills at current marks, fees included, in the account currency. */
  pnl: z.object({ today: DecimalString, total: DecimalString, currency: z.string() }),
  positions: z.array(BotPosition),
  lastDecision: Decision.nullable(),
  createdAt: EpochMs,
  updatedAt: EpochMs,
});
export type BotSummary = z.infer<typeof BotSummary>;

export const BotDetail = z.object({ summary: BotSummary, config: BotConfig });
export type BotDetail = z.infer<typeof BotDetail>;

export const BotVersion = z.object({
  version: z.number().int(),
  createdAt: EpochMs,
  actor: z.string(),
  /** What changed from the previous version, in words ("created", "params.fast 10 -> 12"). */
  change: z.string(),
  config: BotConfig,
});
export type BotVersion = z.infer<typeof BotVersion>;

export const StrategyParamSpec = z.object({
  name: z.string(),
  label: z.string(),
  kind: z.enum(['int', 'float', 'enum', 'bool']),
  default: z.union([z.number(), z.string(), z.boolean()]),
  min: z.number().optional(),
  max: z.number().optional(),
  step: z.number().optional(),
  options: z.array(z.string()).optional(),
  help: z.string().optional(),
});
export type StrategyParamSpec = z.infer<typeof StrategyParamSpec>;

export const StrategyInfo = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  params: z.array(StrategyParamSpec),
  /** Bars needed before the first decision with the default parameters. */
  warmupBars: z.number().int(),
});
export type StrategyInfo = z.infer<typeof StrategyInfo>;

/** A bot that holds, or is aiming for, a position in a symbol (the ticket's "a bot trades this" warning). */
export const BotHolding = z.object({
  botId: z.string(),
  name: z.string(),
  mode: BotMode,
  state: BotState,
  position: DecimalString,
  /** The strategy's last target in units, when the bot is active on the symbol. */
  targetUnits: z.number().nullable(),
});
export type BotHolding = z.infer<typeof BotHolding>;

const ById = z.object({ botId: BotId }).strict();

export const botsChannels = {
  'bots.list': invoke('Every bot with its status, P&L, positions and last decision.', z.object({}).strict().default({}), z.array(BotSummary)),
  'bots.get': invoke('One bot: its summary and its current configuration.', ById, BotDetail),
  'bots.create': invoke(
    'Create a bot (stopped). Refused field by field: params out of range, symbols the account cannot trade, a timeframe the data source lacks, live on a paper account or without confirmLive.',
    BotConfigInput,
    BotDetail,
  ),
  'bots.update': invoke(
    'Save a new version of a bot (the whole configuration). A bot that is running or paused restarts on the new version.',
    z.object({ botId: BotId, config: BotConfigInput }).strict(),
    BotDetail,
  ),
  'bots.duplicate': invoke('Copy a bot (stopped, version 1). The copy of a live bot starts in shadow mode.', z.object({ botId: BotId, name: z.string().trim().min(1).max(64).optional() }).strict(), BotDetail),
  'bots.delete': invoke('Delete a stopped bot; its versions and audit stay, its decisions go.', ById, z.object({ deleted: z.literal(true) })),
  'bots.start': invoke(
    'Start (or resume) a bot: warm-up from stored bars, then one decision per closed bar. A live bot needs confirmLive.',
    z.object({ botId: BotId, confirmLive: z.boolean().optional() }).strict(),
    BotSummary,
  ),
  'bots.stop': invoke('Stop a bot. Its positions and open orders stay as they are.', ById, BotSummary),
  'bots.pause': invoke('Pause a bot: it keeps its indicators up to date but decides nothing until started again.', ById, BotSummary),
  'bots.strategies': invoke('The strategies bots can run, with parameter specs and valid ranges.', z.object({}).strict().default({}), z.array(StrategyInfo)),
  'bots.decisions': invoke(
    'Decisions of a bot, newest first. before: a decision id to page back from.',
    z
      .object({
        botId: BotId,
        blockedOnly: z.boolean().optional(),
        symbol: Symbol.optional(),
        before: z.number().int().positive().optional(),
        limit: z.number().int().min(1).max(1_000).default(100),
      })
      .strict(),
    z.object({ decisions: z.array(Decision), nextBefore: z.number().int().nullable() }),
  ),
  'bots.exportDecisions': invoke(
    "A bot's whole decision log as JSON Lines (one decision per line, oldest first), for the UI to save.",
    ById,
    z.object({ fileName: z.string(), contentType: z.literal('application/x-ndjson'), count: z.number().int(), text: z.string() }),
  ),
  'bots.versions': invoke('Every saved version of a bot, newest first.', ById, z.array(BotVersion)),
  'bots.holding': invoke(
    'Bots holding or targeting a position in a symbol on an account.',
    z.object({ accountId: z.string().min(1).max(64).optional(), symbol: Symbol }).strict(),
    z.array(BotHolding),
  ),
} as const;

export const botsEvents = {
  'bots.changed': event('Every bot summary after a change (status, P&L, positions, last decision).', z.object({ bots: z.array(BotSummary) })),
  'bots.decision': event('New decisions since the last event, oldest first.', z.object({ decisions: z.array(Decision) })),
} as const;
