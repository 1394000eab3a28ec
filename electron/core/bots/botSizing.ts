/**
 * One sizing unit of a bot: what `target(1)` means in instrument units, by the bot's
 * sizing method (electron/core/risk/sizing.ts does the arithmetic, rounded down to lots).
 */
import type { BotSizing, SizingMethod } from '../../../shared/contract';
import { Decimal, parseUserDecimal } from '../domain/decimal';
import type { TradingRules } from '../domain/instrument';
import {
  SizingError,
  atr,
  fixedNotional,
  fixedQuantity,
  fractionalKelly,
  percentOfEquity,
  riskPerTrade,
  volatilityScaled,
  type Bars,
  type PositionSize,
} from '../risk/sizing';

interface ParamRule {
  /** Used when the param is not given; undefined = required. */
  fallback?: number;
  check: (v: Decimal) => string | null;
}

const positive = (label: string) => (v: Decimal) => (v.gt(0) ? null : `${label} must be above 0`);
const percent = (label: string) => (v: Decimal) => (v.gt(0) && v.lte(100) ? null : `${label} is a percentage above 0 and at most 100`);

const RULES: Record<SizingMethod, Record<string, ParamRule>> = {
  fixed_qty: { qty: { check: positive('The quantity') } },
  fixed_notional: { notional: { check: positive('The amount') } },
  pct_equity: { pct: { check: percent('The percent of equity') } },
  risk_per_trade: { riskPct: { check: percent('The risk per trade') }, stopDistance: { check: positive('The stop distance') } },
  volatility_atr: {
    riskPct: { check: percent('The risk per trade') },
    atrMultiple: { fallback: 2, check: positive('The ATR multiple') },
    period: { fallback: 14, check: (v) => (v.isInteger() && v.gte(1) && v.lte(500) ? null : 'The ATR period is a whole number of bars from 1 to 500') },
  },
  kelly: {
    winRate: { check: (v) => (v.gte(0) && v.lte(1) ? null : 'The win rate is a probability from 0 to 1 (0.55 for 55%)') },
    payoff: { check: positive('The payoff ratio') },
    fraction: { fallback: 0.5, check: (v) => (v.gt(0) && v.lte(1) ? null : 'The Kelly fraction is above 0 and at most 1') },
    capPct: { fallback: 20, check: percent('The Kelly cap') },
  },
};

/** Problems with a sizing choice, by field (`sizing.params.<name>`), for the wizard. */
export function sizingProblems(sizing: BotSizing): Record<string, string> {
  const rules = RULES[sizing.method];
  const out: Record<string, string> = {};
  for (const key of Object.keys(sizing.params)) {
    if (!(key in rules)) out[`sizing.params.${key}`] = `The ${sizing.method.replace(/_/g, ' ')} method has no parameter "${key}"`;
  }
  for (const [name, rule] of Object.entries(rules)) {
    const raw = sizing.params[name];
    if (raw === undefined) {
      if (rule.fallback === undefined) out[`sizing.params.${name}`] = `The ${sizing.method.replace(/_/g, ' ')} method needs "${name}"`;
      continue;
    }
    const v = parseUserDecimal(raw);
    const problem = v === null ? `"${name}" must be a number` : rule.check(v);
    if (problem) out[`sizing.params.${name}`] = problem;
  }
  return out;
}

/** Bars the ATR method needs (period + 1), or 0. */
export function atrBarsNeeded(sizing: BotSizing): number {
  if (sizing.method !== 'volatility_atr') return 0;
  return Number(sizing.params.period ?? 14) + 1;
}

export interface UnitInputs {
  price: Decimal;
  rules: TradingRules;
  equity: () => Decimal | null;
  /** The bot's recent bars of its timeframe, oldest first (for the ATR method). */
  bars: () => Bars | null;
}

/** The size of one unit; throws SizingError with the reason when it cannot be computed. */
export function unitSize(sizing: BotSizing, i: UnitInputs): PositionSize {
  const rules = RULES[sizing.method];
  const num = (name: string): Decimal => {
    const raw = sizing.params[name];
    const v = raw === undefined ? null : parseUserDecimal(raw);
    if (v !== null) return v;
    const fallback = rules[name]?.fallback;
    if (fallback === undefined) throw new SizingError(`The sizing needs "${name}"`);
    return new Decimal(fallback);
  };
  const equity = () => {
    const e = i.equity();
    if (e === null) throw new SizingError('The account equity is not known yet');
    return e;
  };
  const lot = { lotSize: i.rules.lotSize, minQty: i.rules.minQty };
  const price = i.price;
  switch (sizing.method) {
    case 'fixed_qty':
      return fixedQuantity({ qty: num('qty'), price, lot });
    case 'fixed_notional':
      return fixedNotional({ notional: num('notional'), price, lot });
    case 'pct_equity':
      return percentOfEquity({ equity: equity(), pct: num('pct'), price, lot });
    case 'risk_per_trade':
      return riskPerTrade({ equity: equity(), riskPct: num('riskPct'), stopDistance: num('stopDistance'), price, lot });
    case 'volatility_atr': {
      const period = num('period').toNumber();
      const bars = i.bars();
      if (!bars) throw new SizingError('No bars yet to measure the ATR');
      return volatilityScaled({ equity: equity(), riskPct: num('riskPct'), atr: atr(bars, period), atrMultiple: num('atrMultiple'), price, lot });
    }
    case 'kelly':
      return fractionalKelly({ equity: equity(), winRate: num('winRate'), payoff: num('payoff'), fraction: num('fraction'), capPct: num('capPct'), price, lot });
  }
}
