import { describe, expect, it } from 'vitest';
import { computeMetrics, correlationMatrix, exposureFraction, pearson, positionIntervals, totalReturn, tradeStats, turnover } from '../../../electron/core/analytics/metrics';
import { bookFills } from '../../../electron/core/analytics/bookedFill';
import { Decimal } from '../../../electron/core/domain/decimal';
import type { Fill } from '../../../shared/contract/orders';
import { DAY, SIX_DAYS, T0, utcDay } from './fixtures';

const d = (x: string | number) => new Decimal(x);
const trade = (pnl: string, holdingMs: number) => ({ pnl: d(pnl), holdingMs });

function fill(symbol: string, side: 'buy' | 'sell', qty: string, price: string, at: number): Fill {
  const id = `${symbol}-${side}-${at}`;
  return { id, orderId: id, clientOrderId: id, accountId: 'a', symbol, side, qty, price, fee: '0', feeCurrency: 'USD', liquidity: 'taker', venueTradeId: id, at };
}

describe('trade statistics', () => {
  it('win rate, profit factor, average win and loss, average holding time, by hand', () => {
    // P&L +100, -50, +30, -20, 0 held 10..50 ms:
    // wins 2 of 5 = 0.4 (break-even is not a win); gross profit 130, gross loss 70 -> PF 130 / 70 = 1.857142857142857
    // avg win 130 / 2 = 65; avg loss -70 / 2 = -35; avg holding (10+20+30+40+50) / 5 = 30
    expect(tradeStats([trade('100', 10), trade('-50', 20), trade('30', 30), trade('-20', 40), trade('0', 50)])).toEqual({
      tradeCount: 5,
      winRate: 0.4,
      profitFactor: 130 / 70,
      avgWin: 65,
      avgLoss: -35,
      avgHoldingMs: 30,
    });
  });

  it('all winning trades: profit factor is null (not Infinity), no average loss', () => {
    expect(tradeStats([trade('10', 1), trade('5', 3)])).toEqual({ tradeCount: 2, winRate: 1, profitFactor: null, avgWin: 7.5, avgLoss: null, avgHoldingMs: 2 });
  });

  it('all losing trades: profit factor 0; no trades: everything null', () => {
    expect(tradeStats([trade('-10', 1)])).toMatchObject({ winRate: 0, profitFactor: 0, avgWin: null, avgLoss: -10 });
    expect(tradeStats([])).toEqual({ tradeCount: 0, winRate: null, profitFactor: null, avgWin: null, avgLoss: null, avgHoldingMs: null });
  });
});

describe('exposure and turnover', () => {
  it('fraction of the window with any position open; a position closed to exactly zero stops counting', () => {
    // buy at 10, sell all at 30 (flat: zero quantity), buy at 50 and hold to the end (100).
    // open [10, 30) and [50, 100): 20 + 50 = 70 of the window [0, 100] = 0.7
    const booked = bookFills([fill('A', 'buy', '2', '5', 10), fill('A', 'sell', '2', '6', 30), fill('A', 'buy', '1', '5', 50)], 'USD');
    const intervals = positionIntervals(booked, 100);
    expect(intervals).toEqual([
      { from: 10, to: 30 },
      { from: 50, to: 100 },
    ]);
    expect(exposureFraction(intervals, 0, 100)).toBe(0.7);
    // A window inside the second interval is fully exposed; an empty window is undefined.
    expect(exposureFraction(intervals, 60, 80)).toBe(1);
    expect(exposureFraction(intervals, 5, 5)).toBeNull();
  });

  it('two symbols overlapping count once; a flip through zero stays open', () => {
    // A open [0, 20), B open [10, 40) -> any open [0, 40). C flips long->short at 50 and closes at 60.
    const booked = bookFills(
      [fill('A', 'buy', '1', '1', 0), fill('B', 'buy', '1', '1', 10), fill('A', 'sell', '1', '1', 20), fill('B', 'sell', '1', '1', 40), fill('C', 'buy', '1', '1', 45), fill('C', 'sell', '2', '1', 50), fill('C', 'buy', '1', '1', 60)],
      'USD',
    );
    expect(positionIntervals(booked, 100)).toEqual([
      { from: 0, to: 40 },
      { from: 45, to: 60 },
    ]);
  });

  it('turnover is traded notional over the time-weighted average equity', () => {
    // Equity 100 for 10 ms then 200 for 10 ms: average (1000 + 2000) / 20 = 150. Notional 1000 / 150 = 6.666...
    expect(turnover(d(1000), { t: [0, 10, 20], v: [100, 200, 300] })).toBeCloseTo(1000 / 150, 12);
    expect(turnover(d(1000), { t: [0, 10], v: [0, 0] })).toBeNull();
  });
});

