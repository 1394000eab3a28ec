import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BarColumns } from '../../shared/contract';
import { aggregateBars, IncrementalAggregator } from '../../electron/core/marketdata/aggregate';
import { generateHistory } from '../../electron/core/marketdata/sampleGenerator';
import { sampleMarket } from '../../electron/core/marketdata/sampleInstruments';
import { ALWAYS, type SessionRule } from '../../electron/core/marketdata/sessions';
import { RuleCalendar } from '../../electron/core/risk/marketCalendar';
import type { FakeAsset } from '../support/fakeAlpaca/assets';
import { startFakeAlpacaData } from '../support/fakeAlpaca/marketData';
import { ALPACA_ID, harness } from '../integration/marketdata/harness';
import type { Figure } from './figures';

/** 2025-01-06T00:00Z, a Monday. */
const START_SEC = Date.UTC(2025, 0, 6) / 1000;
const YEAR_MINUTES = 525_600;
/** What the fake venue allows; our limiter stays just under it, as it should against a real venue. */
const VENUE_REQUESTS_PER_S = 20;

/**
 * aggregate_1y_1m_to_1h_ms: one year of 1-minute bars (525,600, every minute: crypto) to 1h
 * UTC buckets, median of 5 runs. The _us_equity_ variant walks the same minutes under the NYSE
 * extended session (New York days, DST, holidays; out-of-session minutes dropped).
 * incremental_update_ns: one 1-minute update of a forming 1h bar (IncrementalAggregator), mean.
 * backfill_bars_per_s: 10 crypto symbols x 30 days (432,000 bars) from the fake Alpaca data
 * server over HTTP on 127.0.0.1 through the real SDK, pages of 10,000 bars, the server
 * answering 429 above 20 requests/s and our limiter set to 18/s (burst 5), 4 chunks in
 * parallel, into a fresh SQLite file: the whole job, fetch + validation + writes + gap scan.
 */
export async function benchMarketData(): Promise<Figure[]> {
  const profile = sampleMarket().find((l) => l.profile.kind === 'crypto')!.profile;
  const raw = generateHistory(profile, 1, START_SEC, YEAR_MINUTES);
  const year: BarColumns = { symbol: profile.symbol, timeframe: '1m', t: Array.from(raw.t), o: Array.from(raw.o), h: Array.from(raw.h), l: Array.from(raw.l), c: Array.from(raw.c), v: Array.from(raw.v) };
  const equity: SessionRule = { kind: 'us_equity', session: 'extended', calendar: new RuleCalendar() };

  const timeIt = (fn: () => void): number => {
    const samples: number[] = [];
    for (let i = 0; i < 5; i++) {
      const start = process.hrtime.bigint();
      fn();
      samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    return samples.sort((a, b) => a - b)[2]!;
  };
  let hours = 0;
  const utcMs = timeIt(() => (hours = aggregateBars(year, '1h', ALWAYS).t.length));
  if (hours !== YEAR_MINUTES / 60) throw new Error(`expected ${YEAR_MINUTES / 60} hourly bars, got ${hours}`);
  const equityMs = timeIt(() => aggregateBars(year, '1h', equity));

  const agg = new IncrementalAggregator(profile.symbol, '1h');
  const n = 200_000;
  const startInc = process.hrtime.bigint();
  for (let i = 0; i < n; i++) agg.update({ t: year.t[i]!, o: year.o[i]!, h: year.h[i]!, l: year.l[i]!, c: year.c[i]!, v: year.v[i]!, closed: true });
  const incrementalNs = Number(process.hrtime.bigint() - startInc) / n;

  return [
    { name: 'aggregate_1y_1m_to_1h_ms', value: Math.round(utcMs * 10) / 10, unit: 'ms' },
    { name: 'aggregate_1y_1m_to_1h_us_equity_ms', value: Math.round(equityMs * 10) / 10, unit: 'ms' },
    { name: 'incremental_update_ns', value: Math.round(incrementalNs), unit: 'ns' },
    ...(await benchBackfill()),
  ];
}

async function benchBackfill(): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'tw-bench-md-'));
  const symbols = Array.from({ length: 10 }, (_, i) => `C${i}/USD`);
  const assets: FakeAsset[] = symbols.map((symbol, i) => ({
    id: `00000000-0000-4000-8000-00000000000${i}`,
    class: 'crypto',
    exchange: 'CRYPTO',
    symbol,
    name: `Coin ${i} / US Dollar`,
    status: 'active',
    tradable: true,
    marginable: false,
    maintenance_margin_requirement: 100,
    shortable: false,
    easy_to_borrow: false,
    fractionable: true,
    attributes: [],
    min_order_size: '0.001',
    min_trade_increment: '0.000000001',
    price_increment: '0.01',
  }));
  const fake = await startFakeAlpacaData({ rateLimitPerSecond: VENUE_REQUESTS_PER_S, maxPageSize: 10_000, assets });
  const h = harness({
    dbPath: join(dir, 'bench.db'),
    alpaca: fake,
    config: { rateLimits: { alpaca: { perSecond: VENUE_REQUESTS_PER_S - 2, burst: 5 } }, backfill: { concurrency: 4, progressIntervalMs: 250 } },
  });
  try {
    const from = Date.UTC(2025, 0, 6);
    const to = from + 30 * 86_400_000;
    const start = process.hrtime.bigint();
    const job = await h.service.backfill.start({ source: ALPACA_ID, symbols, from, to, session: 'regular' });
    const done = await h.service.backfill.settled(job.id);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (done.status !== 'done' || done.barsDone !== 432_000) throw new Error(`bench backfill did not finish: ${JSON.stringify(done)}`);
    const limited = fake.controls.requests().filter((r) => r.status === 429).length;
    return [
      { name: 'backfill_bars_per_s', value: Math.round(done.barsDone / seconds), unit: 'bars/s' },
      { name: 'backfill_venue_limit', value: VENUE_REQUESTS_PER_S, unit: 'requests/s' },
      { name: 'backfill_429s', value: limited, unit: 'responses' },
    ];
  } finally {
    await h.close();
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
