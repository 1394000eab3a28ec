import { describe, expect, it } from 'vitest';
import { dec, decStr } from '../../../electron/core/domain/decimal';
import {
  atr,
  capToLimits,
  fixedNotional,
  fixedQuantity,
  fractionalKelly,
  percentOfEquity,
  riskPerTrade,
  SizingError,
  volatilityScaled,
  type PositionSize,
} from '../../../electron/core/risk/sizing';

const shares = { lotSize: dec(1) };
const crypto = { lotSize: dec('0.0001'), minQty: dec('0.0001') };
/** qty and notional as plain strings, for exact comparison. */
const plain = (r: PositionSize) => ({ qty: decStr(r.qty), notional: decStr(r.notional) });

describe('fixed quantity', () => {
  it('keeps the quantity, rounded down to the lot', () => {
    // 10.7 shares -> 10 (never 11); 10 * 190 = 1900
    const r = fixedQuantity({ qty: dec('10.7'), price: dec(190), lot: shares });
    expect(plain(r)).toEqual({ qty: '10', notional: '1900' });
    expect(r.explanation).toContain('rounded down to the lot size 1: 10');
    // 0.123456 BTC on a 0.0001 grid -> 0.1234; 0.1234 * 60000 = 7404
    expect(plain(fixedQuantity({ qty: dec('0.123456'), price: dec(60000), lot: crypto }))).toEqual({ qty: '0.1234', notional: '7404' });
  });
});

describe('fixed notional', () => {
  it('divides the amount by the price and rounds down', () => {
    // 1000 / 190 = 5.263... -> 5 shares; 5 * 190 = 950
    const r = fixedNotional({ notional: dec(1000), price: dec(190), lot: shares });
    expect(plain(r)).toEqual({ qty: '5', notional: '950' });
    expect(r.explanation).toContain('1000 / price 190 = 5.263157894');
    // 1000 / 60000 = 0.016666... -> 0.0166 BTC; 0.0166 * 60000 = 996
    expect(plain(fixedNotional({ notional: dec(1000), price: dec(60000), lot: crypto }))).toEqual({ qty: '0.0166', notional: '996' });
  });

  it('gives 0 rather than an order below the minimum quantity', () => {
    // 50 / 60000 = 0.000833.. -> 0.0008 on the grid, but the minimum is 0.001 -> 0
    const r = fixedNotional({ notional: dec(50), price: dec(60000), lot: { lotSize: dec('0.0001'), minQty: dec('0.001') } });
    expect(plain(r)).toEqual({ qty: '0', notional: '0' });
    expect(r.explanation).toContain('below the minimum order quantity 0.001, so the size is 0');
  });
});

describe('percent of equity', () => {
  it('puts the percentage of equity into the position', () => {
    // 5% of 100000 = 5000; 5000 / 190 = 26.315... -> 26; 26 * 190 = 4940
    const r = percentOfEquity({ equity: dec(100000), pct: dec(5), price: dec(190), lot: shares });
    expect(plain(r)).toEqual({ qty: '26', notional: '4940' });
    expect(r.explanation).toContain('5% of equity 100000 = 5000');
  });
});

describe('risk per trade', () => {
  it('sizes so that the stop loses the risk amount', () => {
    // 1% of 100000 = 1000 at risk; 1000 / 2.5 stop distance = 400 shares; 400 * 190 = 76000
    const r = riskPerTrade({ equity: dec(100000), riskPct: dec(1), stopDistance: dec('2.5'), price: dec(190), lot: shares });
    expect(plain(r)).toEqual({ qty: '400', notional: '76000' });
    expect(r.explanation).toContain('1000 / 2.5 = 400');
  });

  it('rounds crypto down to 0.0001', () => {
    // 0.5% of 50000 = 250; 250 / 1234 = 0.20259319... -> 0.2025; 0.2025 * 60000 = 12150
    const r = riskPerTrade({ equity: dec(50000), riskPct: dec('0.5'), stopDistance: dec(1234), price: dec(60000), lot: crypto });
    expect(plain(r)).toEqual({ qty: '0.2025', notional: '12150' });
  });
});

describe('volatility scaled (ATR)', () => {
  it('uses ATR times the multiple as the stop distance', () => {
    // stop distance 2 * 1.5 = 3; 1% of 100000 = 1000; 1000 / 3 = 333.33 -> 333; 333 * 50 = 16650
    const r = volatilityScaled({ equity: dec(100000), riskPct: dec(1), atr: dec(2), atrMultiple: dec('1.5'), price: dec(50), lot: shares });
    expect(plain(r)).toEqual({ qty: '333', notional: '16650' });
    expect(r.explanation).toContain('ATR 2 x 1.5 = a stop distance of 3');
  });
});

