import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookFills } from '../../../electron/core/analytics/bookedFill';
import { computeMetrics, correlationMatrix } from '../../../electron/core/analytics/metrics';
import { buildPortfolioReport } from '../../../electron/core/analytics/portfolioReport';
import { matchRoundTrips, roundTrips, totalPnl } from '../../../electron/core/analytics/roundTrips';
import { Decimal, ZERO } from '../../../electron/core/domain/decimal';
import type { Fill } from '../../../shared/contract/orders';
import { PortfolioReport } from '../../../shared/contract/portfolio';
import { ACCOUNT, testBooks } from './books';
import { HOUR, MINUTE, T0, utcDay } from './fixtures';

/** Every number anywhere in the value is finite (null is fine; NaN and Infinity are not). */
function nonFiniteNumbers(value: unknown, path = '$'): string[] {
  if (typeof value === 'number') return Number.isFinite(value) ? [] : [`${path} = ${value}`];
  if (Array.isArray(value)) return value.flatMap((v, i) => nonFiniteNumbers(v, `${path}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => nonFiniteNumbers(v, `${path}.${k}`));
  return [];
}

/** Equity curves of any shape: flat, to zero, negative, huge, a single point, with gaps of days. */
const curveArb = fc
  .array(
    fc.record({
      gapMs: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 3 * MINUTE }), fc.integer({ min: 1, max: 3 * 86_400_000 })),
      value: fc.oneof(fc.double({ min: -1e6, max: 1e9, noNaN: true }), fc.constantFrom(0, 1e-300, 100, 100)),
    }),
    { maxLength: 80 },
  )
  .map((points) => {
    const t: number[] = [];
    const v: number[] = [];
    let now = T0;
    for (const p of points) {
      now += p.gapMs;
      t.push(now);
      v.push(p.value);
    }
    return { t, v };
  });

const fillArb = fc.record({
  symbol: fc.constantFrom('A', 'B', 'C/USD'),
  side: fc.constantFrom<'buy' | 'sell'>('buy', 'sell'),
  qty: fc.integer({ min: 1, max: 50 }).map((q) => (q / 10).toString()),
  price: fc.integer({ min: 1, max: 5000 }).map((p) => (p / 100).toString()),
  fee: fc.constantFrom('0', '0.01', '0.5'),
  gapMs: fc.integer({ min: 0, max: 6 * HOUR }),
});

function toFills(specs: Array<{ symbol: string; side: 'buy' | 'sell'; qty: string; price: string; fee: string; gapMs: number }>): Fill[] {
  let at = T0;
  return specs.map((s, i) => {
    at += s.gapMs;
    return { id: `f${i}`, orderId: `o${i}`, clientOrderId: `c${i}`, accountId: ACCOUNT, symbol: s.symbol, side: s.side, qty: s.qty, price: s.price, fee: s.fee, feeCurrency: 'USD', liquidity: 'taker', venueTradeId: `v${i}`, at };
  });
}

describe('no NaN, no Infinity (properties)', () => {
  it('computeMetrics over arbitrary equity curves and trades', () => {
    fc.assert(
      fc.property(curveArb, fc.array(fc.integer({ min: -1000, max: 1000 }), { maxLength: 20 }), (equity, pnls) => {
        const metrics = computeMetrics({
          equity,
          dayOf: utcDay,
          trades: pnls.map((p, i) => ({ pnl: new Decimal(p), holdingMs: i * 1000 })),
          positionIntervals: [{ from: T0, to: T0 + HOUR }],
          tradedNotional: new Decimal(12345),
        });
        expect(nonFiniteNumbers(metrics)).toEqual([]);
        if (metrics.maxDrawdown !== null) expect(metrics.maxDrawdown).toBeGreaterThanOrEqual(0);
        if (metrics.var95 !== null) expect(metrics.var95).toBeGreaterThanOrEqual(0);
        if (metrics.exposure !== null) expect(metrics.exposure).toBeLessThanOrEqual(1);
      }),
      { numRuns: 400 },
    );
  });

  it('correlation of arbitrary series stays within [-1, 1] or null', () => {
    const seriesArb = fc.array(fc.oneof(fc.double({ min: -1, max: 1, noNaN: true }), fc.constant(null)), { maxLength: 30 });
    fc.assert(
      fc.property(seriesArb, seriesArb, seriesArb, (a, b, c) => {
        const { matrix } = correlationMatrix({ a, b, c });
        for (const row of matrix) for (const r of row) if (r !== null) expect(Math.abs(r)).toBeLessThanOrEqual(1);
        expect(nonFiniteNumbers(matrix)).toEqual([]);
      }),
    );
  });
});

describe('round trips add up (property)', () => {
  it('closed trades plus open lots marked at their entry are exactly the cash flow', () => {
    fc.assert(
      fc.property(fc.array(fillArb, { maxLength: 40 }), (specs) => {
        const fills = toFills(specs);
        const { trades, open } = roundTrips(fills, { accountCurrency: 'USD' });
        // Cash: sells receive notional, buys pay it, every fee is paid.
        let cash = ZERO;
        for (const f of fills) {
          const notional = new Decimal(f.qty).times(f.price);
          cash = (f.side === 'sell' ? cash.plus(notional) : cash.minus(notional)).minus(f.fee);
        }
        // What the open lots moved: a long lot paid qty * entry, a short one received it; each paid its part of the fee.
        let openCash = ZERO;
        for (const lot of open) {
          const value = lot.qty.times(lot.entryPrice);
          openCash = (lot.direction === 'long' ? openCash.minus(value) : openCash.plus(value)).minus(lot.fees);
        }
        expect(totalPnl(trades).plus(openCash).toFixed()).toBe(cash.toFixed());
        for (const t of trades) {
          expect(t.qty.gt(0)).toBe(true);
          expect(t.holdingMs).toBeGreaterThanOrEqual(0);
        }
        // Open lots per symbol are all on one side.
        const sides = new Map<string, Set<string>>();
        for (const lot of open) sides.set(lot.symbol, (sides.get(lot.symbol) ?? new Set()).add(lot.direction));
        for (const s of sides.values()) expect(s.size).toBe(1);
        // Matching the booked fills directly gives the same trades.
        expect(matchRoundTrips(bookFills(fills, 'USD')).trades.length).toBe(trades.length);
      }),
      { numRuns: 300 },
    );
  });
});

describe('the report over random books (property)', () => {
  let b: ReturnType<typeof testBooks>;
  beforeAll(() => (b = testBooks(T0)));
  afterAll(() => b.close());

  it('always parses, holds no NaN, and total = equity - starting cash', () => {
    let start = T0;
    fc.assert(
      fc.property(fc.array(fillArb, { minLength: 1, maxLength: 25 }), fc.integer({ min: 1, max: 9000 }), (specs, markCents) => {
        // Each run on its own days, after everything before it (the store keeps growing).
        b.db.exec('DELETE FROM fills; DELETE FROM orders; DELETE FROM positions; DELETE FROM equity_snapshots;');
        b.db.prepare("UPDATE accounts SET cash = '100000', day_start_equity = '100000'").run();
        start += 30 * 86_400_000;
        b.clock.now = start;
        for (const s of ['A', 'B', 'C/USD']) b.setMark(s, markCents / 100);
        const fills = toFills(specs).map((f) => ({ ...f, at: f.at - T0 + start }));
        for (const f of fills) {
          b.clock.now = f.at;
          b.book({ symbol: f.symbol, side: f.side, qty: f.qty, price: f.price, fee: f.fee, at: f.at, owner: f.side === 'buy' ? 'bot:x' : 'manual' });
          b.recompute();
        }
        b.clock.now += HOUR;
        const priceAt = (s: string) => new Decimal(markCents / 100 + s.length);
        for (const query of [{}, { botId: 'x' }, { symbol: 'A' }, { botId: 'x', symbol: 'C/USD' }, { from: start + HOUR }]) {
          const report = buildPortfolioReport(b.deps({ priceAt, groups: () => [{ name: 'S', kind: 'sector', symbols: ['A'] }] }), { accountId: ACCOUNT, ...query });
          expect(nonFiniteNumbers(report)).toEqual([]);
          PortfolioReport.parse(report);
        }
        const account = buildPortfolioReport(b.deps(), { accountId: ACCOUNT });
        expect(account.pnl.total).toBe(b.equityNow().minus(100000).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed());
      }),
      { numRuns: 60 },
    );
  });
});
