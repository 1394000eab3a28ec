import type { Side } from '../../../shared/contract/common';
import type { Fill } from '../../../shared/contract/orders';
import { Decimal, ZERO } from '../domain/decimal';

/**
 * A fill as the OMS books it (orderManager's positionAfterFill and cash rule), so analytics
 * rebuilt from fills agree with the account's books to the last digit:
 * - a fee in the account currency comes out of cash;
 * - a fee in the coin bought or sold (Binance charges a buy's fee in the base asset) leaves
 *   qty - fee units (buy) or takes qty + fee units (sell) for the same notional, so it is
 *   inside the booked unit price, not charged again;
 * - a fee in any other currency is not booked by the OMS (it has no price for it), so it is
 *   not counted here either.
 */
export interface BookedFill {
  id: string;
  orderId: string;
  symbol: string;
  side: Side;
  at: number;
  /** Units that moved the position (positive). */
  units: Decimal;
  /** Booked price per unit: notional / units (the venue's price unless a base-asset fee was taken). */
  price: Decimal;
  /** The venue's price: what one unit was worth at the fill, for marking. */
  marketPrice: Decimal;
  /** qty * price as the venue reported it: what turnover counts. */
  notional: Decimal;
  /** Fee taken from cash (account currency). */
  cashFee: Decimal;
  /** Every booked fee valued in the account currency (cash fees plus base-asset fees at the fill price). */
  feeValue: Decimal;
}

export function bookFill(f: Fill, accountCurrency: string): BookedFill {
  const qty = new Decimal(f.qty);
  const price = new Decimal(f.price);
  const fee = new Decimal(f.fee);
  const notional = qty.times(price);
  const base = f.symbol.includes('/') ? f.symbol.split('/')[0] : undefined;
  const baseFee = base !== undefined && f.feeCurrency === base && f.feeCurrency !== accountCurrency ? fee : ZERO;
  const cashFee = f.feeCurrency === accountCurrency ? fee : ZERO;
  const units = baseFee.isZero() ? qty : f.side === 'buy' ? qty.minus(baseFee) : qty.plus(baseFee);
  return {
    id: f.id,
    orderId: f.orderId,
    symbol: f.symbol,
    side: f.side,
    at: f.at,
    units,
    price: baseFee.isZero() ? price : notional.div(units),
    marketPrice: price,
    notional,
    cashFee,
    feeValue: cashFee.plus(baseFee.times(price)),
  };
}

/** Fills in booking order: by time, ties in the order given (the store lists ties by id). */
export function bookFills(fills: readonly Fill[], accountCurrency: string): BookedFill[] {
  return fills
    .map((f, i) => ({ f, i }))
    .sort((a, b) => a.f.at - b.f.at || a.i - b.i)
    .map(({ f }) => bookFill(f, accountCurrency));
}
