import fc from 'fast-check';
import { describe, it } from 'vitest';
import * as batch from '../../../shared/indicators/batch';
import { expectSeriesClose } from './closeTo';
import { refAtr, refBollinger, refDonchian, refEma, refMacd, refRsi, refSma, refVwap } from './reference';

/** Prices between 1 and 1000, the series up to 300 bars. */
const prices = fc.array(fc.double({ min: 1, max: 1000, noNaN: true, noDefaultInfinity: true }), { maxLength: 300 });
const period = fc.integer({ min: 1, max: 40 });

/** Bars whose high >= max(open-ish close, low): high = c + up, low = c - down. */
const bars = fc
  .array(
    fc.record({
      c: fc.double({ min: 10, max: 1000, noNaN: true, noDefaultInfinity: true }),
      up: fc.double({ min: 0, max: 5, noNaN: true, noDefaultInfinity: true }),
      down: fc.double({ min: 0, max: 5, noNaN: true, noDefaultInfinity: true }),
      v: fc.integer({ min: 0, max: 10_000 }),
      newSession: fc.boolean(),
    }),
    { maxLength: 300 },
  )
  .map((rows) => {
    let session = 0;
    return {
      h: rows.map((r) => r.c + r.up),
      l: rows.map((r) => r.c - r.down),
      c: rows.map((r) => r.c),
      v: rows.map((r) => r.v),
      session: rows.map((r) => (r.newSession ? ++session : session)),
    };
  });

describe('incremental indicators equal the straightforward reference on random data (1e-9 relative)', () => {
  it('SMA', () => {
    fc.assert(fc.property(prices, period, (xs, n) => expectSeriesClose(batch.sma(xs, n), refSma(xs, n))));
  });

  it('EMA', () => {
    fc.assert(fc.property(prices, period, (xs, n) => expectSeriesClose(batch.ema(xs, n), refEma(xs, n))));
  });

  it('RSI', () => {
    fc.assert(fc.property(prices, period, (xs, n) => expectSeriesClose(batch.rsi(xs, n), refRsi(xs, n))));
  });

  it('MACD line, signal and histogram', () => {
    fc.assert(
      fc.property(prices, period, period, period, (xs, a, b, signal) => {
        const fast = Math.min(a, b);
        const slow = Math.max(a, b) + 1;
        const got = batch.macd(xs, fast, slow, signal);
        const want = refMacd(xs, fast, slow, signal);
        expectSeriesClose(got.macd, want.macd, 'macd');
        expectSeriesClose(got.signal, want.signal, 'signal');
        expectSeriesClose(got.histogram, want.histogram, 'histogram');
      }),
    );
  });

  it('Bollinger Bands', () => {
    fc.assert(
      fc.property(prices, period, fc.double({ min: 0, max: 4, noNaN: true }), (xs, n, k) => {
        const got = batch.bollinger(xs, n, k);
        const want = refBollinger(xs, n, k);
        expectSeriesClose(got.mid, want.mid, 'mid');
        expectSeriesClose(got.upper, want.upper, 'upper');
        expectSeriesClose(got.lower, want.lower, 'lower');
      }),
    );
  });

  it('Donchian channel, including and excluding the current bar', () => {
    fc.assert(
      fc.property(bars, period, (b, n) => {
        const want = refDonchian(b.h, b.l, n);
        const including = batch.donchian(b.h, b.l, n);
        expectSeriesClose(including.upper, want.upper, 'upper');
        expectSeriesClose(including.lower, want.lower, 'lower');
        const excluding = batch.donchian(b.h, b.l, n, { includeCurrent: false });
        expectSeriesClose(excluding.upper, [Number.NaN, ...want.upper.slice(0, -1)].slice(0, b.h.length), 'previous upper');
        expectSeriesClose(excluding.lower, [Number.NaN, ...want.lower.slice(0, -1)].slice(0, b.l.length), 'previous lower');
      }),
    );
  });

  it('ATR', () => {
    fc.assert(fc.property(bars, period, (b, n) => expectSeriesClose(batch.atr(b.h, b.l, b.c, n), refAtr(b.h, b.l, b.c, n))));
  });

  it('VWAP', () => {
    fc.assert(fc.property(bars, (b) => expectSeriesClose(batch.vwap(b.h, b.l, b.c, b.v, b.session), refVwap(b.h, b.l, b.c, b.v, b.session))));
  });
});
