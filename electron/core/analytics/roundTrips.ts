import type { Fill } from '../../../shared/contract/orders';
import { Decimal, ZERO } from '../domain/decimal';
import { bookFills, type BookedFill } from './bookedFill';
import { settle } from './settle';

export type Direction = 'long' | 'short';

/**
 * One closed trade: an entry lot (or the part of it) matched first-in first-out against a
 * closing fill. A position built in three buys and closed in one sell is three trades, each
 * with its own entry time and price (the fill-to-fill grouping of Lean's TradeBuilder and of
 * TradingView's strategy tester). Money is decimal.
 */
export interface RoundTrip {
  symbol: string;
  direction: Direction;
  qty: Decimal;
  entryAt: number;
  entryPrice: Decimal;
  exitAt: number;
  exitPrice: Decimal;
  /** The entry fill's fee for this quantity plus the exit fill's, both pro rata by quantity. */
  fees: Decimal;
  /** (exit - entry) * qty for a long, (entry - exit) * qty for a short, minus fees. */
  pnl: Decimal;
  holdingMs: number;
}

/** What is still open: not a trade until it is closed. */
export interface OpenLot {
  symbol: string;
  direction: Direction;
  qty: Decimal;
  entryAt: number;
  entryPrice: Decimal;
  /** The part of the entry fee that belongs to this quantity. */
  fees: Decimal;
}

interface Lot extends OpenLot {
  /** Mutable while matching. */
  qty: Decimal;
  fees: Decimal;
}

const directionOf = (side: BookedFill['side']): Direction => (side === 'buy' ? 'long' : 'short');

/** Closed trades and open lots of the fills (decimal strings), by FIFO lot matching per symbol. */
export function roundTrips(fills: readonly Fill[], opts: { accountCurrency: string }): { trades: RoundTrip[]; open: OpenLot[] } {
  return matchRoundTrips(bookFills(fills, opts.accountCurrency));
}

/**
 * FIFO matching over fills in booking order. A fill on the side of the open lots (or on a
 * flat symbol) opens a lot carrying its fee; a fill against them closes the oldest lots
 * first; whatever is left of it after the last lot (a flip from long to short or back)
 * opens a lot on the new side with the rest of its fee. Fees are split by quantity (settled
 * to 24 places), the last piece taking the remainder, so the pieces add up to the fee exactly.
 */
export function matchRoundTrips(booked: readonly BookedFill[]): { trades: RoundTrip[]; open: OpenLot[] } {
  const trades: RoundTrip[] = [];
  const lotsBySymbol = new Map<string, Lot[]>();
  for (const fill of booked) {
    if (!fill.units.gt(0)) continue;
    const lots = lotsBySymbol.get(fill.symbol) ?? [];
    lotsBySymbol.set(fill.symbol, lots);
    const fillDirection = directionOf(fill.side);
    let remaining = fill.units;
    let feeLeft = fill.cashFee;
    while (remaining.gt(0) && lots.length > 0 && lots[0]!.direction !== fillDirection) {
      const lot = lots[0]!;
      const matched = Decimal.min(lot.qty, remaining);
      const closesLot = matched.eq(lot.qty);
      const closesFill = matched.eq(remaining);
      const entryFee = closesLot ? lot.fees : settle(lot.fees.times(matched).div(lot.qty));
      const exitFee = closesFill ? feeLeft : settle(fill.cashFee.times(matched).div(fill.units));
      const move = fill.price.minus(lot.entryPrice).times(matched);
      const gross = lot.direction === 'long' ? move : move.neg();
      const fees = entryFee.plus(exitFee);
      trades.push({
        symbol: fill.symbol,
        direction: lot.direction,
        qty: matched,
        entryAt: lot.entryAt,
        entryPrice: lot.entryPrice,
        exitAt: fill.at,
        exitPrice: fill.price,
        fees,
        pnl: gross.minus(fees),
        holdingMs: fill.at - lot.entryAt,
      });
      lot.qty = lot.qty.minus(matched);
      lot.fees = lot.fees.minus(entryFee);
      remaining = remaining.minus(matched);
      feeLeft = feeLeft.minus(exitFee);
      if (lot.qty.isZero()) lots.shift();
    }
    if (remaining.gt(0)) {
      lots.push({ symbol: fill.symbol, direction: fillDirection, qty: remaining, entryAt: fill.at, entryPrice: fill.price, fees: feeLeft });
    }
  }
  const open: OpenLot[] = [];
  for (const lots of lotsBySymbol.values()) for (const lot of lots) open.push({ ...lot });
  return { trades, open };
}

/** Sum of the trades' P&L (exact). */
export function totalPnl(trades: readonly RoundTrip[]): Decimal {
  return trades.reduce((sum, t) => sum.plus(t.pnl), ZERO);
}
