/**
 * The fill rules, as pure functions of one bar, so each can be tested on hand-built bars.
 * `side` is +1 for a buy, -1 for a sell. A price of NaN means "does not fill in this bar".
 *
 * - market:  the bar's open (the order was decided at the previous bar's close), plus slippage.
 * - limit:   fills only if the bar's range reaches the price (buy: low <= limit; sell:
 *            high >= limit), at the open when the bar opens through the limit (a better
 *            price), else at the limit. No slippage: a resting limit is the maker.
 * - stop:    triggers if the range reaches the price (buy: high >= stop; sell: low <= stop),
 *            then fills like a market order: at the open when the bar gaps through the stop
 *            (a worse price), else at the stop, plus slippage.
 */
import type { SlippageModel } from './config';
import { uniformAt } from './random';

export function limitFillPrice(side: number, limit: number, open: number, high: number, low: number): number {
  if (side > 0) return low <= limit ? Math.min(open, limit) : Number.NaN;
  return high >= limit ? Math.max(open, limit) : Number.NaN;
}

/** Before slippage. */
export function stopFillPrice(side: number, stop: number, open: number, high: number, low: number): number {
  if (side > 0) return high >= stop ? Math.max(open, stop) : Number.NaN;
  return low <= stop ? Math.min(open, stop) : Number.NaN;
}

export function limitTouched(side: number, limit: number, high: number, low: number): boolean {
  return side > 0 ? low <= limit : high >= limit;
}

export function stopTouched(side: number, stop: number, high: number, low: number): boolean {
  return side > 0 ? high >= stop : low <= stop;
}

/** Moves a price against the trader by a fraction: a buy pays more, a sell receives less. */
export function slipped(side: number, price: number, fraction: number): number {
  return side > 0 ? price * (1 + fraction) : price * (1 - fraction);
}

/**
 * The slippage fraction of one taker fill. `randomKey` feeds the random model only; `bar` and
 * `ordinal` (the fill's number within the bar) make its draw a pure function of the fill.
 */
export function slippageFraction(model: SlippageModel, qty: number, barVolume: number, randomKey: number, bar: number, ordinal: number): number {
  switch (model.kind) {
    case 'fixed':
      return model.bps / 1e4;
    case 'spread':
      return model.spreadBps / 2e4;
    case 'volume':
      return barVolume > 0 ? (model.bps / 1e4) * Math.sqrt(Math.abs(qty) / barVolume) : model.bps / 1e4;
    case 'random':
      return (2 * model.bps * uniformAt(randomKey, bar, ordinal)) / 1e4;
  }
}

/** Fee of one fill: bps of the notional plus a per-unit charge. */
export function fee(qty: number, price: number, bps: number, perUnit: number): number {
  const units = Math.abs(qty);
  return (units * price * bps) / 1e4 + units * perUnit;
}
