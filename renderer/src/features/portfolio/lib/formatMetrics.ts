import type { Metrics } from '../../../../../shared/contract';
import { EMPTY_VALUE, formatSignedMoney } from '../../../lib/format';

/** 3d 4h, 5h 12m, 42m, 30s: a duration as a trader reads it. */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms) || ms < 0) return EMPTY_VALUE;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${m % 60}m`;
  const d = Math.floor(h / 24);
  return `${d}d ${h % 24}h`;
}

const plainPercent = (fraction: number) => `${(fraction * 100).toFixed(2)}%`;
const signedPercent = (fraction: number) => `${fraction > 0 ? '+' : ''}${(fraction * 100).toFixed(2)}%`;
const ratio = (value: number) => value.toFixed(2);

export interface MetricRow {
  key: string;
  label: string;
  /** What it measures, for the row's tooltip. */
  help: string;
  value: string;
  /** Why it is empty, when it is. */
  missing: string | null;
  tone?: 'up' | 'down';
}

function row(
  key: string,
  label: string,
  help: string,
  value: number | null,
  format: (value: number) => string,
  missing: string,
  tone?: (value: number) => 'up' | 'down' | undefined,
): MetricRow {
  if (value === null || !Number.isFinite(value)) return { key, label, help, value: EMPTY_VALUE, missing };
  return { key, label, help, value: format(value), missing: null, tone: tone?.(value) };
}

const bySign = (value: number) => (value > 0 ? 'up' : value < 0 ? 'down' : undefined);
const NEED_DAYS = 'Not defined yet: needs daily returns over at least two market days, with some variation.';
const NEED_TRADES = 'Not defined yet: needs at least one closed trade (a buy and the sell that closes it, or the reverse).';

/** The metrics table's rows, each with a value or the reason it has none. */
export function metricRows(metrics: Metrics, currency: string): MetricRow[] {
  return [
    row('totalReturn', 'Total return', 'Last equity over the first of the window, minus one.', metrics.totalReturn, signedPercent, 'Not defined yet: needs two points on the equity curve.', bySign),
    row('sharpe', 'Sharpe ratio', 'Mean daily return over its standard deviation, annualised (252 days).', metrics.sharpe, ratio, NEED_DAYS, bySign),
    row('sortino', 'Sortino ratio', 'Like Sharpe, but only losing days count as risk.', metrics.sortino, ratio, NEED_DAYS, bySign),
    row('calmar', 'Calmar ratio', 'Annualised return over the maximum drawdown.', metrics.calmar, ratio, 'Not defined yet: needs daily returns and a drawdown.', bySign),
    row('maxDrawdown', 'Max drawdown', 'Largest fall of equity from a peak, as a fraction of the peak.', metrics.maxDrawdown, plainPercent, 'Not defined yet: equity has not fallen from a peak.', (v) => (v > 0 ? 'down' : undefined)),
    {
      key: 'maxDrawdownDuration',
      label: 'Max drawdown duration',
      help: 'Longest time from a peak until equity was back above it (or until now).',
      value: formatDuration(metrics.maxDrawdownDurationMs),
      missing: metrics.maxDrawdownDurationMs === null ? 'Not defined yet: equity has not fallen from a peak.' : null,
    },
    row('var95', 'VaR 95% (1 day)', 'Historical one-day Value at Risk: the loss exceeded on 5% of days, as a fraction of equity.', metrics.var95, plainPercent, 'Not defined yet: needs at least 20 daily returns.'),
    {
      key: 'tradeCount',
      label: 'Closed trades',
      help: 'Round trips: an entry and the exit that closed it.',
      value: String(metrics.tradeCount),
      missing: null,
    },
    row('winRate', 'Win rate', 'Closed trades with a profit over all closed trades.', metrics.winRate, plainPercent, NEED_TRADES),
    row('profitFactor', 'Profit factor', 'Gross profit over gross loss.', metrics.profitFactor, ratio, 'Not defined yet: needs a losing trade (nothing lost, nothing to divide by).'),
    row('avgWin', 'Average win', 'Mean P&L of the winning trades.', metrics.avgWin, (v) => formatSignedMoney(v, currency), 'Not defined yet: no winning trade.', bySign),
    row('avgLoss', 'Average loss', 'Mean P&L of the losing trades.', metrics.avgLoss, (v) => formatSignedMoney(v, currency), 'Not defined yet: no losing trade.', bySign),
    {
      key: 'avgHolding',
      label: 'Average holding',
      help: 'Mean time from entry to exit of the closed trades.',
      value: formatDuration(metrics.avgHoldingMs),
      missing: metrics.avgHoldingMs === null ? NEED_TRADES : null,
    },
    row('exposure', 'Time in market', 'Fraction of the window with a position open.', metrics.exposure, plainPercent, 'Not defined yet: needs two points on the equity curve.'),
    row('turnover', 'Turnover', 'Traded value over the average equity of the window.', metrics.turnover, (v) => `${v.toFixed(2)}×`, 'Not defined yet: no equity recorded.'),
  ];
}
