import { ZERO, type Decimal } from '../domain/decimal';
import { finiteOrNull } from './series';

/** What the statistics need of a closed trade. */
export interface TradeOutcome {
  pnl: Decimal;
  holdingMs: number;
}

export interface TradeStats {
  tradeCount: number;
  /** Trades with P&L > 0 over all trades; a break-even trade is not a win. */
  winRate: number | null;
  /** Gross profit / gross loss; null when nothing was lost (no division by zero, no Infinity). */
  profitFactor: number | null;
  /** Mean P&L of the winning trades. */
  avgWin: number | null;
  /** Mean P&L of the losing trades: a negative amount. */
  avgLoss: number | null;
  avgHoldingMs: number | null;
}

/**
 * Win rate, profit factor, average win and loss, average holding time. The sums are decimal
 * (they are money) and become floats only in the final division.
 */
export function tradeStats(trades: readonly TradeOutcome[]): TradeStats {
  let grossProfit = ZERO;
  let grossLoss = ZERO;
  let wins = 0;
  let losses = 0;
  let holding = 0;
  for (const t of trades) {
    if (t.pnl.gt(0)) {
      grossProfit = grossProfit.plus(t.pnl);
      wins++;
    } else if (t.pnl.lt(0)) {
      grossLoss = grossLoss.plus(t.pnl);
      losses++;
    }
    holding += t.holdingMs;
  }
  const n = trades.length;
  return {
    tradeCount: n,
    winRate: n === 0 ? null : wins / n,
    profitFactor: losses === 0 ? null : finiteOrNull(grossProfit.div(grossLoss.abs()).toNumber()),
    avgWin: wins === 0 ? null : finiteOrNull(grossProfit.div(wins).toNumber()),
    avgLoss: losses === 0 ? null : finiteOrNull(grossLoss.div(losses).toNumber()),
    avgHoldingMs: n === 0 ? null : finiteOrNull(holding / n),
  };
}