describe('correlation', () => {
  it('identical series correlate 1, opposite -1, a constant one not at all (null)', () => {
    const x = [0.01, -0.02, 0.03, 0.005];
    const m = correlationMatrix({ A: x, B: x.map((v) => -v), C: [0.01, 0.01, 0.01, 0.01], D: x });
    expect(m.symbols).toEqual(['A', 'B', 'C', 'D']);
    expect(m.matrix[0]).toEqual([1, -1, null, 1]);
    expect(m.matrix[1]).toEqual([-1, 1, null, -1]);
    expect(m.matrix[2]).toEqual([null, null, null, null]);
  });

  it('by hand: x = 1, 2, 3 and y = 1, 3, 2 correlate 0.5', () => {
    // means 2, 2; dx = -1, 0, 1; dy = -1, 1, 0; sum dx*dy = 1; sum dx^2 = 2; sum dy^2 = 2; r = 1 / sqrt(4) = 0.5
    expect(pearson([1, 2, 3], [1, 3, 2])).toBeCloseTo(0.5, 14);
  });

  it('uses only the periods both series have; fewer than two is undefined', () => {
    // Without the pairs that hold a null: x = 1, 2, 3 and y = 1, 3, 2 again.
    expect(pearson([1, null, 2, 3, 9], [1, 7, 3, 2, null])).toBeCloseTo(0.5, 14);
    expect(pearson([1], [1])).toBeNull();
    expect(correlationMatrix({})).toEqual({ symbols: [], matrix: [] });
  });
});

describe('computeMetrics', () => {
  it('the six-day fixture, every field by hand', () => {
    // Returns, Sharpe, Sortino, Calmar: see ratios.test.ts. Drawdown 0.02 from day 1 to day 5 (see series.test.ts).
    // Total return 103.96779624 / 100 - 1 = 0.0396779624. 5 returns < 20: VaR is undefined.
    // Trades +100 (held 1 day) and -50 (held 2 days): win rate 0.5, PF 2, avg win 100, avg loss -50, avg holding 1.5 days.
    // A position open from day 0 21:00 to day 2 21:00 of a 5-day window: exposure 2 / 5 = 0.4.
    // Traded notional 1,000 over the time-weighted average equity (each close holds one day, the last none):
    //   (100 + 102 + 99.96 + 101.9592 + 100.939608) / 5 = 100.9717616 -> 1000 / 100.9717616 = 9.903759...
    const metrics = computeMetrics({
      equity: SIX_DAYS,
      dayOf: utcDay,
      trades: [trade('100', DAY), trade('-50', 2 * DAY)],
      positionIntervals: [{ from: SIX_DAYS.t[0]!, to: SIX_DAYS.t[2]! }],
      tradedNotional: d(1000),
    });
    expect(metrics.totalReturn).toBeCloseTo(0.0396779624, 12);
    expect(metrics.sharpe).toBeCloseTo(5.857891567537, 9);
    expect(metrics.sortino).toBeCloseTo(12.69960629311, 9);
    expect(metrics.calmar).toBeCloseTo(305.362392963681, 6);
    expect(metrics.maxDrawdown).toBeCloseTo(0.02, 12);
    expect(metrics.maxDrawdownDurationMs).toBe(4 * DAY);
    expect(metrics.var95).toBeNull();
    expect(metrics).toMatchObject({ tradeCount: 2, winRate: 0.5, profitFactor: 2, avgWin: 100, avgLoss: -50, avgHoldingMs: 1.5 * DAY });
    expect(metrics.exposure).toBeCloseTo(0.4, 12);
    expect(metrics.turnover).toBeCloseTo(1000 / 100.9717616, 9);
  });

  it('a flat equity curve: no return, no drawdown, Sharpe/Sortino/Calmar null', () => {
    const t = [0, 1, 2, 3].map((i) => T0 + i * DAY);
    const m = computeMetrics({ equity: { t, v: [500, 500, 500, 500] }, dayOf: utcDay, trades: [], positionIntervals: [], tradedNotional: d(0) });
    expect(m).toEqual({
      totalReturn: 0,
      sharpe: null,
      sortino: null,
      calmar: null,
      maxDrawdown: 0,
      maxDrawdownDurationMs: 0,
      var95: null,
      tradeCount: 0,
      winRate: null,
      profitFactor: null,
      avgWin: null,
      avgLoss: null,
      avgHoldingMs: null,
      exposure: 0,
      turnover: 0,
    });
  });

  it('a single point, and no points at all: every ratio is null', () => {
    const nothing = {
      totalReturn: null,
      sharpe: null,
      sortino: null,
      calmar: null,
      maxDrawdown: null,
      maxDrawdownDurationMs: null,
      var95: null,
      tradeCount: 0,
      winRate: null,
      profitFactor: null,
      avgWin: null,
      avgLoss: null,
      avgHoldingMs: null,
      exposure: null,
    };
    expect(computeMetrics({ equity: { t: [T0], v: [100] }, dayOf: utcDay, positionIntervals: [] })).toEqual({ ...nothing, turnover: null });
    expect(computeMetrics({ equity: { t: [T0], v: [100] }, dayOf: utcDay, tradedNotional: d(50) })).toEqual({ ...nothing, turnover: 0.5 });
    expect(computeMetrics({ equity: { t: [], v: [] }, dayOf: utcDay, tradedNotional: d(50) })).toEqual({ ...nothing, turnover: null });
  });

  it('total return is undefined from a base that is not positive', () => {
    expect(totalReturn({ t: [0, 1], v: [0, 10] })).toBeNull();
  });
});
