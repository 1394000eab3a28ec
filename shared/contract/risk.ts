import { z } from 'zod';
import { event, invoke } from './define';
import { DecimalString, EpochMs, NumberLike } from './common';

export const TradingState = z.enum(['ACTIVE', 'REDUCING', 'HALTED']);
export type TradingState = z.infer<typeof TradingState>;

export const DrawdownLevel = z.enum(['normal', 'caution', 'warning', 'critical', 'emergency']);
export type DrawdownLevel = z.infer<typeof DrawdownLevel>;

const Limit = DecimalString.nullable();
const LimitIn = NumberLike.nullable().optional();

/**
 * Pre-trade limits of one account (or one bot). Null means "no limit". Money is in the
 * account's currency; percentages are percent (5 = 5%).
 */
export const RiskLimits = z.object({
  maxOrderQty: Limit,
  maxOrderNotional: Limit,
  maxPositionQty: Limit,
  maxPositionNotional: Limit,
  maxPositionPctEquity: Limit,
  maxGrossExposure: Limit,
  maxNetExposure: Limit,
  maxOpenOrders: z.number().int().nullable(),
  maxOrdersPerMinute: z.number().int().nullable(),
  /** Refuse a limit price further than this from the last price (percent). */
  priceCollarPct: Limit,
  /** Halt new positions when today's loss reaches this (a positive amount). */
  dailyLossLimit: Limit,
  /** Trailing drawdown from the equity peak, percent, at which each level starts. */
  drawdown: z
    .object({ cautionPct: DecimalString, warningPct: DecimalString, criticalPct: DecimalString, emergencyPct: DecimalString })
    .nullable(),
  /** In caution, order sizes are cut to this fraction of the limits (e.g. 0.5). */
  cautionSizeFactor: DecimalString,
  /** US equities only during the session (New York time, holidays), unless extended hours are allowed. */
  enforceMarketHours: z.boolean(),
  allowExtendedHours: z.boolean(),
  /** The ticket asks for confirmation before the same symbol, side and quantity again within this many seconds. */
  duplicateWindowSec: z.number().int(),
});
export type RiskLimits = z.infer<typeof RiskLimits>;

export const RiskLimitsInput = z
  .object({
    maxOrderQty: LimitIn,
    maxOrderNotional: LimitIn,
    maxPositionQty: LimitIn,
    maxPositionNotional: LimitIn,
    maxPositionPctEquity: LimitIn,
    maxGrossExposure: LimitIn,
    maxNetExposure: LimitIn,
    maxOpenOrders: z.number().int().nullable().optional(),
    maxOrdersPerMinute: z.number().int().nullable().optional(),
    priceCollarPct: LimitIn,
    dailyLossLimit: LimitIn,
    drawdown: z
      .object({ cautionPct: NumberLike, warningPct: NumberLike, criticalPct: NumberLike, emergencyPct: NumberLike })
      .strict()
      .nullable()
      .optional(),
    cautionSizeFactor: NumberLike.optional(),
    enforceMarketHours: z.boolean().optional(),
    allowExtendedHours: z.boolean().optional(),
    duplicateWindowSec: z.number().int().optional(),
  })
  .strict();
export type RiskLimitsInput = z.input<typeof RiskLimitsInput>;

export const RiskScope = z.union([
  z.object({ accountId: z.string().min(1).max(64) }).strict(),
  z.object({ botId: z.string().min(1).max(64) }).strict(),
]);
export type RiskScope = z.infer<typeof RiskScope>;

/** An editable group of symbols (a sector, or correlated names) with a gross exposure limit. */
export const RiskGroup = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['sector', 'correlation']),
  symbols: z.array(z.string()),
  maxGrossNotional: Limit,
});
export type RiskGroup = z.infer<typeof RiskGroup>;

export const RiskGroupInput = z
  .object({
    id: z.string().min(1).max(64).optional(),
    name: z.string().trim().min(1).max(64),
    kind: z.enum(['sector', 'correlation']),
    symbols: z.array(z.string().min(1).max(32)).max(500),
    maxGrossNotional: LimitIn,
  })
  .strict();

export const RiskUsage = z.object({
  check: z.string(),
  label: z.string(),
  used: DecimalString,
  limit: DecimalString,
  /** used / limit, 0..1+ */
  fraction: z.number(),
});
export type RiskUsage = z.infer<typeof RiskUsage>;