describe("Wilder's ATR", () => {
  // bar  high  low   close   true range (uses the previous close)
  //  0   10    9     9.5     (none: no previous close)
  //  1   11    10    10.8    max(11-10=1, |11-9.5|=1.5, |10-9.5|=0.5)        = 1.5
  //  2   11.2  10.2  10.4    max(1, |11.2-10.8|=0.4, |10.2-10.8|=0.6)         = 1
  //  3   10.6  9.4   9.6     max(1.2, |10.6-10.4|=0.2, |9.4-10.4|=1)          = 1.2
  //  4   12    11.5  11.8    max(0.5, |12-9.6|=2.4, |11.5-9.6|=1.9)           = 2.4
  const bars = {
    high: ['10', '11', '11.2', '10.6', '12'].map(dec),
    low: ['9', '10', '10.2', '9.4', '11.5'].map(dec),
    close: ['9.5', '10.8', '10.4', '9.6', '11.8'].map(dec),
  };

  it('period 3: the mean of the first three true ranges, then one Wilder smoothing step', () => {
    // first ATR = (1.5 + 1 + 1.2) / 3 = 3.7 / 3 = 37/30
    // next      = (37/30 * 2 + 2.4) / 3 = (74/30 + 72/30) / 3 = 146/90 = 73/45 = 1.6222...
    const value = atr(bars, 3);
    expect(value.minus(dec(73).div(45)).abs().lt('1e-30')).toBe(true);
  });

  it('period 4: the plain mean of the four true ranges', () => {
    // (1.5 + 1 + 1.2 + 2.4) / 4 = 6.1 / 4 = 1.525
    expect(decStr(atr(bars, 4))).toBe('1.525');
  });

  it('refuses too few bars, uneven columns and a high below the low', () => {
    expect(() => atr(bars, 5)).toThrow(/needs at least 6 bars, and there are 5/);
    expect(() => atr({ ...bars, low: bars.low.slice(1) }, 3)).toThrow(SizingError);
    expect(() => atr({ ...bars, high: ['10', '11', '9', '10.6', '12'].map(dec) }, 3)).toThrow(/high \(9\) below its low \(10.2\)/);
    expect(() => atr(bars, 0)).toThrow(SizingError);
    expect(() => atr(bars, 2.5)).toThrow(SizingError);
  });
});

describe('fractional Kelly', () => {
  const base = { equity: dec(100000), price: dec(190), lot: shares };

  it('sizes by f* = p - (1 - p) / b times the fraction', () => {
    // f* = 0.55 - 0.45 / 1.5 = 0.55 - 0.3 = 0.25; half Kelly = 0.125 = 12.5% (under the 20% cap)
    // 12.5% of 100000 = 12500; 12500 / 190 = 65.78... -> 65; 65 * 190 = 12350
    const r = fractionalKelly({ ...base, winRate: dec('0.55'), payoff: dec('1.5'), fraction: dec('0.5'), capPct: dec(20) });
    expect(plain(r)).toEqual({ qty: '65', notional: '12350' });
    expect(r.explanation).toContain('0.55 - 0.45 / 1.5 = 0.25');
    expect(r.explanation).not.toContain('capped');
  });

  it('holds the size at the cap', () => {
    // 12.5% capped at 10%: 10000 / 190 = 52.63... -> 52; 52 * 190 = 9880
    const r = fractionalKelly({ ...base, winRate: dec('0.55'), payoff: dec('1.5'), fraction: dec('0.5'), capPct: dec(10) });
    expect(plain(r)).toEqual({ qty: '52', notional: '9880' });
    expect(r.explanation).toContain('capped at 10%');
  });

  it('is 0 with no edge, and says why', () => {
    // f* = 0.4 - 0.6 / 1 = -0.2: negative edge
    const r = fractionalKelly({ ...base, winRate: dec('0.4'), payoff: dec(1), fraction: dec('0.5'), capPct: dec(20) });
    expect(plain(r)).toEqual({ qty: '0', notional: '0' });
    expect(r.explanation).toContain('= -0.2');
    expect(r.explanation).toContain('no edge');
    // f* = 0.5 - 0.5 / 1 = 0: a fair bet is no edge either
    expect(plain(fractionalKelly({ ...base, winRate: dec('0.5'), payoff: dec(1), fraction: dec(1), capPct: dec(100) })).qty).toBe('0');
  });

  it('refuses inputs out of range', () => {
    const ok = { ...base, winRate: dec('0.55'), payoff: dec('1.5'), fraction: dec('0.5'), capPct: dec(20) };
    expect(() => fractionalKelly({ ...ok, winRate: dec(55) })).toThrow(/probability from 0 to 1 \(0.55 for 55%\)/);
    expect(() => fractionalKelly({ ...ok, winRate: dec(-0.1) })).toThrow(SizingError);
    expect(() => fractionalKelly({ ...ok, payoff: dec(0) })).toThrow(/payoff ratio/);
    expect(() => fractionalKelly({ ...ok, fraction: dec(0) })).toThrow(/Kelly fraction/);
    expect(() => fractionalKelly({ ...ok, fraction: dec('1.5') })).toThrow(/beyond full Kelly/);
    expect(() => fractionalKelly({ ...ok, capPct: dec(150) })).toThrow(/Kelly cap must be a percentage from 0 to 100/);
    expect(() => fractionalKelly({ ...ok, winRate: dec(NaN) })).toThrow(SizingError);
  });
});

