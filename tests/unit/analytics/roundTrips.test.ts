import { describe, expect, it } from 'vitest';
import { roundTrips, totalPnl, type RoundTrip } from '../../../electron/core/analytics/roundTrips';
import { decStr } from '../../../electron/core/domain/decimal';
import type { Fill } from '../../../shared/contract/orders';

let seq = 0;
function fill(symbol: string, side: 'buy' | 'sell', qty: string, price: string, at: number, fee = '0', feeCurrency = 'USD'): Fill {
  seq++;
  return {
    id: `f${seq}`,
    orderId: `o${seq}`,
    clientOrderId: `c${seq}`,
    accountId: 'acc',
    symbol,
    side,
    qty,
    price,
    fee,
    feeCurrency,
    liquidity: 'taker',
    venueTradeId: `v${seq}`,
    at,
  };
}

/** A trade in plain strings, to compare exactly. */
const plain = (t: RoundTrip) => ({
  symbol: t.symbol,
  direction: t.direction,
  qty: decStr(t.qty),
  entryAt: t.entryAt,
  entryPrice: decStr(t.entryPrice),
  exitAt: t.exitAt,
  exitPrice: decStr(t.exitPrice),
  fees: decStr(t.fees),
  pnl: decStr(t.pnl),
  holdingMs: t.holdingMs,
});

const usd = { accountCurrency: 'USD' };

