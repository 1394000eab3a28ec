import type { SizingMethod } from '../../../../../shared/contract';

/** The engine's sizing methods as a bot uses them: one unit of the strategy's target (see electron/core/bots/botSizing.ts). */
export const BOT_SIZING_METHODS: ReadonlyArray<{ method: SizingMethod; label: string; params: ReadonlyArray<{ name: string; label: string; initial: string }> }> = [
  { method: 'fixed_qty', label: 'Fixed quantity', params: [{ name: 'qty', label: 'Quantity', initial: '10' }] },
  { method: 'fixed_notional', label: 'Fixed amount', params: [{ name: 'notional', label: 'Amount', initial: '1000' }] },
  { method: 'pct_equity', label: '% of equity', params: [{ name: 'pct', label: 'Percent of equity', initial: '2' }] },
  {
    method: 'risk_per_trade',
    label: 'Risk per trade',
    params: [
      { name: 'riskPct', label: 'Risk (% of equity)', initial: '1' },
      { name: 'stopDistance', label: 'Stop distance (price)', initial: '' },
    ],
  },
  {
    method: 'volatility_atr',
    label: 'Volatility (ATR)',
    params: [
      { name: 'riskPct', label: 'Risk (% of equity)', initial: '1' },
      { name: 'atrMultiple', label: 'Stop at ATR ×', initial: '2' },
      { name: 'period', label: 'ATR period (bars)', initial: '14' },
    ],
  },
  {
    method: 'kelly',
    label: 'Fractional Kelly',
    params: [
      { name: 'winRate', label: 'Win rate (0–1)', initial: '' },
      { name: 'payoff', label: 'Payoff (avg win / avg loss)', initial: '' },
      { name: 'fraction', label: 'Kelly fraction', initial: '0.5' },
      { name: 'capPct', label: 'Cap (% of equity)', initial: '20' },
    ],
  },
];

export function sizingParamsOf(method: SizingMethod): ReadonlyArray<{ name: string; label: string; initial: string }> {
  return BOT_SIZING_METHODS.find((m) => m.method === method)?.params ?? [];
}
