import { describe, expect, it } from 'vitest';
import { Decimal, decStr } from '../../../electron/core/domain/decimal';
import { applyFillToPosition, cashAfterFill, emptyPosition, unrealizedPnl } from '../../../electron/core/domain/position';

const d = (x: string | number) => new Decimal(x);
const f = (side: 'buy' | 'sell', qty: number, price: string) => ({ side, qty: d(qty), price: d(price), at: 1 });

describe('position accounting (average cost)', () => {
  it('averages buys, realises P&L on a partial sell, keeps the average', () => {
    let p = emptyPosition('a', 'ACME', 0);
    p = applyFillToPosition(p, f('buy', 10, '100'));
    p = applyFillToPosition(p, f('buy', 10, '110'));
    expect(decStr(p.avgPrice)).toBe('105');
    p = applyFillToPosition(p, f('sell', 5, '120'));
    expect(decStr(p.qty)).toBe('15');
    expect(decStr(p.avgPrice)).toBe('105');
    expect(decStr(p.realizedPnl)).toBe('75');
    expect(decStr(unrealizedPnl(p, d('100')))).toBe('-75');
  });

  it('flips from long to short at the fill price', () => {
    let p = applyFillToPosition(emptyPosition('a', 'X', 0), f('buy', 10, '50'));
    p = applyFillToPosition(p, f('sell', 15, '60'));
    expect(decStr(p.qty)).toBe('-5');
    expect(decStr(p.avgPrice)).toBe('60');
    expect(decStr(p.realizedPnl)).toBe('100');
    // A short gains when the price falls.
    expect(decStr(unrealizedPnl(p, d('55')))).toBe('25');
  });

  it('a fully closed position has zero quantity and average', () => {
    let p = applyFillToPosition(emptyPosition('a', 'X', 0), f('buy', 3, '0.1'));
    p = applyFillToPosition(p, f('sell', 3, '0.3'));
    expect(decStr(p.qty)).toBe('0');
    expect(decStr(p.avgPrice)).toBe('0');
    expect(decStr(p.realizedPnl)).toBe('0.6');
  });

  it('cash pays notional plus fee on buys and receives notional minus fee on sells, exactly', () => {
    expect(decStr(cashAfterFill(d('1000'), { side: 'buy', qty: d('0.1'), price: d('0.2'), fee: d('0.01') }))).toBe('999.97');
    expect(decStr(cashAfterFill(d('1000'), { side: 'sell', qty: d(3), price: d('0.1'), fee: d('0.01') }))).toBe('1000.29');
  });
});
