import { Decimal, ZERO } from '../domain/decimal';
import { applyFillToPosition, emptyPosition, unrealizedPnl, type PositionState } from '../domain/position';
import type { BookedFill } from './bookedFill';
import { settle } from './settle';

/**
 * The books of a slice of an account (one bot's fills, one symbol's), rebuilt from its fills
 * with the OMS's own average-cost rule (domain/position.ts), so a symbol's realised and
 * unrealised P&L here equal the account's position row for that symbol.
 */
export interface ScopeBooks {
  positions: Map<string, PositionState>;
  /** Realised against the average cost, before fees (as the position rows keep it). */
  realizedGross: Decimal;
  /** Fees taken from cash. */
  cashFees: Decimal;
  /** Every booked fee valued in the account currency (see BookedFill.feeValue). */
  feeValue: Decimal;
}

export function replayBooks(accountId: string, booked: readonly BookedFill[]): ScopeBooks {
  const positions = new Map<string, PositionState>();
  let cashFees = ZERO;
  let feeValue = ZERO;
  for (const f of booked) {
    const pos = positions.get(f.symbol) ?? emptyPosition(accountId, f.symbol, f.at);
    positions.set(f.symbol, applyFillToPosition(pos, { side: f.side, qty: f.units, price: f.price, at: f.at }));
    cashFees = cashFees.plus(f.cashFee);
    feeValue = feeValue.plus(f.feeValue);
  }
  let realizedGross = ZERO;
  for (const p of positions.values()) realizedGross = realizedGross.plus(p.realizedPnl);
  return { positions, realizedGross: settle(realizedGross), cashFees, feeValue };
}

/** Unrealised P&L of positions at the mark (the average price when there is none, as AccountView does). */
export function unrealizedAt(positions: Iterable<PositionState>, mark: (symbol: string) => Decimal | null): Decimal {
  let sum = ZERO;
  for (const p of positions) if (!p.qty.isZero()) sum = sum.plus(unrealizedPnl(p, mark(p.symbol) ?? p.avgPrice));
  return settle(sum);
}

/** Price of a symbol at time t for marking; null when unknown (the curve then uses the last fill's price). */
export type PriceAt = (symbol: string, t: number) => Decimal | null;

/**
 * A scope's value at each of the given times: base + the cash the scope's fills moved (buys
 * pay notional and cash fee, sells receive notional less fee) + its open units marked at
 * price(symbol, t), or at the last fill's price when that is null. Fills at exactly t are
 * included. Decimal throughout; times must be ascending.
 */
export function valueAt(booked: readonly BookedFill[], times: readonly number[], base: Decimal, price: PriceAt): Decimal[] {
  const units = new Map<string, Decimal>();
  const lastFillPrice = new Map<string, Decimal>();
  let cashFlow = ZERO;
  let next = 0;
  return times.map((t) => {
    for (; next < booked.length && booked[next]!.at <= t; next++) {
      const f = booked[next]!;
      const held = units.get(f.symbol) ?? ZERO;
      units.set(f.symbol, f.side === 'buy' ? held.plus(f.units) : held.minus(f.units));
      cashFlow = f.side === 'buy' ? cashFlow.minus(f.notional).minus(f.cashFee) : cashFlow.plus(f.notional).minus(f.cashFee);
      lastFillPrice.set(f.symbol, f.marketPrice);
    }
    let value = base.plus(cashFlow);
    for (const [symbol, qty] of units) {
      if (qty.isZero()) continue;
      const px = price(symbol, t) ?? lastFillPrice.get(symbol) ?? ZERO;
      value = value.plus(qty.times(px));
    }
    return value;
  });
}
