import { describe, expect, it } from 'vitest';
import { Atr } from '../../../shared/indicators/atr';
import * as batch from '../../../shared/indicators/batch';
import { Bollinger } from '../../../shared/indicators/bollinger';
import { Donchian } from '../../../shared/indicators/donchian';
import { Ema } from '../../../shared/indicators/ema';
import { Macd } from '../../../shared/indicators/macd';
import { RingBuffer } from '../../../shared/indicators/ringBuffer';
import { RollingExtreme } from '../../../shared/indicators/rollingExtreme';
import { Rsi } from '../../../shared/indicators/rsi';
import { Sma } from '../../../shared/indicators/sma';
import { Vwap, utcDayKey } from '../../../shared/indicators/vwap';
import { expectSeriesClose } from './closeTo';

const NaN_ = Number.NaN;

describe('RingBuffer', () => {
  it('keeps the last `capacity` values, oldest first', () => {
    const ring = new RingBuffer(3);
    for (const x of [1, 2, 3, 4, 5]) ring.push(x);
    expect([ring.at(0), ring.at(1), ring.at(2)]).toEqual([3, 4, 5]);
    expect(ring.oldest).toBe(3);
    expect(ring.sum()).toBe(12);
  });
});

describe('SMA', () => {
  it('averages the last n values, NaN before n', () => {
    // SMA(3) of 1,2,3,4,5: (1+2+3)/3 = 2, (2+3+4)/3 = 3, (3+4+5)/3 = 4
    expectSeriesClose(batch.sma([1, 2, 3, 4, 5], 3), [NaN_, NaN_, 2, 3, 4]);
  });

  it('stays exact after a price level change of six orders of magnitude', () => {
    // A naive running sum keeps ~1e-10 of the 1e6 era in its sum forever; the per-window re-sum drops it.
    const sma = new Sma(7);
    for (let i = 0; i < 10_000; i++) sma.update(1e6 + (i % 13) * 0.1);
    const tail = [1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7];
    for (let round = 0; round < 3; round++) for (const x of tail) sma.update(x);
    // (1.1 + ... + 1.7) / 7 = 9.8 / 7 = 1.4
    expect(Math.abs(sma.value - 1.4)).toBeLessThan(1e-12);
  });

  it('refuses a period that is not a whole number of bars', () => {
    expect(() => new Sma(0)).toThrow(/at least 1/);
    expect(() => new Sma(2.5)).toThrow(/whole number/);
  });
});

describe('EMA', () => {
  it('is seeded with the SMA of the first n, then alpha = 2/(n+1)', () => {
    // EMA(3): alpha = 2/4 = 0.5. seed (2+4+6)/3 = 4; 4 + 0.5*(8-4) = 6; 6 + 0.5*(4-6) = 5
    expectSeriesClose(batch.ema([2, 4, 6, 8, 4], 3), [NaN_, NaN_, 4, 6, 5]);
    const ema = new Ema(3);
    expect(ema.ready).toBe(false);
    [2, 4, 6].forEach((x) => ema.update(x));
    expect(ema.ready).toBe(true);
    expect(ema.value).toBe(4);
  });
});

describe('RSI (Wilder)', () => {
  it('matches the hand computation', () => {
    // closes 10, 11, 10.5, 11.5, 12, 11 -> changes +1, -0.5, +1, +0.5, -1
    // bar 3: avgGain = (1+0+1)/3 = 2/3, avgLoss = (0+0.5+0)/3 = 1/6 -> 100 * (2/3) / (2/3 + 1/6) = 80
    // bar 4: avgGain = (2/3*2 + 0.5)/3 = 11/18, avgLoss = (1/6*2 + 0)/3 = 2/18 -> 100 * 11/13 = 84.6153846...
    // bar 5: avgGain = (11/18*2 + 0)/3 = 11/27, avgLoss = (2/18*2 + 1)/3 = 11/27 -> 50
    expectSeriesClose(batch.rsi([10, 11, 10.5, 11.5, 12, 11], 3), [NaN_, NaN_, NaN_, 80, 1100 / 13, 50]);
  });

  it('is 100 when only rising, 0 when only falling, and 50 (not TA-Lib\'s 0) when flat', () => {
    expect(batch.rsi([1, 2, 3, 4], 3)[3]).toBe(100);
    expect(batch.rsi([4, 3, 2, 1], 3)[3]).toBe(0);
    expect(batch.rsi([5, 5, 5, 5, 5], 3)[4]).toBe(50);
    expect(new Rsi(3).update(1)).toBeNaN();
  });
});

