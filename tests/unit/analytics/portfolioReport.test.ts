import { afterEach, describe, expect, it } from 'vitest';
import { buildPortfolioReport, startOfDay } from '../../../electron/core/analytics/portfolioReport';
import type { PriceAt } from '../../../electron/core/analytics/scopeBooks';
import { ApiError } from '../../../electron/core/api/errors';
import { Decimal } from '../../../electron/core/domain/decimal';
import { PortfolioReport } from '../../../shared/contract/portfolio';
import { ACCOUNT, testBooks } from './books';
import { DAY, HOUR, T0, utcDay } from './fixtures';

/** Prices that step at given times: the price at t is the last step at or before t. */
function pricePath(steps: Record<string, Array<[number, number]>>): PriceAt {
  return (symbol, t) => {
    let price: number | null = null;
    for (const [at, p] of steps[symbol] ?? []) if (at <= t) price = p;
    return price === null ? null : new Decimal(price);
  };
}

const D1 = T0; // 2026-03-02
const D2 = T0 + DAY; // 2026-03-03

let books: ReturnType<typeof testBooks> | undefined;
afterEach(() => {
  books?.close();
  books = undefined;
});

describe('portfolio report: the account', () => {
  it('made 1,000 yesterday and lost 200 today: today is -200, total is 800', () => {
    const b = (books = testBooks(D1 + 14 * HOUR));
    // Day 1, 14:00: buy 10 ACME @100 (cash 100,000 -> 99,000), equity 100,000.
    b.setMark('ACME', 100);
    b.book({ symbol: 'ACME', side: 'buy', qty: '10', price: '100', at: b.clock.now });
    b.recompute();
    // Day 1, 20:00: ACME 200 -> equity 99,000 + 2,000 = 101,000 (+1,000 on the day).
    b.clock.now = D1 + 20 * HOUR;
    b.setMark('ACME', 200);
    b.recompute();
    // Day 2, 14:30: first look of the day, still 200: the day starts at 101,000.
    b.clock.now = D2 + 14 * HOUR + 30 * 60_000;
    b.recompute();
    // Day 2, 15:00: ACME 180 -> equity 100,800: today -200; total = unrealised (180 - 100) * 10 = 800.
    b.clock.now = D2 + 15 * HOUR;
    b.setMark('ACME', 180);

    const r = PortfolioReport.parse(buildPortfolioReport(b.deps(), { accountId: ACCOUNT }));
    expect(r.pnl).toEqual({ realized: '0', unrealized: '800', today: '-200', total: '800', fees: '0' });
    expect(r.scope).toEqual({ botId: null, symbol: null });
    expect(r.currency).toBe('USD');
    // The snapshots plus the equity now.
    expect(r.equityCurve).toEqual({ t: [D1 + 14 * HOUR, D1 + 20 * HOUR, D2 + 14.5 * HOUR, D2 + 15 * HOUR], equity: [100000, 101000, 101000, 100800] });
    // Day 1: 101,000 / 100,000 - 1 = 0.01. Day 2: 100,800 / 101,000 - 1 = -0.001980198...; compounded 1.01 * 0.99801980 - 1 = 0.008
    expect(r.dailyReturns.day).toEqual(['2026-03-02', '2026-03-03']);
    expect(r.dailyReturns.ret[0]).toBeCloseTo(0.01, 12);
    expect(r.dailyReturns.ret[1]).toBeCloseTo(-200 / 101000, 12);
    expect(r.dailyReturns.cumulative[1]).toBeCloseTo(0.008, 12);
    expect(r.metrics.totalReturn).toBeCloseTo(0.008, 12);
    // Down 200 from the 101,000 peak first reached day 1 20:00, not recovered: 19 hours to now.
    expect(r.metrics.maxDrawdown).toBeCloseTo(200 / 101000, 12);
    expect(r.metrics.maxDrawdownDurationMs).toBe(19 * HOUR);
    expect(r.metrics.exposure).toBe(1);
    expect(r.metrics.tradeCount).toBe(0);
    // Two returns: Sharpe is defined; one of them is a loss, so Sortino is too.
    expect(r.metrics.sharpe).not.toBeNull();
    expect(r.exposure.bySymbol).toEqual([{ key: 'ACME', long: '1800', short: '0', net: '1800', gross: '1800' }]);
  });

  it('a zero-quantity position: its realised P&L counts (net of fees); no unrealised, no exposure row', () => {
    const b = (books = testBooks(D1 + 10 * HOUR));
    b.recompute(); // 100,000 at 10:00
    // Buy 5 BETA @20 fee 1 (11:00), sell 5 @30 fee 1 (13:00): realised (30 - 20) * 5 = 50 gross, 48 after fees.
    b.book({ symbol: 'BETA', side: 'buy', qty: '5', price: '20', fee: '1', at: D1 + 11 * HOUR });
    b.book({ symbol: 'BETA', side: 'sell', qty: '5', price: '30', fee: '1', at: D1 + 13 * HOUR });
    b.clock.now = D1 + 13 * HOUR;
    b.recompute(); // 100,048
    b.clock.now = D1 + 16 * HOUR;
    expect(b.accounts.position(ACCOUNT, 'BETA')!.qty.isZero()).toBe(true);

    const r = PortfolioReport.parse(buildPortfolioReport(b.deps(), { accountId: ACCOUNT }));
    // The account opened today, so today's P&L is all of it.
    expect(r.pnl).toEqual({ realized: '48', unrealized: '0', today: '48', total: '48', fees: '2' });
    expect(r.exposure).toEqual({ bySymbol: [], bySector: [], byGroup: [] });
    // One winning trade: profit factor null, not Infinity.
    expect(r.metrics).toMatchObject({ tradeCount: 1, winRate: 1, profitFactor: null, avgWin: 48, avgLoss: null, avgHoldingMs: 2 * HOUR });
    // Held 11:00-13:00 of the window 10:00-16:00: 2 / 6.
    expect(r.metrics.exposure).toBeCloseTo(1 / 3, 12);
    // Turnover: notional 100 + 150 = 250 over the average equity (100,000 for 3 h, 100,048 for 3 h = 100,024).
    expect(r.metrics.turnover).toBeCloseTo(250 / 100024, 12);
    expect(r.equityCurve.equity).toEqual([100000, 100048, 100048]);
  });

  it('exposure by symbol, by sector (risk groups of kind sector, else Unassigned) and by asset class', () => {
    const b = (books = testBooks(D1 + 10 * HOUR));
    b.book({ symbol: 'ACME', side: 'buy', qty: '10', price: '100', at: D1 + 10 * HOUR });
    b.book({ symbol: 'BETA', side: 'sell', qty: '5', price: '20', at: D1 + 10 * HOUR });
    b.book({ symbol: 'ZETA/USD', side: 'buy', qty: '0.5', price: '1000', at: D1 + 10 * HOUR });
    b.setMark('ACME', 110);
    b.setMark('BETA', 22);
    // No mark for ZETA/USD: valued at its average cost, as the account view does.
    const groups = () => [
      { name: 'Tech', kind: 'sector', symbols: ['ACME', 'BETA'] },
      { name: 'Pair', kind: 'correlation', symbols: ['ACME', 'ZETA/USD'] },
    ];
    const assetClassOf = (s: string) => (s.includes('/') ? 'crypto' : 'us_equity');
    const r = buildPortfolioReport(b.deps({ groups, assetClassOf }), { accountId: ACCOUNT });
    // ACME 10 * 110 = 1,100 long; BETA -5 * 22 = 110 short; ZETA 0.5 * 1,000 = 500 long.
    expect(r.exposure.bySymbol).toEqual([
      { key: 'ACME', long: '1100', short: '0', net: '1100', gross: '1100' },
      { key: 'ZETA/USD', long: '500', short: '0', net: '500', gross: '500' },
      { key: 'BETA', long: '0', short: '110', net: '-110', gross: '110' },
    ]);
    expect(r.exposure.bySector).toEqual([
      { key: 'Tech', long: '1100', short: '110', net: '990', gross: '1210' },
      { key: 'Unassigned', long: '500', short: '0', net: '500', gross: '500' },
    ]);
    expect(r.exposure.byGroup).toEqual([
      { key: 'us_equity', long: '1100', short: '110', net: '990', gross: '1210' },
      { key: 'crypto', long: '500', short: '0', net: '500', gross: '500' },
    ]);
    // Without groups every symbol is Unassigned.
    expect(buildPortfolioReport(b.deps(), { accountId: ACCOUNT }).exposure.bySector.map((row) => row.key)).toEqual(['Unassigned']);
  });

  it('correlations of the symbols daily price returns: opposite -1, constant null; without prices the matrix is null', () => {
    const b = (books = testBooks(D1 + 20 * HOUR));
    b.book({ symbol: 'ACME', side: 'buy', qty: '1', price: '100', at: D1 + 20 * HOUR });
    b.book({ symbol: 'BETA', side: 'buy', qty: '1', price: '50', at: D1 + 20 * HOUR });
    b.book({ symbol: 'FLAT', side: 'buy', qty: '1', price: '10', at: D1 + 20 * HOUR });
    // Closes on four days: ACME 100, 110, 99, 108.9 (+10%, -10%, +10%); BETA 50, 45, 49.5, 44.55 (-10%, +10%, -10%); FLAT 10.
    const acme = [100, 110, 99, 108.9];
    const beta = [50, 45, 49.5, 44.55];
    const closes = [0, 1, 2, 3].map((d) => D1 + d * DAY + 20 * HOUR);
    const priceAt = pricePath({
      ACME: closes.map((t, i) => [t, acme[i]!]),
      BETA: closes.map((t, i) => [t, beta[i]!]),
      FLAT: closes.map((t) => [t, 10]),
    });
    for (const [i, t] of closes.entries()) {
      b.clock.now = t;
      b.setMark('ACME', acme[i]!);
      b.setMark('BETA', beta[i]!);
      b.setMark('FLAT', 10);
      b.recompute();
    }
    const r = buildPortfolioReport(b.deps({ priceAt }), { accountId: ACCOUNT });
    // Held first, by notional: ACME 100, BETA 50, FLAT 10.
    expect(r.correlation.symbols).toEqual(['ACME', 'BETA', 'FLAT']);
    expect(r.correlation.matrix).toEqual([
      [1, -1, null],
      [-1, 1, null],
      [null, null, null],
    ]);
    expect(buildPortfolioReport(b.deps(), { accountId: ACCOUNT }).correlation.matrix).toEqual([
      [null, null, null],
      [null, null, null],
      [null, null, null],
    ]);
  });

  it('from narrows the curve, the returns and the trades, not the P&L', () => {
    const b = (books = testBooks(D1 + 10 * HOUR));
    b.recompute();
    b.book({ symbol: 'A', side: 'buy', qty: '1', price: '10', at: D1 + 11 * HOUR });
    b.book({ symbol: 'A', side: 'sell', qty: '1', price: '15', at: D1 + 12 * HOUR });
    b.clock.now = D2 + 10 * HOUR;
    b.recompute();
    b.book({ symbol: 'A', side: 'buy', qty: '1', price: '10', at: D2 + 11 * HOUR });
    b.book({ symbol: 'A', side: 'sell', qty: '1', price: '12', at: D2 + 12 * HOUR });
    b.clock.now = D2 + 13 * HOUR;
    const r = buildPortfolioReport(b.deps(), { accountId: ACCOUNT, from: D2 });
    expect(r.pnl.total).toBe('7');
    expect(r.metrics.tradeCount).toBe(1);
    expect(r.equityCurve.t[0]).toBe(D2 + 10 * HOUR);
  });

  it('an unknown account is NOT_FOUND', () => {
    const b = (books = testBooks(D1));
    expect(() => buildPortfolioReport(b.deps(), { accountId: 'nope' })).toThrow(ApiError);
  });
});

