/**
 * Bars in SQLite (`bars` table, migration 0001): one row per (source, symbol, timeframe, t),
 * t in epoch seconds, prices and volume as REAL. Writes are batched in one transaction with
 * a prepared statement; reads come back as columns, the shape the renderer consumes.
 */
import type Database from 'better-sqlite3';
import type { BarColumns, Timeframe } from '../../../shared/contract/market';
import type { Db } from '../store/database';
import { barProblem } from './source';

/** Anything column-shaped: plain arrays, typed arrays, the contract's BarColumns. */
export interface OhlcvColumns {
  readonly t: ArrayLike<number>;
  readonly o: ArrayLike<number>;
  readonly h: ArrayLike<number>;
  readonly l: ArrayLike<number>;
  readonly c: ArrayLike<number>;
  readonly v: ArrayLike<number>;
}

export interface Bar {
  /** Open time, epoch seconds. */
  readonly t: number;
  readonly o: number;
  readonly h: number;
  readonly l: number;
  readonly c: number;
  readonly v: number;
}

export interface BarSeriesKey {
  readonly source: string;
  readonly symbol: string;
  readonly timeframe: Timeframe;
}

export interface BarBatch extends BarSeriesKey {
  readonly bars: OhlcvColumns;
}

export interface BarRangeQuery extends BarSeriesKey {
  /** Inclusive, epoch ms. */
  readonly from?: number;
  /** Exclusive, epoch ms. */
  readonly to?: number;
  /** The most recent `limit` bars of the range are returned. */
  readonly limit: number;
}

/** A batch was refused before anything was written. */
export class InvalidBarsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidBarsError';
  }
}

type Row = [t: number, o: number, h: number, l: number, c: number, v: number];

export class BarStore {
  private readonly upsertStatement: Database.Statement;
  private readonly rangeStatement: Database.Statement;
  private readonly latestStatement: Database.Statement;
  private readonly countStatement: Database.Statement;
  private readonly timesStatement: Database.Statement;
  private readonly firstStatement: Database.Statement;
  private readonly writeBatches: (batches: readonly BarBatch[]) => number;

  constructor(private readonly db: Db) {
    this.upsertStatement = db.prepare(
      `INSERT INTO bars (source, symbol, timeframe, t, o, h, l, c, v) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (source, symbol, timeframe, t) DO UPDATE SET o = excluded.o, h = excluded.h, l = excluded.l, c = excluded.c, v = excluded.v`,
    );
    // Newest first so LIMIT keeps the most recent bars; the caller flips the order.
    this.rangeStatement = db
      .prepare(
        `SELECT t, o, h, l, c, v FROM bars
         WHERE source = ? AND symbol = ? AND timeframe = ? AND t >= ? AND t < ?
         ORDER BY t DESC LIMIT ?`,
      )
      .raw(true);
    this.latestStatement = db
      .prepare(`SELECT t, o, h, l, c, v FROM bars WHERE source = ? AND symbol = ? AND timeframe = ? ORDER BY t DESC LIMIT 1`)
      .raw(true);
    this.countStatement = db
      .prepare(`SELECT count(*) FROM bars WHERE source = ? AND symbol = ? AND timeframe = ? AND t >= ? AND t < ?`)
      .pluck(true);
    this.firstStatement = db.prepare(`SELECT min(t) FROM bars WHERE source = ? AND symbol = ? AND timeframe = ?`).pluck(true);
    this.timesStatement = db
      .prepare(`SELECT t FROM bars WHERE source = ? AND symbol = ? AND timeframe = ? AND t >= ? AND t < ? ORDER BY t`)
      .pluck(true);
    this.writeBatches = db.transaction((batches: readonly BarBatch[]) => {
      let written = 0;
      const statement = this.upsertStatement;
      for (const { source, symbol, timeframe, bars } of batches) {
        const { t, o, h, l, c, v } = bars;
        for (let i = 0; i < t.length; i++) {
          statement.run(source, symbol, timeframe, t[i], o[i], h[i], l[i], c[i], v[i]);
        }
        written += t.length;
      }
      return written;
    });
  }

  /** Inserts or replaces bars of one series; all or nothing. Returns the number of bars written. */
  upsertMany(source: string, symbol: string, timeframe: Timeframe, bars: OhlcvColumns): number {
    return this.upsertBatches([{ source, symbol, timeframe, bars }]);
  }

  /** Several series in a single transaction (the live feed persists every symbol's closed bar at once). */
  upsertBatches(batches: readonly BarBatch[]): number {
    // Validate everything first: a bad bar must not leave half a batch behind, and failing
    // before the transaction opens keeps the error free of SQLite noise.
    for (const batch of batches) validateBatch(batch);
    return this.writeBatches(batches);
  }

