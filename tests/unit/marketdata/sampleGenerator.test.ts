import { describe, expect, it } from 'vitest';
import { gaussian, hashSeed, randomFromKey } from '../../../electron/core/marketdata/prng';
import {
  MAX_TICKS_PER_MINUTE,
  MIN_TICKS_PER_MINUTE,
  SampleSeries,
  generateHistory,
  generateMinuteTicks,
  referencePrice,
  toBarColumns,
  type BarArrays,
  type SymbolProfile,
} from '../../../electron/core/marketdata/sampleGenerator';
import { sampleInstruments, sampleMarket } from '../../../electron/core/marketdata/sampleInstruments';

const profiles = sampleMarket().map((l) => l.profile);
const byName = (symbol: string): SymbolProfile => profiles.find((p) => p.symbol === symbol)!;
const ACME = byName('ACME');
const VYX = byName('VYX/USD');
/** 2025-01-06T00:00Z, a whole minute. */
const START = Date.UTC(2025, 0, 6) / 1000;

const isOnGrid = (x: number, step: number, decimals: number) =>
  Math.abs(x / step - Math.round(x / step)) < 1e-6 && Number(x.toFixed(decimals)) === x;

describe('prng', () => {
  it('is deterministic per key and uniform enough', () => {
    const a = randomFromKey(12345);
    const b = randomFromKey(12345);
    const draws = Array.from({ length: 10_000 }, () => a());
    expect(draws).toEqual(Array.from({ length: 10_000 }, () => b()));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
    const mean = draws.reduce((s, x) => s + x, 0) / draws.length;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
    const c = randomFromKey(12346);
    expect(c()).not.toBe(randomFromKey(12345)());
  });

  it('gives standard normals', () => {
    const r = randomFromKey(7);
    const xs = Array.from({ length: 20_000 }, () => gaussian(r));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(variance).toBeGreaterThan(0.95);
    expect(variance).toBeLessThan(1.05);
  });

  it('keeps the high bits of a seed and refuses non-integers', () => {
    expect(hashSeed(1)).not.toBe(hashSeed(2 ** 32 + 1));
    expect(hashSeed(-1)).not.toBe(hashSeed(2 ** 32 - 1));
    expect(() => hashSeed(1.5)).toThrow(/safe integer/);
  });
});

describe('sample instruments', () => {
  it('lists six fictional paper instruments with their trading rules', () => {
    const instruments = sampleInstruments();
    expect(instruments).toHaveLength(6);
    expect(new Set(instruments.map((i) => i.symbol)).size).toBe(6);
    for (const i of instruments) {
      expect(i.venue).toBe('paper');
      expect(i.name).toMatch(/sample/);
      expect(i.tickSize).toBe('0.01');
    }
    const equities = instruments.filter((i) => i.assetClass === 'us_equity');
    const crypto = instruments.filter((i) => i.assetClass === 'crypto');
    expect(equities).toHaveLength(4);
    expect(crypto).toHaveLength(2);
    for (const e of equities) expect([e.lotSize, e.fractionable, e.minNotional]).toEqual(['1', false, '1']);
    for (const c of crypto) expect([c.lotSize, c.fractionable, c.minNotional]).toEqual(['0.0001', true, '10']);
    const levels = equities.map((e) => referencePrice(byName(e.symbol), START));
    expect(Math.min(...levels)).toBeGreaterThanOrEqual(20);
    expect(Math.max(...levels)).toBeLessThanOrEqual(700);
  });

  it('returns fresh objects, so callers may fill in prices', () => {
    const a = sampleInstruments();
    a[0]!.lastPrice = 1;
    expect(sampleInstruments()[0]!.lastPrice).toBeNull();
  });
});