describe('capToLimits', () => {
  it('cuts to the maximum quantity', () => {
    // min(400, 100) = 100; 100 * 190 = 19000
    const r = capToLimits(dec(400), { maxQty: dec(100), price: dec(190), lot: shares });
    expect(plain(r)).toEqual({ qty: '100', notional: '19000' });
    expect(r.explanation).toContain('capped at the maximum quantity 100');
  });

  it('cuts to the maximum notional, on the lot grid', () => {
    // 5000 / 190 = 26.31... -> 26; 26 * 190 = 4940
    expect(plain(capToLimits(dec(400), { maxNotional: dec(5000), price: dec(190), lot: shares }))).toEqual({ qty: '26', notional: '4940' });
    // both: min(400, 100, 26.31) -> 26
    expect(plain(capToLimits(dec(400), { maxQty: dec(100), maxNotional: dec(5000), price: dec(190), lot: shares })).qty).toBe('26');
    // 1000 / 60000 = 0.01666... -> 0.0166 BTC; 0.0166 * 60000 = 996
    expect(plain(capToLimits(dec(1), { maxNotional: dec(1000), price: dec(60000), lot: crypto }))).toEqual({ qty: '0.0166', notional: '996' });
  });

  it('never raises a size', () => {
    const r = capToLimits(dec(10), { maxQty: dec(100), maxNotional: dec(1_000_000), price: dec(190), lot: shares });
    expect(plain(r)).toEqual({ qty: '10', notional: '1900' });
    expect(r.explanation).toContain('within the limits');
  });
});

describe('nonsense inputs are refused with the reason', () => {
  it('prices, stops, percentages, equity and lots', () => {
    expect(() => fixedNotional({ notional: dec(1000), price: dec(0), lot: shares })).toThrow(/price must be above 0, not 0/);
    expect(() => fixedQuantity({ qty: dec(1), price: dec(-5), lot: shares })).toThrow(/price must be above 0/);
    expect(() => fixedQuantity({ qty: dec(-1), price: dec(5), lot: shares })).toThrow(/quantity cannot be negative/);
    const risk = { equity: dec(100000), riskPct: dec(1), price: dec(190), lot: shares };
    expect(() => riskPerTrade({ ...risk, stopDistance: dec(0) })).toThrow(/stop distance must be above 0, not 0: the stop must be some distance/);
    expect(() => riskPerTrade({ ...risk, stopDistance: dec(-1) })).toThrow(SizingError);
    expect(() => riskPerTrade({ ...risk, riskPct: dec(101), stopDistance: dec(1) })).toThrow(/risk per trade must be a percentage from 0 to 100, not 101/);
    expect(() => percentOfEquity({ equity: dec(100000), pct: dec(-1), price: dec(190), lot: shares })).toThrow(/percentage from 0 to 100/);
    expect(() => percentOfEquity({ equity: dec(-1), pct: dec(5), price: dec(190), lot: shares })).toThrow(/equity cannot be negative/);
    expect(() => volatilityScaled({ ...risk, atr: dec(0), atrMultiple: dec(2) })).toThrow(/ATR must be above 0/);
    expect(() => fixedQuantity({ qty: dec(1), price: dec(5), lot: { lotSize: dec(0) } })).toThrow(/lot size must be above 0/);
  });

  it('zero equity or a zero percentage size to 0, not an error', () => {
    expect(plain(percentOfEquity({ equity: dec(0), pct: dec(5), price: dec(190), lot: shares }))).toEqual({ qty: '0', notional: '0' });
    expect(plain(riskPerTrade({ equity: dec(100000), riskPct: dec(0), stopDistance: dec(2), price: dec(190), lot: shares })).qty).toBe('0');
  });
});
