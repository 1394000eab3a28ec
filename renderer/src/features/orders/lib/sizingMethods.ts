import type { SizingMethod } from '../../../../../shared/contract';

export interface SizingParam {
  name: string;
  label: string;
  /** Filled in when the helper opens; empty means "the engine's default" or required. */
  initial: string;
  placeholder?: string;
}

/** The engine's six sizing methods, with the parameters each takes (names as the engine reads them). */
export const SIZING_METHODS: ReadonlyArray<{ method: SizingMethod; label: string; params: readonly SizingParam[] }> = [
  { method: 'pct_equity', label: '% of equity', params: [{ name: 'pct', label: 'Percent of equity', initial: '2' }] },
  {
    method: 'risk_per_trade',
    label: 'Risk per trade',
    params: [
      { name: 'riskPct', label: 'Risk (% of equity)', initial: '1' },
      { name: 'stopDistance', label: 'Stop distance (price)', initial: '', placeholder: 'e.g. 2.50' },
    ],
  },
  {
    method: 'volatility_atr',
    label: 'Volatility (ATR)',
    params: [
      { name: 'riskPct', label: 'Risk (% of equity)', initial: '1' },
      { name: 'atrMultiple', label: 'Stop at ATR ×', initial: '2' },
      { name: 'period', label: 'ATR period (1m bars)', initial: '14' },
    ],
  },
  { method: 'fixed_notional', label: 'Fixed amount', params: [{ name: 'notional', label: 'Amount', initial: '', placeholder: 'e.g. 5000' }] },
  { method: 'fixed_qty', label: 'Fixed quantity', params: [{ name: 'qty', label: 'Quantity', initial: '' }] },
  {
    method: 'kelly',
    label: 'Fractional Kelly',
    params: [
      { name: 'winRate', label: 'Win rate (0–1)', initial: '', placeholder: 'e.g. 0.55' },
      { name: 'payoff', label: 'Payoff (avg win / avg loss)', initial: '', placeholder: 'e.g. 1.5' },
      { name: 'fraction', label: 'Kelly fraction', initial: '0.5' },
      { name: 'capPct', label: 'Cap (% of equity)', initial: '20' },
    ],
  },
];

export function initialParams(method: SizingMethod): Record<string, string> {
  const found = SIZING_METHODS.find((m) => m.method === method);
  return Object.fromEntries((found?.params ?? []).map((p) => [p.name, p.initial]));
}