describe('generateHistory', () => {
  it('is deterministic for a seed and differs across seeds and symbols', () => {
    const a = generateHistory(ACME, 42, START, 2_000);
    const b = generateHistory(ACME, 42, START, 2_000);
    expect(b).toEqual(a);
    const otherSeed = generateHistory(ACME, 43, START, 2_000);
    expect(otherSeed.c).not.toEqual(a.c);
    const otherSymbol = generateHistory({ ...ACME, symbol: 'ACMX' }, 42, START, 2_000);
    expect(otherSymbol.c).not.toEqual(a.c);
  });

  it('continues exactly across a restart: two halves equal one run', () => {
    for (const profile of [ACME, VYX]) {
      const whole = generateHistory(profile, 9, START, 3_000);
      const first = generateHistory(profile, 9, START, 1_234);
      const second = generateHistory(profile, 9, START + 1_234 * 60, 3_000 - 1_234, first.c[1_233]);
      const joined = (k: keyof BarArrays) => [...first[k], ...second[k]];
      for (const k of ['t', 'o', 'h', 'l', 'c', 'v'] as const) expect(joined(k)).toEqual([...whole[k]]);
    }
  });

  it('keeps OHLC invariants, tick and lot grids and sane levels over 100k bars per symbol', () => {
    for (const profile of profiles) {
      const n = 100_000;
      const bars = generateHistory(profile, 2024, START, n);
      const level = referencePrice(profile, START);
      for (let i = 0; i < n; i++) {
        const [t, o, h, l, c, v] = [bars.t[i]!, bars.o[i]!, bars.h[i]!, bars.l[i]!, bars.c[i]!, bars.v[i]!];
        const ok =
          t === START + i * 60 &&
          [o, h, l, c, v].every(Number.isFinite) &&
          h >= Math.max(o, c) &&
          l <= Math.min(o, c) &&
          l > 0 &&
          v >= profile.lotSize * MIN_TICKS_PER_MINUTE &&
          isOnGrid(o, profile.tickSize, 2) &&
          isOnGrid(h, profile.tickSize, 2) &&
          isOnGrid(l, profile.tickSize, 2) &&
          isOnGrid(c, profile.tickSize, 2);
        if (!ok) throw new Error(`${profile.symbol} bar ${i} breaks an invariant: ${JSON.stringify({ t, o, h, l, c, v })}`);
      }
      // ~70 days of mean-reverting drift: the price stays within a plausible band of its level.
      const closes = Array.from(bars.c);
      expect(closes.reduce((a, b) => Math.min(a, b))).toBeGreaterThan(level / 3);
      expect(closes.reduce((a, b) => Math.max(a, b))).toBeLessThan(level * 3);
    }
  });

  it('shows volatility regimes and an intraday U-shaped volume for equities', () => {
    const days = 60;
    const bars = generateHistory(ACME, 5, START, days * 1440);
    // Volume by minute of the day: the session (13:30-20:00 UTC) dwarfs the night, and its
    // first and last half hours are busier than its middle.
    const byMinute = new Float64Array(1440);
    for (let i = 0; i < bars.t.length; i++) byMinute[i % 1440]! += bars.v[i]!;
    const mean = (from: number, to: number) => byMinute.slice(from, to).reduce((s, x) => s + x, 0) / (to - from);
    const open = mean(13 * 60 + 30, 14 * 60);
    const midday = mean(16 * 60 + 30, 17 * 60);
    const close = mean(19 * 60 + 30, 20 * 60);
    const night = mean(2 * 60, 6 * 60);
    expect(open).toBeGreaterThan(1.5 * midday);
    expect(close).toBeGreaterThan(1.5 * midday);
    expect(midday).toBeGreaterThan(5 * night);

    // Volatility regimes: realised volatility of 3-hour session-free crypto blocks varies a lot.
    const crypto = generateHistory(VYX, 5, START, days * 1440);
    const blockVols: number[] = [];
    for (let b = 0; b + 180 <= crypto.c.length; b += 180) {
      let s2 = 0;
      for (let i = b + 1; i < b + 180; i++) s2 += Math.log(crypto.c[i]! / crypto.c[i - 1]!) ** 2;
      blockVols.push(Math.sqrt(s2));
    }
    blockVols.sort((x, y) => x - y);
    const q = (p: number) => blockVols[Math.floor(p * (blockVols.length - 1))]!;
    expect(q(0.9) / q(0.1)).toBeGreaterThan(2);
  });

  it('refuses times that are not whole minutes and nonsense closes', () => {
    expect(() => generateHistory(ACME, 1, START + 30, 10)).toThrow(/whole minutes/);
    expect(() => generateHistory(ACME, 1, START, 10, Number.NaN)).toThrow(/positive finite/);
    expect(() => generateHistory(ACME, 1, START, -1)).toThrow(/non-negative integer/);
    expect(() => generateHistory({ ...ACME, tickSize: 0 }, 1, START, 1)).toThrow(/tickSize/);
    expect(generateHistory(ACME, 1, START, 0).t).toHaveLength(0);
  });

  it('converts to the contract columns with plain arrays', () => {
    const cols = toBarColumns('ACME', '1m', generateHistory(ACME, 1, START, 3));
    expect(cols.symbol).toBe('ACME');
    expect(Array.isArray(cols.c)).toBe(true);
    expect(cols.t).toEqual([START, START + 60, START + 120]);
  });
});

describe('generateMinuteTicks', () => {
  it('aggregates exactly to the bar of that minute', () => {
    for (const profile of profiles) {
      const bars = generateHistory(profile, 77, START, 2_000);
      for (let i = 1; i < bars.t.length; i++) {
        const ticks = generateMinuteTicks(profile, 77, bars.t[i]!, bars.c[i - 1]!);
        const n = ticks.prices.length;
        expect(n).toBeGreaterThanOrEqual(MIN_TICKS_PER_MINUTE);
        expect(n).toBeLessThanOrEqual(MAX_TICKS_PER_MINUTE);
        expect(ticks.volumes).toHaveLength(n);
        const bar = {
          o: ticks.prices[0],
          h: Math.max(...ticks.prices),
          l: Math.min(...ticks.prices),
          c: ticks.prices[n - 1],
          v: ticks.volumes.reduce((s, x) => s + x, 0),
        };
        expect(bar).toEqual({ o: bars.o[i], h: bars.h[i], l: bars.l[i], c: bars.c[i], v: bars.v[i] });
        for (let k = 0; k < n; k++) {
          const offset = ticks.offsetsMs[k]!;
          expect(offset).toBeGreaterThan(0);
          expect(offset).toBeLessThan(60_000);
          if (k > 0) expect(offset).toBeGreaterThan(ticks.offsetsMs[k - 1]!);
          expect(ticks.volumes[k]!).toBeGreaterThanOrEqual(profile.lotSize);
        }
      }
    }
  });

  it('matches what a long-lived SampleSeries produces', () => {
    const series = new SampleSeries(VYX, 3);
    for (let i = 0; i < 500; i++) {
      const t = START + i * 60 * 37;
      expect(series.minuteTicks(t, 2_000)).toEqual(generateMinuteTicks(VYX, 3, t, 2_000));
    }
  });
});
