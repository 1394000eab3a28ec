import type { RiskLimits, RiskLimitsInput } from '../../../shared/contract';
import { ApiError } from '../api/errors';
import { Decimal, decStr, parseUserDecimal } from '../domain/decimal';

/** Limits as the engine uses them: decimals, null = no limit. */
export interface Limits {
  maxOrderQty: Decimal | null;
  maxOrderNotional: Decimal | null;
  maxPositionQty: Decimal | null;
  maxPositionNotional: Decimal | null;
  maxPositionPctEquity: Decimal | null;
  maxGrossExposure: Decimal | null;
  maxNetExposure: Decimal | null;
  maxOpenOrders: number | null;
  maxOrdersPerMinute: number | null;
  priceCollarPct: Decimal | null;
  dailyLossLimit: Decimal | null;
  drawdown: { cautionPct: Decimal; warningPct: Decimal; criticalPct: Decimal; emergencyPct: Decimal } | null;
  cautionSizeFactor: Decimal;
  enforceMarketHours: boolean;
  allowExtendedHours: boolean;
  duplicateWindowSec: number;
}

/** Sensible defaults: a price collar, an order-rate throttle and the duplicate guard; the rest is the user's choice. */
export function defaultLimits(opts: { enforceMarketHours: boolean }): Limits {
  return {
    maxOrderQty: null,
    maxOrderNotional: null,
    maxPositionQty: null,
    maxPositionNotional: null,
    maxPositionPctEquity: null,
    maxGrossExposure: null,
    maxNetExposure: null,
    maxOpenOrders: 200,
    maxOrdersPerMinute: 120,
    priceCollarPct: new Decimal(10),
    dailyLossLimit: null,
    drawdown: null,
    cautionSizeFactor: new Decimal('0.5'),
    enforceMarketHours: opts.enforceMarketHours,
    allowExtendedHours: false,
    duplicateWindowSec: 5,
  };
}

const s = (d: Decimal | null) => (d === null ? null : decStr(d));

export function limitsToDto(l: Limits): RiskLimits {
  return {
    maxOrderQty: s(l.maxOrderQty),
    maxOrderNotional: s(l.maxOrderNotional),
    maxPositionQty: s(l.maxPositionQty),
    maxPositionNotional: s(l.maxPositionNotional),
    maxPositionPctEquity: s(l.maxPositionPctEquity),
    maxGrossExposure: s(l.maxGrossExposure),
    maxNetExposure: s(l.maxNetExposure),
    maxOpenOrders: l.maxOpenOrders,
    maxOrdersPerMinute: l.maxOrdersPerMinute,
    priceCollarPct: s(l.priceCollarPct),
    dailyLossLimit: s(l.dailyLossLimit),
    drawdown: l.drawdown
      ? {
          cautionPct: decStr(l.drawdown.cautionPct),
          warningPct: decStr(l.drawdown.warningPct),
          criticalPct: decStr(l.drawdown.criticalPct),
          emergencyPct: decStr(l.drawdown.emergencyPct),
        }
      : null,
    cautionSizeFactor: decStr(l.cautionSizeFactor),
    enforceMarketHours: l.enforceMarketHours,
    allowExtendedHours: l.allowExtendedHours,
    duplicateWindowSec: l.duplicateWindowSec,
  };
}

export function limitsFromDto(d: RiskLimits): Limits {
  const p = (x: string | null) => (x === null ? null : new Decimal(x));
  return {
    maxOrderQty: p(d.maxOrderQty),
    maxOrderNotional: p(d.maxOrderNotional),
    maxPositionQty: p(d.maxPositionQty),
    maxPositionNotional: p(d.maxPositionNotional),
    maxPositionPctEquity: p(d.maxPositionPctEquity),
    maxGrossExposure: p(d.maxGrossExposure),
    maxNetExposure: p(d.maxNetExposure),
    maxOpenOrders: d.maxOpenOrders,
    maxOrdersPerMinute: d.maxOrdersPerMinute,
    priceCollarPct: p(d.priceCollarPct),
    dailyLossLimit: p(d.dailyLossLimit),
    drawdown: d.drawdown
      ? {
          cautionPct: new Decimal(d.drawdown.cautionPct),
          warningPct: new Decimal(d.drawdown.warningPct),
          criticalPct: new Decimal(d.drawdown.criticalPct),
          emergencyPct: new Decimal(d.drawdown.emergencyPct),
        }
      : null,
    cautionSizeFactor: new Decimal(d.cautionSizeFactor),
    enforceMarketHours: d.enforceMarketHours,
    allowExtendedHours: d.allowExtendedHours,
    duplicateWindowSec: d.duplicateWindowSec,
  };
}

