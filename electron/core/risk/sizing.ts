import { Decimal, decStr } from '../domain/decimal';

/**
 * Position sizing: how many units to trade, by one of six methods, with the arithmetic
 * spelled out for the ticket. Pure functions on decimals.
 *
 * Every result is rounded DOWN to the instrument's lot size and is never negative: a sizer
 * must never hand back more than the method allows. Inputs that make no sense (a zero
 * price, a stop distance of zero, 150 %) throw a SizingError saying which and why, rather
 * than produce a number someone might trade.
 *
 * Percentages are percent (5 = 5 %), as everywhere in the risk settings.
 */

export interface PositionSize {
  qty: Decimal;
  /** qty * price. */
  notional: Decimal;
  /** How the size was reached, in words and numbers. */
  explanation: string;
}

/** How the instrument can be traded in quantity. */
export interface LotRules {
  /** Smallest quantity increment (1 for whole shares, 0.0001 for a crypto pair...). */
  lotSize: Decimal;
  /** Smallest order quantity; a size below it becomes 0 rather than being raised. */
  minQty?: Decimal;
}

export class SizingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SizingError';
  }
}

// ---- the six methods ----------------------------------------------------------------

export function fixedQuantity(i: { qty: Decimal; price: Decimal; lot: LotRules }): PositionSize {
  requireNonNegative('quantity', i.qty);
  requirePrice(i.price);
  return finish(i.qty, i.price, i.lot, `Fixed quantity ${show(i.qty)}`);
}

export function fixedNotional(i: { notional: Decimal; price: Decimal; lot: LotRules }): PositionSize {
  requireNonNegative('notional amount', i.notional);
  requirePrice(i.price);
  const raw = i.notional.div(i.price);
  return finish(raw, i.price, i.lot, `Fixed amount ${show(i.notional)} / price ${show(i.price)} = ${show(raw)}`);
}

export function percentOfEquity(i: { equity: Decimal; pct: Decimal; price: Decimal; lot: LotRules }): PositionSize {
  requireEquity(i.equity);
  requirePercent('percent of equity', i.pct);
  requirePrice(i.price);
  const amount = i.equity.times(i.pct).div(100);
  const raw = amount.div(i.price);
  return finish(raw, i.price, i.lot, `${show(i.pct)}% of equity ${show(i.equity)} = ${show(amount)}; / price ${show(i.price)} = ${show(raw)}`);
}

/** Size so that being stopped out loses riskPct of equity: equity * riskPct / stopDistance. */
export function riskPerTrade(i: { equity: Decimal; riskPct: Decimal; stopDistance: Decimal; price: Decimal; lot: LotRules }): PositionSize {
  requireEquity(i.equity);
  requirePercent('risk per trade', i.riskPct);
  requirePositive('stop distance', i.stopDistance, 'the stop must be some distance from the entry');
  requirePrice(i.price);
  const risk = i.equity.times(i.riskPct).div(100);
  const raw = risk.div(i.stopDistance);
  return finish(
    raw,
    i.price,
    i.lot,
    `Risking ${show(i.riskPct)}% of equity ${show(i.equity)} = ${show(risk)}; with the stop ${show(i.stopDistance)} away, ${show(risk)} / ${show(i.stopDistance)} = ${show(raw)}`,
  );
}

/** Risk per trade with the stop set at atrMultiple ATRs: equity * riskPct / (ATR * multiple). */
export function volatilityScaled(i: { equity: Decimal; riskPct: Decimal; atr: Decimal; atrMultiple: Decimal; price: Decimal; lot: LotRules }): PositionSize {
  requireEquity(i.equity);
  requirePercent('risk per trade', i.riskPct);
  requirePositive('ATR', i.atr, 'a market that never moves cannot be sized by its volatility');
  requirePositive('ATR multiple', i.atrMultiple);
  requirePrice(i.price);
  const distance = i.atr.times(i.atrMultiple);
  const risk = i.equity.times(i.riskPct).div(100);
  const raw = risk.div(distance);
  return finish(
    raw,
    i.price,
    i.lot,
    `ATR ${show(i.atr)} x ${show(i.atrMultiple)} = a stop distance of ${show(distance)}; risking ${show(i.riskPct)}% of equity ${show(i.equity)} = ${show(risk)}; ${show(risk)} / ${show(distance)} = ${show(raw)}`,
  );
}