export const RiskDenial = z.object({
  at: EpochMs,
  accountId: z.string(),
  owner: z.string(),
  symbol: z.string(),
  check: z.string(),
  reason: z.string(),
});
export type RiskDenial = z.infer<typeof RiskDenial>;

export const KillSwitch = z.object({
  engaged: z.boolean(),
  at: EpochMs.nullable(),
  by: z.string().nullable(),
  reason: z.string().nullable(),
  cancelOpen: z.boolean(),
  flatten: z.boolean(),
});
export type KillSwitch = z.infer<typeof KillSwitch>;

export const RiskStatus = z.object({
  accountId: z.string(),
  state: TradingState,
  /** Why the state is what it is (kill switch, drawdown level, daily loss, or the user). */
  stateReason: z.string().nullable(),
  killSwitch: KillSwitch,
  drawdownLevel: DrawdownLevel,
  equity: DecimalString,
  equityPeak: DecimalString,
  drawdownPct: DecimalString,
  dayPnl: DecimalString,
  usage: z.array(RiskUsage),
  recentDenials: z.array(RiskDenial),
});
export type RiskStatus = z.infer<typeof RiskStatus>;

export const SizingMethod = z.enum(['fixed_qty', 'fixed_notional', 'pct_equity', 'risk_per_trade', 'volatility_atr', 'kelly']);
export type SizingMethod = z.infer<typeof SizingMethod>;

export const SizingInput = z
  .object({
    accountId: z.string().max(64).optional(),
    symbol: z.string().min(1).max(32),
    method: SizingMethod,
    /** fixed_qty: qty; fixed_notional: amount; pct_equity: percent; risk_per_trade: riskPct + stopDistance;
     *  volatility_atr: riskPct + atrMultiple (ATR from bars); kelly: winRate, payoff (avg win / avg loss), fraction, capPct. */
    params: z.record(z.string(), NumberLike),
    price: NumberLike.optional(),
  })
  .strict();

export const SizingResult = z.object({
  qty: DecimalString,
  notional: DecimalString,
  /** How it was computed, in words. */
  explanation: z.string(),
});
export type SizingResult = z.infer<typeof SizingResult>;

export const riskChannels = {
  'risk.status': invoke(
    'Trading state, kill switch, drawdown level, limit usage and recent denials of an account.',
    z.object({ accountId: z.string().max(64).optional() }).strict().default({}),
    RiskStatus,
  ),
  'risk.limits.get': invoke('The limits of an account or a bot.', RiskScope, RiskLimits),
  'risk.limits.set': invoke(
    'Change limits. Contradictory or negative limits are refused with the reason; nothing is saved then.',
    z.object({ scope: RiskScope, limits: RiskLimitsInput }).strict(),
    RiskLimits,
  ),
  'risk.groups.list': invoke('Sector and correlation groups.', z.object({}).strict().default({}), z.array(RiskGroup)),
  'risk.groups.save': invoke('Create or change a group. Unknown symbols are refused.', RiskGroupInput, RiskGroup),
  'risk.groups.delete': invoke('Delete a group.', z.object({ id: z.string().min(1).max(64) }).strict(), z.object({ deleted: z.literal(true) })),
  'risk.setState': invoke(
    'Set the trading state of an account: ACTIVE, or REDUCING (only orders that shrink positions). HALTED is the kill switch.',
    z.object({ accountId: z.string().max(64).optional(), state: z.enum(['ACTIVE', 'REDUCING']) }).strict(),
    RiskStatus,
  ),
  'risk.killSwitch': invoke(
    'Halt all new orders on every account at once; optionally cancel open orders and flatten positions. Survives restarts.',
    z.object({ cancelOpen: z.boolean().default(true), flatten: z.boolean().default(false), reason: z.string().max(200).optional() }).strict(),
    KillSwitch,
  ),
  'risk.releaseKillSwitch': invoke(
    'Lift the kill switch. Only the user can; the confirmation must be the word RESUME.',
    z.object({ confirm: z.string().max(16) }).strict(),
    KillSwitch,
  ),
  'sizing.compute': invoke('Position size for the ticket or a bot.', SizingInput, SizingResult),
} as const;

export const riskEvents = {
  'risk.changed': event('Risk status of an account after a change (state, kill switch, usage, denial).', RiskStatus),
} as const;