describe('MACD', () => {
  it('matches the hand computation with TA-Lib alignment', () => {
    // fast 2 (alpha 2/3), slow 3 (alpha 1/2), signal 2 (alpha 2/3) on 1, 2, 3, 5, 4, 6
    // slow EMA: bar 2 (1+2+3)/3 = 2; bar 3 2 + (5-2)/2 = 3.5; bar 4 3.5 + (4-3.5)/2 = 3.75; bar 5 3.75 + (6-3.75)/2 = 4.875
    // fast EMA seeded on bar 2 with (2+3)/2 = 2.5; bar 3 2.5 + 2/3*2.5 = 25/6; bar 4 25/6 + 2/3*(4-25/6) = 73/18;
    //   bar 5 73/18 + 2/3*(6-73/18) = 289/54
    // line: 0.5, 25/6 - 3.5 = 2/3, 73/18 - 3.75 = 11/36, 289/54 - 4.875 = 25.75/54
    // signal seeded on bar 3 with (0.5 + 2/3)/2 = 7/12; bar 4 7/12 + 2/3*(11/36 - 7/12) = 43/108;
    //   bar 5 43/108 + 2/3*(25.75/54 - 43/108) = 73/162
    const m = batch.macd([1, 2, 3, 5, 4, 6], 2, 3, 2);
    expectSeriesClose(m.macd, [NaN_, NaN_, 0.5, 2 / 3, 11 / 36, 25.75 / 54], 'macd');
    expectSeriesClose(m.signal, [NaN_, NaN_, NaN_, 7 / 12, 43 / 108, 73 / 162], 'signal');
    expectSeriesClose(m.histogram, [NaN_, NaN_, NaN_, 2 / 3 - 7 / 12, 11 / 36 - 43 / 108, 25.75 / 54 - 73 / 162], 'histogram');
  });

  it('refuses fast >= slow', () => {
    expect(() => new Macd(26, 12, 9)).toThrow(/shorter/);
  });
});

describe('Bollinger Bands', () => {
  it('uses the population standard deviation of the same window', () => {
    // window 1,2,3: mean 2, variance (1+0+1)/3 = 2/3, std 0.8164965809 -> 2 +/- 1.6329931619
    // window 2,3,4: mean 3, same spread;  window 3,4,8: mean 5, variance (4+1+9)/3 = 14/3, std 2.1602468995
    const b = batch.bollinger([1, 2, 3, 4, 8], 3, 2);
    const s1 = Math.sqrt(2 / 3);
    const s3 = Math.sqrt(14 / 3);
    expectSeriesClose(b.mid, [NaN_, NaN_, 2, 3, 5], 'mid');
    expectSeriesClose(b.upper, [NaN_, NaN_, 2 + 2 * s1, 3 + 2 * s1, 5 + 2 * s3], 'upper');
    expectSeriesClose(b.lower, [NaN_, NaN_, 2 - 2 * s1, 3 - 2 * s1, 5 - 2 * s3], 'lower');
  });

  it('has zero width on a flat series and never a negative variance', () => {
    const b = new Bollinger(4, 2);
    for (let i = 0; i < 50; i++) b.update(0.1 * 3);
    expect(b.upper).toBe(b.mid);
    expect(b.lower).toBe(b.mid);
  });

  it('keeps its precision with prices near 1e4 and a spread of cents', () => {
    // sum-of-squares variance would lose every digit here: (1e4)^2 = 1e8 against a variance of ~1e-4
    const b = new Bollinger(4, 1);
    for (let i = 0; i < 1000; i++) b.update(10_000 + (i % 2) * 0.02);
    // window alternates 10000, 10000.02: mean 10000.01, population std 0.01
    expect(Math.abs(b.upper - b.mid - 0.01)).toBeLessThan(1e-9);
  });
});