  range(query: BarRangeQuery): BarColumns {
    const { source, symbol, timeframe, limit } = query;
    if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}.`);
    const [fromSec, toSec] = secondsWindow(query.from, query.to);
    const columns: BarColumns = { symbol, timeframe, t: [], o: [], h: [], l: [], c: [], v: [] };
    if (fromSec >= toSec) return columns;
    const rows = this.rangeStatement.all(source, symbol, timeframe, fromSec, toSec, limit) as Row[];
    const n = rows.length;
    const t = new Array<number>(n);
    const o = new Array<number>(n);
    const h = new Array<number>(n);
    const l = new Array<number>(n);
    const c = new Array<number>(n);
    const v = new Array<number>(n);
    for (let i = 0; i < n; i++) {
      const row = rows[n - 1 - i]!;
      t[i] = row[0];
      o[i] = row[1];
      h[i] = row[2];
      l[i] = row[3];
      c[i] = row[4];
      v[i] = row[5];
    }
    return { symbol, timeframe, t, o, h, l, c, v };
  }

  latest(source: string, symbol: string, timeframe: Timeframe): Bar | null {
    const row = this.latestStatement.get(source, symbol, timeframe) as Row | undefined;
    if (!row) return null;
    return { t: row[0], o: row[1], h: row[2], l: row[3], c: row[4], v: row[5] };
  }

  /** Open time (epoch s) of the oldest bar of a series, or null when it has none. */
  firstTime(source: string, symbol: string, timeframe: Timeframe): number | null {
    return (this.firstStatement.get(source, symbol, timeframe) as number | null) ?? null;
  }

  /**
   * Open times (epoch s) of the stored bars of a series in [fromSec, toSec), ascending: what
   * gap detection compares with the minutes the session calendar expects. Served by the
   * primary key (source, symbol, timeframe, t) as a range scan, like every read here.
   */
  times(source: string, symbol: string, timeframe: Timeframe, fromSec: number, toSec: number): number[] {
    if (!(Number.isFinite(fromSec) && Number.isFinite(toSec)) || fromSec >= toSec) return [];
    return this.timesStatement.all(source, symbol, timeframe, fromSec, toSec) as number[];
  }

  /** Number of bars of a series, optionally within [from, to) in epoch ms. */
  count(source: string, symbol: string, timeframe: Timeframe, from?: number, to?: number): number {
    const [fromSec, toSec] = secondsWindow(from, to);
    if (fromSec >= toSec) return 0;
    return this.countStatement.get(source, symbol, timeframe, fromSec, toSec) as number;
  }
}

/**
 * Epoch-ms bounds to whole-second bounds over integer bar times:
 * t * 1000 >= from  <=>  t >= ceil(from / 1000), and t * 1000 < to  <=>  t < ceil(to / 1000).
 */
function secondsWindow(from: number | undefined, to: number | undefined): [number, number] {
  for (const [name, value] of [['from', from], ['to', to]] as const) {
    if (value !== undefined && !Number.isFinite(value)) throw new RangeError(`${name} must be a finite epoch-ms time, got ${value}.`);
  }
  return [
    from === undefined ? Number.MIN_SAFE_INTEGER : Math.ceil(from / 1000),
    to === undefined ? Number.MAX_SAFE_INTEGER : Math.ceil(to / 1000),
  ];
}

function validateBatch({ source, symbol, timeframe, bars }: BarBatch): void {
  const where = `${source}/${symbol}/${timeframe}`;
  if (!source || !symbol) throw new InvalidBarsError(`Bars need a source and a symbol (got "${where}").`);
  const { t, o, h, l, c, v } = bars;
  const n = t.length;
  if (o.length !== n || h.length !== n || l.length !== n || c.length !== n || v.length !== n) {
    throw new InvalidBarsError(
      `Bar columns for ${where} differ in length (t ${n}, o ${o.length}, h ${h.length}, l ${l.length}, c ${c.length}, v ${v.length}).`,
    );
  }
  let previous = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const ti = t[i]!;
    const oi = o[i]!;
    const hi = h[i]!;
    const li = l[i]!;
    const ci = c[i]!;
    const vi = v[i]!;
    let problem: string | null = null;
    if (!Number.isSafeInteger(ti) || ti < 0) problem = 't must be whole epoch seconds';
    // Two rows for one time in a batch would leave whichever came last: the batch is wrong.
    else if (ti === previous) problem = 'it repeats the time of the bar before it';
    else if (ti < previous) problem = 'it is out of order (bars must be ascending by time)';
    else problem = barProblem(oi, hi, li, ci, vi);
    if (problem) {
      throw new InvalidBarsError(
        `Invalid bar ${i} of ${n} for ${where} (t=${ti} o=${oi} h=${hi} l=${li} c=${ci} v=${vi}): ${problem}. Nothing was written.`,
      );
    }
    previous = ti;
  }
}
