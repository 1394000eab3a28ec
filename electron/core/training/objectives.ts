/**
 * What the optimizer maximises. One metric, or a weighted sum written
 * `sharpe:0.6,calmar:0.4`. A trial's objective is undefined (null, with the reason) when it
 * made no trade, made fewer than the required minimum, or when a metric the objective needs
 * is undefined for it (e.g. Sharpe without variance, profit factor without a losing trade).
 * Undefined trials are ranked after every defined one: the leaderboard never holds NaN.
 */
import type { Metrics } from '../../../shared/contract/portfolio';

export type ObjectiveMetric = 'sharpe' | 'sortino' | 'calmar' | 'profit_factor' | 'net_profit' | 'total_return';
export const OBJECTIVE_METRICS: readonly ObjectiveMetric[] = ['sharpe', 'sortino', 'calmar', 'profit_factor', 'net_profit', 'total_return'];

export interface ObjectiveTerm {
  readonly metric: ObjectiveMetric;
  readonly weight: number;
}

export interface Objective {
  readonly terms: readonly ObjectiveTerm[];
  /** Trials with fewer closed trades have no objective. Default 1. */
  readonly minTrades: number;
  /** As written, for reports. */
  readonly label: string;
}

export interface ObjectiveValue {
  readonly value: number | null;
  readonly reason: string | null;
}

const WHY_UNDEFINED: Record<ObjectiveMetric, string> = {
  sharpe: 'Sharpe is undefined: fewer than two daily returns, or no variance',
  sortino: 'Sortino is undefined: fewer than two daily returns, or no losing day',
  calmar: 'Calmar is undefined: no drawdown',
  profit_factor: 'profit factor is undefined: no losing trade',
  net_profit: 'net profit is undefined',
  total_return: 'total return is undefined',
};

export function parseObjective(text: string, minTrades = 1): Objective {
  const parts = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (parts.length === 0) throw new Error(`objective is empty; use one of ${OBJECTIVE_METRICS.join(', ')} or a weighted sum like sharpe:0.5,calmar:0.5`);
  const terms: ObjectiveTerm[] = parts.map((part) => {
    const [name, weightText] = part.split(':').map((s) => s.trim());
    const metric = name!.replace(/-/g, '_') as ObjectiveMetric;
    if (!OBJECTIVE_METRICS.includes(metric)) throw new Error(`unknown objective "${name}"; use one of ${OBJECTIVE_METRICS.join(', ')}`);
    const weight = weightText === undefined ? 1 : Number(weightText);
    if (!Number.isFinite(weight) || weight === 0) throw new Error(`objective weight for ${metric} must be a non-zero number, got "${weightText}"`);
    return { metric, weight };
  });
  if (new Set(terms.map((t) => t.metric)).size !== terms.length) throw new Error('objective names a metric twice');
  if (!Number.isInteger(minTrades) || minTrades < 1) throw new Error(`minimum trades must be a whole number >= 1, got ${minTrades}`);
  return { terms, minTrades, label: text };
}

export function metricValue(metric: ObjectiveMetric, m: Metrics, netProfit: number): number | null {
  switch (metric) {
    case 'sharpe':
      return m.sharpe;
    case 'sortino':
      return m.sortino;
    case 'calmar':
      return m.calmar;
    case 'profit_factor':
      return m.profitFactor;
    case 'net_profit':
      return Number.isFinite(netProfit) ? netProfit : null;
    case 'total_return':
      return m.totalReturn;
  }
}

export function evaluateObjective(objective: Objective, m: Metrics, netProfit: number): ObjectiveValue {
  if (m.tradeCount === 0) return { value: null, reason: 'no trades' };
  if (m.tradeCount < objective.minTrades) return { value: null, reason: `${m.tradeCount} trades, fewer than the minimum ${objective.minTrades}` };
  let sum = 0;
  for (const term of objective.terms) {
    const v = metricValue(term.metric, m, netProfit);
    if (v === null || !Number.isFinite(v)) return { value: null, reason: WHY_UNDEFINED[term.metric] };
    sum += term.weight * v;
  }
  return Number.isFinite(sum) ? { value: sum, reason: null } : { value: null, reason: 'objective is not a finite number' };
}

/** Higher first; undefined (null) last; ties keep their order. */
export function compareObjective(a: number | null, b: number | null): number {
  if (a === null) return b === null ? 0 : 1;
  if (b === null) return -1;
  return b - a;
}