type Raw = string | number | null | undefined;

/** Collects every problem, so the user sees them all at once, field by field. */
class Problems {
  readonly fields: Record<string, string> = {};
  add(field: string, message: string) {
    this.fields[field] ??= message;
  }
  throwIfAny(): void {
    const list = Object.values(this.fields);
    if (list.length) throw new ApiError('BAD_REQUEST', `These limits cannot be saved: ${list.join('; ')}`, this.fields);
  }
}

function amount(p: Problems, field: string, label: string, raw: Raw, current: Decimal | null): Decimal | null {
  if (raw === undefined) return current;
  if (raw === null || raw === '') return null;
  const d = parseUserDecimal(raw);
  if (d === null) {
    p.add(field, `${label} must be a number`);
    return current;
  }
  if (d.lte(0)) p.add(field, `${label} must be greater than zero (leave it empty for no limit)`);
  return d;
}

function percent(p: Problems, field: string, label: string, raw: Raw, current: Decimal | null): Decimal | null {
  const d = amount(p, field, label, raw, current);
  if (d && d.gt(100)) p.add(field, `${label} is a percentage: at most 100`);
  return d;
}

function count(p: Problems, field: string, label: string, raw: number | null | undefined, current: number | null, max: number): number | null {
  if (raw === undefined) return current;
  if (raw === null) return null;
  if (raw < 1 || raw > max) p.add(field, `${label} must be between 1 and ${max}`);
  return raw;
}

/**
 * Applies a change to limits and refuses, with every reason, limits that are negative or
 * contradict each other: discovered when saved, never at order time.
 */
export function applyLimitsInput(current: Limits, input: RiskLimitsInput): Limits {
  const p = new Problems();
  const next: Limits = {
    maxOrderQty: amount(p, 'maxOrderQty', 'Maximum order quantity', input.maxOrderQty, current.maxOrderQty),
    maxOrderNotional: amount(p, 'maxOrderNotional', 'Maximum order value', input.maxOrderNotional, current.maxOrderNotional),
    maxPositionQty: amount(p, 'maxPositionQty', 'Maximum position quantity', input.maxPositionQty, current.maxPositionQty),
    maxPositionNotional: amount(p, 'maxPositionNotional', 'Maximum position value', input.maxPositionNotional, current.maxPositionNotional),
    maxPositionPctEquity: percent(p, 'maxPositionPctEquity', 'Maximum position % of equity', input.maxPositionPctEquity, current.maxPositionPctEquity),
    maxGrossExposure: amount(p, 'maxGrossExposure', 'Maximum gross exposure', input.maxGrossExposure, current.maxGrossExposure),
    maxNetExposure: amount(p, 'maxNetExposure', 'Maximum net exposure', input.maxNetExposure, current.maxNetExposure),
    maxOpenOrders: count(p, 'maxOpenOrders', 'Maximum open orders', input.maxOpenOrders, current.maxOpenOrders, 100_000),
    maxOrdersPerMinute: count(p, 'maxOrdersPerMinute', 'Maximum orders per minute', input.maxOrdersPerMinute, current.maxOrdersPerMinute, 100_000),
    priceCollarPct: percent(p, 'priceCollarPct', 'Price collar', input.priceCollarPct, current.priceCollarPct),
    dailyLossLimit: amount(p, 'dailyLossLimit', 'Daily loss limit', input.dailyLossLimit, current.dailyLossLimit),
    drawdown: current.drawdown,
    cautionSizeFactor: current.cautionSizeFactor,
    enforceMarketHours: input.enforceMarketHours ?? current.enforceMarketHours,
    allowExtendedHours: input.allowExtendedHours ?? current.allowExtendedHours,
    duplicateWindowSec: input.duplicateWindowSec ?? current.duplicateWindowSec,
  };
  if (input.drawdown === null) next.drawdown = null;
  else if (input.drawdown !== undefined) {
    const d = input.drawdown;
    const levels = {
      cautionPct: percent(p, 'drawdown.cautionPct', 'Caution drawdown', d.cautionPct, null),
      warningPct: percent(p, 'drawdown.warningPct', 'Warning drawdown', d.warningPct, null),
      criticalPct: percent(p, 'drawdown.criticalPct', 'Critical drawdown', d.criticalPct, null),
      emergencyPct: percent(p, 'drawdown.emergencyPct', 'Emergency drawdown', d.emergencyPct, null),
    };
    const { cautionPct, warningPct, criticalPct, emergencyPct } = levels;
    if (cautionPct && warningPct && criticalPct && emergencyPct) {
      if (!(cautionPct.lt(warningPct) && warningPct.lt(criticalPct) && criticalPct.lt(emergencyPct))) {
        p.add('drawdown', 'Drawdown levels must increase: caution < warning < critical < emergency');
      }
      next.drawdown = { cautionPct, warningPct, criticalPct, emergencyPct };
    }
  }
  if (input.cautionSizeFactor !== undefined) {
    const f = parseUserDecimal(input.cautionSizeFactor);
    if (f === null || f.lte(0) || f.gt(1)) p.add('cautionSizeFactor', 'The caution size factor is a fraction above 0 and at most 1 (0.5 halves sizes)');
    else next.cautionSizeFactor = f;
  }
  if (next.duplicateWindowSec < 0 || next.duplicateWindowSec > 3_600) p.add('duplicateWindowSec', 'The duplicate window is 0 to 3600 seconds');
  if (next.allowExtendedHours && !next.enforceMarketHours) {
    // Harmless, but it says the user misunderstood: extended hours only matter when hours are enforced.
    next.allowExtendedHours = false;
  }
  // Contradictions: a limit that makes another one unreachable or meaningless.
  if (next.maxOrderQty && next.maxPositionQty && next.maxOrderQty.gt(next.maxPositionQty)) {
    p.add('maxOrderQty', 'The maximum order quantity is above the maximum position quantity: no order could use it');
  }
  if (next.maxOrderNotional && next.maxPositionNotional && next.maxOrderNotional.gt(next.maxPositionNotional)) {
    p.add('maxOrderNotional', 'The maximum order value is above the maximum position value');
  }
  if (next.maxNetExposure && next.maxGrossExposure && next.maxNetExposure.gt(next.maxGrossExposure)) {
    p.add('maxNetExposure', 'Net exposure can never exceed gross exposure: lower the net limit or raise the gross one');
  }
  if (next.maxPositionNotional && next.maxGrossExposure && next.maxPositionNotional.gt(next.maxGrossExposure)) {
    p.add('maxPositionNotional', 'One position may not be larger than the whole gross exposure limit');
  }
  p.throwIfAny();
  return next;
}