/**
 * Fractional Kelly: f* = p - (1 - p) / b of equity, times fraction, held within [0, capPct].
 * winRate p is a probability (0.55, not 55); payoff b is the average win over the average loss.
 */
export function fractionalKelly(i: {
  equity: Decimal;
  winRate: Decimal;
  payoff: Decimal;
  fraction: Decimal;
  capPct: Decimal;
  price: Decimal;
  lot: LotRules;
}): PositionSize {
  requireEquity(i.equity);
  if (!i.winRate.isFinite() || i.winRate.lt(0) || i.winRate.gt(1)) throw new SizingError(`The win rate must be a probability from 0 to 1 (0.55 for 55%), not ${show(i.winRate)}`);
  requirePositive('payoff ratio (average win / average loss)', i.payoff);
  if (!i.fraction.isFinite() || i.fraction.lte(0) || i.fraction.gt(1)) {
    throw new SizingError(`The Kelly fraction must be above 0 and at most 1 (0.5 is half Kelly), not ${show(i.fraction)}: more than 1 bets beyond full Kelly`);
  }
  requirePercent('Kelly cap', i.capPct);
  requirePrice(i.price);

  const p = i.winRate;
  const kelly = p.minus(new Decimal(1).minus(p).div(i.payoff));
  const formula = `Kelly f* = p - (1 - p) / b = ${show(p)} - ${show(new Decimal(1).minus(p))} / ${show(i.payoff)} = ${show(kelly)}`;
  if (kelly.lte(0)) {
    // No edge: any bet loses money on average, so the only Kelly size is none.
    return {
      qty: new Decimal(0),
      notional: new Decimal(0),
      explanation: `${formula}: the expected return is not positive (no edge), so the size is 0.`,
    };
  }
  const scaled = kelly.times(i.fraction);
  const cap = i.capPct.div(100);
  const capped = Decimal.min(scaled, cap);
  const capNote = scaled.gt(cap) ? `, capped at ${show(i.capPct)}%` : '';
  const amount = i.equity.times(capped);
  const raw = amount.div(i.price);
  return finish(
    raw,
    i.price,
    i.lot,
    `${formula}; x fraction ${show(i.fraction)} = ${show(scaled.times(100))}% of equity${capNote}; ${show(capped.times(100))}% of ${show(i.equity)} = ${show(amount)}; / price ${show(i.price)} = ${show(raw)}`,
  );
}

// ---- ATR ----------------------------------------------------------------------------

export interface Bars {
  high: readonly Decimal[];
  low: readonly Decimal[];
  close: readonly Decimal[];
}

/**
 * Wilder's Average True Range over the bars (oldest first), as TA-Lib computes it: true
 * ranges start at the second bar (the first has no previous close), the first ATR is the
 * plain mean of the first `period` of them, and each later one is smoothed as
 * ATR = (ATR_prev * (period - 1) + TR) / period. Needs period + 1 bars.
 */
export function atr(bars: Bars, period: number): Decimal {
  if (!Number.isInteger(period) || period < 1) throw new SizingError(`The ATR period must be a whole number of bars, at least 1, not ${period}`);
  const n = bars.close.length;
  if (bars.high.length !== n || bars.low.length !== n) {
    throw new SizingError(`High, low and close must have one value per bar (got ${bars.high.length}, ${bars.low.length} and ${n})`);
  }
  if (n < period + 1) throw new SizingError(`A ${period}-bar ATR needs at least ${period + 1} bars, and there are ${n}`);

  const trueRanges: Decimal[] = [];
  for (let k = 1; k < n; k++) {
    const high = bars.high[k]!;
    const low = bars.low[k]!;
    if (high.lt(low)) throw new SizingError(`Bar ${k} has a high (${show(high)}) below its low (${show(low)})`);
    const prevClose = bars.close[k - 1]!;
    trueRanges.push(Decimal.max(high.minus(low), high.minus(prevClose).abs(), low.minus(prevClose).abs()));
  }
  let value = trueRanges.slice(0, period).reduce((sum, tr) => sum.plus(tr), new Decimal(0)).div(period);
  for (const tr of trueRanges.slice(period)) value = value.times(period - 1).plus(tr).div(period);
  return value;
}

