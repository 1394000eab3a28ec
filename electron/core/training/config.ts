/**
 * How a backtest turns intents into fills: sizing, slippage, fees, participation, protective
 * exits. Defaults are the honest-but-simple case: fixed quantity, no slippage, no fees, no cap.
 */

/**
 * Slippage, always against the trader, applied to taker fills only (market orders, stops
 * once triggered, the end-of-data liquidation); a limit order fills at its price or better.
 *
 * - fixed:  price * (1 ± bps / 1e4)
 * - spread: pays half a quoted spread: price * (1 ± spreadBps / 2e4)
 * - volume: square-root impact, price * (1 ± bps / 1e4 * sqrt(qty / bar volume)): `bps` is
 *           the cost of trading the whole bar's volume. Without a volume for the bar (NaN or
 *           0) the fill pays `bps` flat.
 * - random: uniform in [0, 2 * bps] (mean bps), drawn from `seed`, the bar index and the fill's
 *           ordinal in the bar: the only random part of a backtest, and reproducible.
 */
export type SlippageModel =
  | { readonly kind: 'fixed'; readonly bps: number }
  | { readonly kind: 'spread'; readonly spreadBps: number }
  | { readonly kind: 'volume'; readonly bps: number }
  | { readonly kind: 'random'; readonly bps: number; readonly seed: number };

/**
 * What one unit of a strategy's target (target(1)) is in instrument quantity, decided when the
 * intent is accepted, at the close of the bar that produced it (the last price the strategy
 * saw, so no look-ahead):
 * - qty:       a fixed quantity (the default, 1);
 * - notional:  notional / close, rounded down to the lot;
 * - equityPct: pct% of equity at that close / close, rounded down to the lot.
 */
export type Sizing =
  | { readonly kind: 'qty'; readonly qty: number }
  | { readonly kind: 'notional'; readonly notional: number }
  | { readonly kind: 'equityPct'; readonly pct: number };

export interface Fees {
  /** On the notional of limit fills (take-profits included). */
  readonly makerBps: number;
  /** On the notional of market and stop fills. */
  readonly takerBps: number;
  /** Per unit of quantity, on every fill. */
  readonly perUnit: number;
}

/**
 * Exits the runner attaches to every open position (an OCO pair), in percent of the average
 * entry price: a stop-loss (a stop order) and a take-profit (a limit order).
 */
export interface Protection {
  readonly stopLossPct: number | null;
  readonly takeProfitPct: number | null;
}

export interface BacktestConfig {
  readonly initialCash: number;
  readonly sizing: Sizing;
  /** Quantity granularity for notional and % equity sizing (1 = whole units; 0 = any fraction). */
  readonly lotSize: number;
  readonly slippage: SlippageModel;
  readonly fees: Fees;
  /**
   * At most this fraction (0, 1] of a bar's volume is filled per bar, across all orders; the
   * rest waits for the next bar (a market order's remainder at the next open, a limit's at its
   * price). Null: no cap. A bar without volume data (NaN) is not capped; a bar with volume 0
   * fills nothing.
   */
  readonly participation: number | null;
  readonly protection: Protection;
  /**
   * Stop the run when equity falls this fraction (0, 1] below its running peak (the
   * optimizer's pruning of clearly bad trials). Null: never.
   */
  readonly pruneDrawdown: number | null;
  /** Liquidate an open position at the last bar's close (taker fee and slippage, no cap). */
  readonly closeAtEnd: boolean;
}

export interface BacktestConfigInput {
  initialCash?: number;
  sizing?: Sizing;
  lotSize?: number;
  slippage?: SlippageModel;
  fees?: Partial<Fees>;
  participation?: number | null;
  protection?: Partial<Protection>;
  pruneDrawdown?: number | null;
  closeAtEnd?: boolean;
}

export const DEFAULT_CASH = 100_000;

function requireFinite(name: string, x: number, min: number, minInclusive = true): void {
  if (!Number.isFinite(x) || (minInclusive ? x < min : x <= min)) {
    throw new Error(`${name} must be a number ${minInclusive ? '>=' : '>'} ${min}, got ${x}`);
  }
}

function requireFraction(name: string, x: number | null): void {
  if (x !== null && (!Number.isFinite(x) || x <= 0 || x > 1)) throw new Error(`${name} must be in (0, 1], got ${x}`);
}

/** Fills in defaults and refuses impossible settings with a message naming the setting. */
export function backtestConfig(input: BacktestConfigInput = {}): BacktestConfig {
  const cfg: BacktestConfig = {
    initialCash: input.initialCash ?? DEFAULT_CASH,
    sizing: input.sizing ?? { kind: 'qty', qty: 1 },
    lotSize: input.lotSize ?? 1,
    slippage: input.slippage ?? { kind: 'fixed', bps: 0 },
    fees: { makerBps: input.fees?.makerBps ?? 0, takerBps: input.fees?.takerBps ?? 0, perUnit: input.fees?.perUnit ?? 0 },
    participation: input.participation ?? null,
    protection: { stopLossPct: input.protection?.stopLossPct ?? null, takeProfitPct: input.protection?.takeProfitPct ?? null },
    pruneDrawdown: input.pruneDrawdown ?? null,
    closeAtEnd: input.closeAtEnd ?? true,
  };
  requireFinite('initial cash', cfg.initialCash, 0, false);
  requireFinite('lot size', cfg.lotSize, 0);
  const s = cfg.sizing;
  if (s.kind === 'qty') requireFinite('quantity', s.qty, 0, false);
  else if (s.kind === 'notional') requireFinite('notional', s.notional, 0, false);
  else if (s.kind === 'equityPct') {
    requireFinite('% of equity', s.pct, 0, false);
  } else throw new Error('unknown sizing');
  const m = cfg.slippage;
  if (m.kind === 'spread') requireFinite('spread (bps)', m.spreadBps, 0);
  else if (m.kind === 'fixed' || m.kind === 'volume' || m.kind === 'random') requireFinite('slippage (bps)', m.bps, 0);
  else throw new Error('unknown slippage model');
  if (m.kind === 'random' && !Number.isSafeInteger(m.seed)) throw new Error(`slippage seed must be a whole number, got ${m.seed}`);
  requireFinite('maker fee (bps)', cfg.fees.makerBps, 0);
  requireFinite('taker fee (bps)', cfg.fees.takerBps, 0);
  requireFinite('fee per unit', cfg.fees.perUnit, 0);
  requireFraction('participation', cfg.participation);
  requireFraction('prune drawdown', cfg.pruneDrawdown);
  const { stopLossPct, takeProfitPct } = cfg.protection;
  if (stopLossPct !== null && (!Number.isFinite(stopLossPct) || stopLossPct <= 0 || stopLossPct >= 100)) {
    throw new Error(`stop-loss % must be in (0, 100), got ${stopLossPct}`);
  }
  if (takeProfitPct !== null && (!Number.isFinite(takeProfitPct) || takeProfitPct <= 0)) {
    throw new Error(`take-profit % must be > 0, got ${takeProfitPct}`);
  }
  return cfg;
}