describe('portfolio report: a bot or a symbol', () => {
  it("a bot's P&L, trades and exposure come from its own fills only", () => {
    const b = (books = testBooks(D1 + 9 * HOUR));
    b.recompute(); // 100,000 at 09:00: the base of the bot's curve
    b.book({ symbol: 'ACME', side: 'buy', qty: '10', price: '100', at: D1 + 10 * HOUR }); // manual
    b.book({ owner: 'bot:alpha', symbol: 'BETA', side: 'buy', qty: '5', price: '20', fee: '1', at: D1 + 11 * HOUR });
    b.book({ owner: 'bot:alpha', symbol: 'BETA', side: 'sell', qty: '5', price: '30', fee: '1', at: D1 + 12 * HOUR });
    b.book({ owner: 'bot:alpha', symbol: 'ACME', side: 'buy', qty: '2', price: '150', fee: '0.5', at: D1 + 13 * HOUR });
    b.book({ owner: 'bot:beta', symbol: 'ACME', side: 'buy', qty: '1', price: '150', at: D1 + 13.5 * HOUR });
    b.setMark('ACME', 180);
    b.clock.now = D1 + 16 * HOUR;

    // alpha: realised (30 - 20) * 5 = 50 less fees 1 + 1 + 0.5 = 47.5; unrealised (180 - 150) * 2 = 60; total 107.5.
    const r = PortfolioReport.parse(buildPortfolioReport(b.deps(), { accountId: ACCOUNT, botId: 'alpha' }));
    expect(r.scope).toEqual({ botId: 'alpha', symbol: null });
    // The bot began today, so today's P&L is all of it.
    expect(r.pnl).toEqual({ realized: '47.5', unrealized: '60', today: '107.5', total: '107.5', fees: '2.5' });
    expect(r.metrics).toMatchObject({ tradeCount: 1, winRate: 1, profitFactor: null, avgWin: 48 });
    expect(r.exposure.bySymbol).toEqual([{ key: 'ACME', long: '360', short: '0', net: '360', gross: '360' }]);
    // Its curve: the account's 100,000 just before its first fill, then base + its cash flow + its units marked
    // (at the last fill's price between fills: no priceAt here; at the mark now):
    //   11:00 buy 5 BETA @20 fee 1:  cash -101,            units 5 * 20 = 100  -> 99,999
    //   12:00 sell 5 BETA @30 fee 1: cash -101 + 149 = 48,  no units            -> 100,048
    //   13:00 buy 2 ACME @150 fee .5: cash 48 - 300.5 = -252.5, 2 * 150 = 300   -> 100,047.5
    //   16:00 now, ACME at 180:        cash -252.5,          2 * 180 = 360       -> 100,107.5
    expect(r.equityCurve.t).toEqual([D1 + 11 * HOUR - 1, D1 + 11 * HOUR, D1 + 12 * HOUR, D1 + 13 * HOUR, D1 + 16 * HOUR]);
    expect(r.equityCurve.equity).toEqual([100000, 99999, 100048, 100047.5, 100107.5]);
    expect(r.metrics.totalReturn).toBeCloseTo(107.5 / 100000, 12);

    // The same bot narrowed to ACME: no closed trade, the fee of its one fill, the same unrealised.
    const acme = buildPortfolioReport(b.deps(), { accountId: ACCOUNT, botId: 'alpha', symbol: 'ACME' });
    expect(acme.pnl).toEqual({ realized: '-0.5', unrealized: '60', today: '59.5', total: '59.5', fees: '0.5' });
    expect(acme.metrics.tradeCount).toBe(0);

    // A bot with no fills: zero P&L, an empty curve, every ratio null.
    const idle = PortfolioReport.parse(buildPortfolioReport(b.deps(), { accountId: ACCOUNT, botId: 'idle' }));
    expect(idle.pnl).toEqual({ realized: '0', unrealized: '0', today: '0', total: '0', fees: '0' });
    expect(idle.equityCurve).toEqual({ t: [], equity: [] });
    expect(idle.metrics.sharpe).toBeNull();
  });

  it("a symbol held overnight: today is from yesterday's close (priceAt), total since the first fill", () => {
    const b = (books = testBooks(D1 + 14 * HOUR));
    b.setMark('ACME', 100);
    b.book({ symbol: 'ACME', side: 'buy', qty: '10', price: '100', at: D1 + 14 * HOUR });
    b.recompute();
    b.clock.now = D1 + 20 * HOUR;
    b.setMark('ACME', 200);
    b.recompute();
    b.clock.now = D2 + 15 * HOUR;
    b.setMark('ACME', 180);
    const priceAt = pricePath({ ACME: [[D1 + 14 * HOUR, 100], [D1 + 20 * HOUR, 200], [D2 + 15 * HOUR, 180]] });
    const r = buildPortfolioReport(b.deps({ priceAt }), { accountId: ACCOUNT, symbol: 'ACME' });
    // Yesterday's close 200: (200 - 100) * 10 = +1,000; now 180: -200 today; 800 in all.
    expect(r.pnl).toEqual({ realized: '0', unrealized: '800', today: '-200', total: '800', fees: '0' });
    // Points: base, the fill, day 1's last snapshot (20:00), the last instant of day 1, now.
    expect(r.equityCurve.t).toEqual([D1 + 14 * HOUR - 1, D1 + 14 * HOUR, D1 + 20 * HOUR, D2 - 1, D2 + 15 * HOUR]);
    expect(r.equityCurve.equity).toEqual([100000, 100000, 101000, 101000, 100800]);
    expect(r.dailyReturns.ret[0]).toBeCloseTo(0.01, 12);
    expect(r.dailyReturns.ret[1]).toBeCloseTo(-200 / 101000, 12);
  });

  it("a symbol's realised and unrealised P&L equal the account's position row for it (flips, partial closes, fees)", () => {
    const b = (books = testBooks(D1 + 9 * HOUR));
    const trades = [
      ['buy', '10', '100', '1'],
      ['buy', '5', '106', '0.5'],
      ['sell', '12', '111', '1.2'],
      ['sell', '8', '104', '0.8'], // through zero: 3 long closed, 5 short opened
      ['buy', '2', '101', '0.2'],
    ] as const;
    trades.forEach(([side, qty, price, fee], i) => b.book({ symbol: 'ACME', side, qty, price, fee, at: D1 + (10 + i) * HOUR }));
    b.setMark('ACME', 97.5);
    b.clock.now = D1 + 16 * HOUR;
    const pos = b.view.positions(ACCOUNT).find((p) => p.symbol === 'ACME')!;
    const r = buildPortfolioReport(b.deps(), { accountId: ACCOUNT, symbol: 'ACME' });
    const fees = new Decimal('3.7');
    expect(new Decimal(r.pnl.realized).plus(fees).toFixed(2)).toBe(new Decimal(pos.realizedPnl).toFixed(2));
    expect(r.pnl.unrealized).toBe(pos.unrealizedPnl);
    // And the whole account agrees with its cash: total = equity - starting cash (no deposits here).
    const account = buildPortfolioReport(b.deps(), { accountId: ACCOUNT });
    expect(account.pnl.total).toBe(b.equityNow().minus(100000).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed());
    expect(r.pnl.total).toBe(account.pnl.total);
  });
});

describe('start of the market day', () => {
  it('is found by bisection to the millisecond', () => {
    expect(startOfDay(D2 + 5 * HOUR, D1 + 3 * HOUR, utcDay)).toBe(D2);
    // A scope that began today starts its day when it began.
    expect(startOfDay(D2 + 5 * HOUR, D2 + HOUR, utcDay)).toBe(D2 + HOUR);
  });
});