/** The stricter of two limit sets (a bot's limits narrow its account's). */
export function stricter(a: Limits, b: Limits): Limits {
  const min = (x: Decimal | null, y: Decimal | null) => (x === null ? y : y === null ? x : Decimal.min(x, y));
  const minN = (x: number | null, y: number | null) => (x === null ? y : y === null ? x : Math.min(x, y));
  return {
    maxOrderQty: min(a.maxOrderQty, b.maxOrderQty),
    maxOrderNotional: min(a.maxOrderNotional, b.maxOrderNotional),
    maxPositionQty: min(a.maxPositionQty, b.maxPositionQty),
    maxPositionNotional: min(a.maxPositionNotional, b.maxPositionNotional),
    maxPositionPctEquity: min(a.maxPositionPctEquity, b.maxPositionPctEquity),
    maxGrossExposure: min(a.maxGrossExposure, b.maxGrossExposure),
    maxNetExposure: min(a.maxNetExposure, b.maxNetExposure),
    maxOpenOrders: minN(a.maxOpenOrders, b.maxOpenOrders),
    maxOrdersPerMinute: minN(a.maxOrdersPerMinute, b.maxOrdersPerMinute),
    priceCollarPct: min(a.priceCollarPct, b.priceCollarPct),
    dailyLossLimit: min(a.dailyLossLimit, b.dailyLossLimit),
    drawdown: a.drawdown ?? b.drawdown,
    cautionSizeFactor: Decimal.min(a.cautionSizeFactor, b.cautionSizeFactor),
    enforceMarketHours: a.enforceMarketHours || b.enforceMarketHours,
    allowExtendedHours: a.allowExtendedHours && b.allowExtendedHours,
    duplicateWindowSec: Math.max(a.duplicateWindowSec, b.duplicateWindowSec),
  };
}

/** A bot without limits of its own adds none to its account's. */
export const NO_LIMITS: Limits = {
  maxOrderQty: null,
  maxOrderNotional: null,
  maxPositionQty: null,
  maxPositionNotional: null,
  maxPositionPctEquity: null,
  maxGrossExposure: null,
  maxNetExposure: null,
  maxOpenOrders: null,
  maxOrdersPerMinute: null,
  priceCollarPct: null,
  dailyLossLimit: null,
  drawdown: null,
  cautionSizeFactor: new Decimal(1),
  enforceMarketHours: false,
  allowExtendedHours: true,
  duplicateWindowSec: 0,
};
