import { join } from 'node:path';
import { EquityRecorder } from '../../electron/core/analytics/equitySnapshots';
import { computeMetrics, cumulative, dailyReturns } from '../../electron/core/analytics/metrics';
import { buildPortfolioReport } from '../../electron/core/analytics/portfolioReport';
import { Decimal } from '../../electron/core/domain/decimal';
import { AccountView } from '../../electron/core/oms/accountView';
import { openDatabase } from '../../electron/core/store/database';
import { AccountRepo } from '../../electron/core/store/repos/accountRepo';
import { FillRepo } from '../../electron/core/store/repos/fillRepo';
import { OrderRepo } from '../../electron/core/store/repos/orderRepo';
import { tempDir } from '../support/tempDir';
import { percentile, type Figure } from './figures';

/** A year of one-minute points: 365 * 24 * 60, the most the equity recorder keeps per account. */
const YEAR_OF_MINUTES = 525_600;
/** 2025-01-01T00:00Z. */
const START = Date.UTC(2025, 0, 1);
const utcDay = (t: number) => new Date(t).toISOString().slice(0, 10);

/**
 * analytics_1y_minute_equity_ms: what portfolio.report does with an account's year of
 * one-minute equity snapshots: daily returns (and their compounding), then computeMetrics
 * (drawdown and its duration, Sharpe, Sortino, Calmar, VaR, exposure, turnover) over
 * 525,600 points, median of several runs. The curve is built outside the timing, as floats,
 * the shape the report hands over after reading the snapshots.
 */
export async function benchAnalytics(runs = 9): Promise<Figure[]> {
  const { t, v } = yearOfMinutes();
  const equityCurve = { t, v };
  const trades = Array.from({ length: 2_000 }, (_, i) => ({ pnl: new Decimal(((i * 37) % 200) - 90), holdingMs: 3_600_000 }));
  const positionIntervals = Array.from({ length: 2_000 }, (_, i) => ({ from: START + i * 4 * 3_600_000, to: START + i * 4 * 3_600_000 + 3_600_000 }));
  const tradedNotional = new Decimal('12500000');

  const samples: number[] = [];
  let sink = 0;
  for (let run = 0; run < runs; run++) {
    const t0 = process.hrtime.bigint();
    const daily = dailyReturns(equityCurve, utcDay);
    const compounded = cumulative(daily.ret);
    const metrics = computeMetrics({ equity: equityCurve, dayOf: utcDay, daily, trades, positionIntervals, tradedNotional });
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
    // Keep the results alive so nothing is optimised away.
    sink += (metrics.maxDrawdown ?? 0) + (compounded[compounded.length - 1] ?? 0);
  }
  if (!Number.isFinite(sink)) throw new Error('analytics bench produced a non-finite result');
  return [{ name: 'analytics_1y_minute_equity_ms', value: percentile(samples, 50), unit: 'ms' }, await benchReport(t, v)];
}

/** A seeded random walk (LCG) around 100,000, one point a minute for a year: every run measures the same curve. */
function yearOfMinutes(): { t: number[]; v: number[] } {
  const t = new Array<number>(YEAR_OF_MINUTES);
  const v = new Array<number>(YEAR_OF_MINUTES);
  let state = 42;
  let equity = 100_000;
  for (let i = 0; i < YEAR_OF_MINUTES; i++) {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    equity *= 1 + (state / 2 ** 32 - 0.5) * 0.002;
    t[i] = START + i * 60_000;
    v[i] = Math.round(equity * 100) / 100;
  }
  return { t, v };
}

/**
 * analytics_1y_report_ms: the whole portfolio.report for an account with a year of
 * one-minute snapshots in SQLite (a file database in WAL mode, as the app opens it):
 * reading the 525,600 rows, the curve, the metrics, P&L and exposure. Median of 3 runs.
 */
async function benchReport(t: number[], v: number[], runs = 3): Promise<Figure> {
  const dir = tempDir('tw-bench-analytics-');
  const db = openDatabase(join(dir.dir, 'bench.db'));
  try {
    const accounts = new AccountRepo(db);
    const end = t[t.length - 1]!;
    accounts.ensure({ id: 'bench', name: 'Bench', venue: 'paper', mode: 'paper', currency: 'USD', startingCash: new Decimal(100_000), dayStartDate: utcDay(end), at: START });
    const equity = new EquityRecorder(db);
    db.transaction(() => {
      for (let i = 0; i < t.length; i++) equity.maybeRecord('bench', t[i]!, new Decimal(v[i]!), new Decimal(v[i]!));
    })();
    const mark = () => null;
    const deps = {
      fills: new FillRepo(db),
      orders: new OrderRepo(db),
      accounts: { view: new AccountView({ accounts, mark, marketDay: () => utcDay(end), now: () => end }), repo: accounts },
      equity,
      mark,
      now: () => end,
      dayOf: utcDay,
    };
    const samples: number[] = [];
    for (let run = 0; run < runs; run++) {
      const t0 = process.hrtime.bigint();
      const report = buildPortfolioReport(deps, { accountId: 'bench' });
      samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (report.equityCurve.t.length !== YEAR_OF_MINUTES) throw new Error(`expected a year of points, got ${report.equityCurve.t.length}`);
    }
    return { name: 'analytics_1y_report_ms', value: percentile(samples, 50), unit: 'ms' };
  } finally {
    db.close();
    dir.cleanup();
  }
}