// ---- limits -------------------------------------------------------------------------

/**
 * Cuts a size to the order limits (the risk engine passes them already scaled for the
 * caution level). Only ever lowers a size; the result stays on the lot grid.
 */
export function capToLimits(qty: Decimal, limits: { maxQty?: Decimal; maxNotional?: Decimal; price: Decimal; lot: LotRules }): PositionSize {
  requireNonNegative('quantity', qty);
  requirePrice(limits.price);
  const notes: string[] = [];
  let capped = qty;
  if (limits.maxQty !== undefined) {
    requireNonNegative('maximum quantity', limits.maxQty);
    if (capped.gt(limits.maxQty)) {
      capped = limits.maxQty;
      notes.push(`capped at the maximum quantity ${show(limits.maxQty)}`);
    }
  }
  if (limits.maxNotional !== undefined) {
    requireNonNegative('maximum notional', limits.maxNotional);
    const byNotional = limits.maxNotional.div(limits.price);
    if (capped.gt(byNotional)) {
      capped = byNotional;
      notes.push(`capped at the maximum notional ${show(limits.maxNotional)} / price ${show(limits.price)} = ${show(byNotional)}`);
    }
  }
  return finish(capped, limits.price, limits.lot, `Quantity ${show(qty)}${notes.length ? `, ${notes.join(', then ')}` : ', within the limits'}`);
}

// ---- shared -------------------------------------------------------------------------

/** Rounds down to the lot grid (never up), drops sizes under the minimum, and explains. */
function finish(raw: Decimal, price: Decimal, lot: LotRules, how: string): PositionSize {
  requirePositive('lot size', lot.lotSize);
  const onGrid = Decimal.max(raw, 0).div(lot.lotSize).floor().times(lot.lotSize);
  let text = onGrid.eq(raw) ? `${how}.` : `${how}, rounded down to the lot size ${show(lot.lotSize)}: ${show(onGrid)}.`;
  let qty = onGrid;
  if (lot.minQty !== undefined && qty.gt(0) && qty.lt(lot.minQty)) {
    text += ` That is below the minimum order quantity ${show(lot.minQty)}, so the size is 0.`;
    qty = new Decimal(0);
  }
  const notional = qty.times(price);
  return { qty, notional, explanation: `${text} Quantity ${show(qty)} x price ${show(price)} = notional ${show(notional)}.` };
}

/** Intermediate figures at 10 significant digits: exact enough to check, short enough to read. */
function show(d: Decimal): string {
  return decStr(d.toSignificantDigits(10, Decimal.ROUND_DOWN));
}

function requirePrice(price: Decimal): void {
  requirePositive('price', price);
}

function requireEquity(equity: Decimal): void {
  requireNonNegative('equity', equity);
}

function requirePercent(what: string, pct: Decimal): void {
  if (!pct.isFinite() || pct.lt(0) || pct.gt(100)) throw new SizingError(`The ${what} must be a percentage from 0 to 100, not ${decStr(pct)}`);
}

function requirePositive(what: string, value: Decimal, why?: string): void {
  if (!value.isFinite() || value.lte(0)) throw new SizingError(`The ${what} must be above 0, not ${value.isFinite() ? decStr(value) : String(value)}${why ? `: ${why}` : ''}`);
}

function requireNonNegative(what: string, value: Decimal): void {
  if (!value.isFinite() || value.lt(0)) throw new SizingError(`The ${what} cannot be negative, not ${value.isFinite() ? decStr(value) : String(value)}`);
}
