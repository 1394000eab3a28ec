import type { Side } from '../../../shared/contract';
import { Decimal, ZERO } from './decimal';

export interface PositionState {
  accountId: string;
  symbol: string;
  /** Signed: negative is short. */
  qty: Decimal;
  avgPrice: Decimal;
  realizedPnl: Decimal;
  updatedAt: number;
}

export function emptyPosition(accountId: string, symbol: string, at: number): PositionState {
  return { accountId, symbol, qty: ZERO, avgPrice: ZERO, realizedPnl: ZERO, updatedAt: at };
}

/**
 * Applies a fill to a position with average-cost accounting: adding to a position moves
 * the average; reducing it realises P&L against the average; crossing through zero
 * closes the old side and opens the rest at the fill price. Fees are not in the average
 * (they are booked against cash), so realised P&L here is gross of fees.
 */
export function applyFillToPosition(
  pos: PositionState,
  fill: { side: Side; qty: Decimal; price: Decimal; at: number },
): PositionState {
  const signed = fill.side === 'buy' ? fill.qty : fill.qty.neg();
  const next: PositionState = { ...pos, updatedAt: fill.at };
  const sameDirection = pos.qty.isZero() || pos.qty.isPositive() === signed.isPositive();
  if (sameDirection) {
    const newQty = pos.qty.plus(signed);
    next.avgPrice = pos.qty.abs().times(pos.avgPrice).plus(fill.qty.times(fill.price)).div(newQty.abs());
    next.qty = newQty;
    return next;
  }
  const closing = Decimal.min(pos.qty.abs(), fill.qty);
  const direction = pos.qty.isPositive() ? 1 : -1;
  next.realizedPnl = pos.realizedPnl.plus(fill.price.minus(pos.avgPrice).times(closing).times(direction));
  next.qty = pos.qty.plus(signed);
  if (next.qty.isZero()) next.avgPrice = ZERO;
  else if (next.qty.isPositive() !== pos.qty.isPositive()) next.avgPrice = fill.price;
  return next;
}

export function unrealizedPnl(pos: PositionState, mark: Decimal): Decimal {
  return mark.minus(pos.avgPrice).times(pos.qty);
}

/** Cash after a fill: buys pay notional + fee, sells receive notional - fee. */
export function cashAfterFill(cash: Decimal, fill: { side: Side; qty: Decimal; price: Decimal; fee: Decimal }): Decimal {
  const notional = fill.qty.times(fill.price);
  return fill.side === 'buy' ? cash.minus(notional).minus(fill.fee) : cash.plus(notional).minus(fill.fee);
}