describe('Donchian channel', () => {
  // highs 5 6 4 7 3 2, lows 1 2 0 3 1 1
  const high = [5, 6, 4, 7, 3, 2];
  const low = [1, 2, 0, 3, 1, 1];

  it('includes the current bar after update', () => {
    // bar 2: max(5,6,4) = 6, min(1,2,0) = 0; bar 3: max(6,4,7) = 7, min(2,0,3) = 0;
    // bar 4: max(4,7,3) = 7, min(0,3,1) = 0; bar 5: max(7,3,2) = 7, min(3,1,1) = 1
    const d = batch.donchian(high, low, 3);
    expectSeriesClose(d.upper, [NaN_, NaN_, 6, 7, 7, 7], 'upper');
    expectSeriesClose(d.lower, [NaN_, NaN_, 0, 0, 0, 1], 'lower');
    expectSeriesClose(d.middle, [NaN_, NaN_, 3, 3.5, 3.5, 4], 'middle');
  });

  it('read before update, it is the channel of the previous n bars (the breakout level)', () => {
    // bar 3 sees bars 0..2: 6 / 0; bar 4 sees 1..3: 7 / 0; bar 5 sees 2..4: 7 / 0
    const d = batch.donchian(high, low, 3, { includeCurrent: false });
    expectSeriesClose(d.upper, [NaN_, NaN_, NaN_, 6, 7, 7], 'upper');
    expectSeriesClose(d.lower, [NaN_, NaN_, NaN_, 0, 0, 0], 'lower');
    const channel = new Donchian(3);
    for (let i = 0; i < 3; i++) channel.update(high[i]!, low[i]!);
    expect([channel.upper, channel.lower]).toEqual([6, 0]);
  });

  it('rolling lowest works on its own too', () => {
    const lowest = new RollingExtreme(2, 'lowest');
    expect([3, 1, 2, 5, 4].map((x) => lowest.update(x))).toEqual([NaN_, 1, 1, 2, 4]);
  });
});

describe('ATR (Wilder)', () => {
  it('matches the hand computation', () => {
    // bars (h, l, c): (10,8,9) (11,9,10) (12,10,11) (11,7,8) (9,8,8.5) (15,13,14)
    // TR from bar 1: max(2,|11-9|,|9-9|) = 2; max(2,|12-10|,|10-10|) = 2; max(4,|11-11|,|7-11|) = 4;
    //   max(1,|9-8|,|8-8|) = 1; max(2,|15-8.5|,|13-8.5|) = 6.5
    // ATR(3): bar 3 (2+2+4)/3 = 8/3; bar 4 (8/3*2 + 1)/3 = 19/9; bar 5 (19/9*2 + 6.5)/3 = 96.5/27
    const h = [10, 11, 12, 11, 9, 15];
    const l = [8, 9, 10, 7, 8, 13];
    const c = [9, 10, 11, 8, 8.5, 14];
    expectSeriesClose(batch.atr(h, l, c, 3), [NaN_, NaN_, NaN_, 8 / 3, 19 / 9, 96.5 / 27]);
    expect(new Atr(3).ready).toBe(false);
  });
});

describe('VWAP', () => {
  it('weights the typical price by volume and restarts on a new session key', () => {
    // session 1: typical (11+9+10)/3 = 10 x 100, (12+10+11)/3 = 11 x 300 -> (1000 + 3300) / 400 = 10.75
    // session 2: a bar with no volume -> NaN; then typical (22+20+21)/3 = 21 x 50 -> 21
    const out = batch.vwap([11, 12, 21, 22], [9, 10, 19, 20], [10, 11, 20, 21], [100, 300, 0, 50], [1, 1, 2, 2]);
    expectSeriesClose(out, [10, 10.75, NaN_, 21]);
    const v = new Vwap();
    v.update(11, 9, 10, 100, 7);
    expect(v.ready).toBe(true);
  });

  it('derives day keys at a fixed offset', () => {
    // 2024-01-01T23:30:00Z is day 19723 in UTC and already 2024-01-02 (19724) at UTC+1
    const t = Date.UTC(2024, 0, 1, 23, 30) / 1000;
    expect(utcDayKey(t)).toBe(19723);
    expect(utcDayKey(t, 3600)).toBe(19724);
  });
});