describe('round trips by FIFO lot matching', () => {
  it('partial closes with fees: oldest lot first, fees split by quantity', () => {
    // buy 10 @100 fee 1 (t1), buy 10 @110 fee 2 (t2), sell 15 @120 fee 3 (t5), sell 5 @90 fee 0.5 (t9)
    // sell 15 closes lot 1 (10): gross (120-100)*10 = 200; fees 1 + 3*10/15 = 1 + 2 = 3; pnl 197; held 4
    //         and 5 of lot 2:    gross (120-110)*5 = 50;   fees 2*5/10 + (3-2) = 1 + 1 = 2; pnl 48; held 3
    // sell 5 closes lot 2's rest: gross (90-110)*5 = -100; fees 1 (rest of 2) + 0.5 = 1.5; pnl -101.5; held 7
    // total 197 + 48 - 101.5 = 143.5 = cash: -(1000 + 1 + 1100 + 2) + (1800 - 3) + (450 - 0.5)
    const { trades, open } = roundTrips(
      [fill('ACME', 'buy', '10', '100', 1, '1'), fill('ACME', 'buy', '10', '110', 2, '2'), fill('ACME', 'sell', '15', '120', 5, '3'), fill('ACME', 'sell', '5', '90', 9, '0.5')],
      usd,
    );
    expect(trades.map(plain)).toEqual([
      { symbol: 'ACME', direction: 'long', qty: '10', entryAt: 1, entryPrice: '100', exitAt: 5, exitPrice: '120', fees: '3', pnl: '197', holdingMs: 4 },
      { symbol: 'ACME', direction: 'long', qty: '5', entryAt: 2, entryPrice: '110', exitAt: 5, exitPrice: '120', fees: '2', pnl: '48', holdingMs: 3 },
      { symbol: 'ACME', direction: 'long', qty: '5', entryAt: 2, entryPrice: '110', exitAt: 9, exitPrice: '90', fees: '1.5', pnl: '-101.5', holdingMs: 7 },
    ]);
    expect(open).toEqual([]);
    expect(decStr(totalPnl(trades))).toBe('143.5');
  });

  it('a flip from long to short closes the long and opens a short with the rest (and the rest of the fee)', () => {
    // buy 10 @50 fee 1 (t0); sell 15 @60 fee 3 (t10): closes 10 long: gross 100, fees 1 + 2 = 3, pnl 97;
    //   opens 5 short @60 carrying fee 3 - 2 = 1
    // buy 5 @55 fee 0.5 (t20): closes the short: gross (60-55)*5 = 25, fees 1 + 0.5 = 1.5, pnl 23.5
    // total 120.5 = -500 - 1 + 900 - 3 - 275 - 0.5
    const { trades, open } = roundTrips([fill('X', 'buy', '10', '50', 0, '1'), fill('X', 'sell', '15', '60', 10, '3'), fill('X', 'buy', '5', '55', 20, '0.5')], usd);
    expect(trades.map(plain)).toEqual([
      { symbol: 'X', direction: 'long', qty: '10', entryAt: 0, entryPrice: '50', exitAt: 10, exitPrice: '60', fees: '3', pnl: '97', holdingMs: 10 },
      { symbol: 'X', direction: 'short', qty: '5', entryAt: 10, entryPrice: '60', exitAt: 20, exitPrice: '55', fees: '1.5', pnl: '23.5', holdingMs: 10 },
    ]);
    expect(open).toEqual([]);
    expect(decStr(totalPnl(trades))).toBe('120.5');
  });

  it('a position left open is not a trade until it is closed', () => {
    // buy 10 @100 fee 1; sell 4 @110: one trade of 4, gross 40, fee 1*4/10 = 0.4, pnl 39.6; 6 stay open with fee 0.6
    const { trades, open } = roundTrips([fill('A', 'buy', '10', '100', 0, '1'), fill('A', 'sell', '4', '110', 5)], usd);
    expect(trades.map(plain)).toEqual([{ symbol: 'A', direction: 'long', qty: '4', entryAt: 0, entryPrice: '100', exitAt: 5, exitPrice: '110', fees: '0.4', pnl: '39.6', holdingMs: 5 }]);
    expect(open.map((l) => ({ ...l, qty: decStr(l.qty), entryPrice: decStr(l.entryPrice), fees: decStr(l.fees) }))).toEqual([
      { symbol: 'A', direction: 'long', qty: '6', entryAt: 0, entryPrice: '100', fees: '0.6' },
    ]);
    expect(roundTrips([fill('A', 'buy', '1', '100', 0)], usd).trades).toEqual([]);
  });

  it('shorts first, symbols apart, fills taken in time order whatever the input order', () => {
    // Input newest first, as the fill store lists them. X: sell 3 @10 (t1), buy 3 @8 (t4): short, (10-8)*3 = 6.
    // Y: buy 2 @5 (t2), sell 2 @4 (t3): long, (4-5)*2 = -2.
    const fills = [fill('X', 'buy', '3', '8', 4), fill('Y', 'sell', '2', '4', 3), fill('Y', 'buy', '2', '5', 2), fill('X', 'sell', '3', '10', 1)];
    const { trades } = roundTrips(fills, usd);
    expect(trades.map((t) => [t.symbol, t.direction, decStr(t.pnl), t.holdingMs])).toEqual([
      ['Y', 'long', '-2', 1],
      ['X', 'short', '6', 3],
    ]);
  });

  it('decimal quantities and prices stay exact (0.1 + 0.2 is 0.3)', () => {
    // buy 0.1 @0.2 and 0.2 @0.2, sell 0.3 @0.3: (0.3 - 0.2) * 0.1 = 0.01 and (0.3 - 0.2) * 0.2 = 0.02
    const { trades } = roundTrips([fill('C', 'buy', '0.1', '0.2', 0), fill('C', 'buy', '0.2', '0.2', 1), fill('C', 'sell', '0.3', '0.3', 2)], usd);
    expect(trades.map((t) => decStr(t.pnl))).toEqual(['0.01', '0.02']);
  });

  it('a fee in the coin bought is inside the price, as the OMS books it; a fee in another currency is not booked', () => {
    // buy 1 BTC @100 with a 0.01 BTC fee: 0.99 BTC for 100 USD (booked at 100 / 0.99);
    // sell those 0.99 @110: 108.9 - 100 = 8.9. A BNB fee is ignored, as the OMS ignores it.
    const { trades, open } = roundTrips([fill('BTC/USD', 'buy', '1', '100', 0, '0.01', 'BTC'), fill('BTC/USD', 'sell', '0.99', '110', 1, '0.001', 'BNB')], usd);
    expect(open).toEqual([]);
    expect(trades).toHaveLength(1);
    expect(decStr(trades[0]!.qty)).toBe('0.99');
    expect(decStr(trades[0]!.pnl.toDecimalPlaces(20))).toBe('8.9');
  });
});
