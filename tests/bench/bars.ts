import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BarStore } from '../../electron/core/marketdata/barStore';
import { generateHistory, type BarArrays } from '../../electron/core/marketdata/sampleGenerator';
import { sampleMarket } from '../../electron/core/marketdata/sampleInstruments';
import { openDatabase } from '../../electron/core/store/database';
import type { Figure } from './figures';

const SEED = 1;
/** 2025-01-06T00:00Z. */
const START_SEC = Date.UTC(2025, 0, 6) / 1000;

/**
 * bars_insert_per_s: ~500k 1-minute bars (six symbols) upserted in 50k-bar batches, each
 * batch one transaction, into a fresh file database in WAL mode (as the app opens it).
 * bars_range_read_per_s: bars returned per second by range() reading 2,000-bar windows at
 * pseudo-random positions, the chart's typical request. Generation is outside the timings.
 */
export async function benchBars(totalBars = 500_000, batchSize = 50_000, reads = 500, windowBars = 2_000): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'tw-bench-bars-'));
  const db = openDatabase(join(dir, 'bench.db'));
  try {
    const store = new BarStore(db);
    const listings = sampleMarket();
    const perSymbol = Math.ceil(totalBars / listings.length);
    const series = listings.map(({ profile }) => ({ symbol: profile.symbol, bars: generateHistory(profile, SEED, START_SEC, perSymbol) }));

    const insertStart = process.hrtime.bigint();
    let inserted = 0;
    for (const { symbol, bars } of series) {
      for (let from = 0; from < perSymbol; from += batchSize) {
        inserted += store.upsertMany('sample', symbol, '1m', slice(bars, from, from + batchSize));
      }
    }
    const insertSeconds = Number(process.hrtime.bigint() - insertStart) / 1e9;

    // A fixed LCG so every run reads the same windows.
    let state = 12345;
    const nextIndex = (n: number) => {
      state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
      return state % n;
    };
    const readStart = process.hrtime.bigint();
    let read = 0;
    for (let i = 0; i < reads; i++) {
      const { symbol } = series[i % series.length]!;
      const endMinute = windowBars + nextIndex(perSymbol - windowBars);
      const to = (START_SEC + endMinute * 60) * 1000;
      read += store.range({ source: 'sample', symbol, timeframe: '1m', to, limit: windowBars }).t.length;
    }
    const readSeconds = Number(process.hrtime.bigint() - readStart) / 1e9;
    if (read !== reads * windowBars) throw new Error(`bench read ${read} bars, expected ${reads * windowBars}`);

    return [
      { name: 'bars_insert_per_s', value: Math.round(inserted / insertSeconds), unit: 'bars/s' },
      { name: 'bars_range_read_per_s', value: Math.round(read / readSeconds), unit: 'bars/s' },
    ];
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function slice(bars: BarArrays, from: number, to: number): BarArrays {
  return {
    t: bars.t.subarray(from, to),
    o: bars.o.subarray(from, to),
    h: bars.h.subarray(from, to),
    l: bars.l.subarray(from, to),
    c: bars.c.subarray(from, to),
    v: bars.v.subarray(from, to),
  };
}
