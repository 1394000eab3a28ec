import type Database from 'better-sqlite3';
import { decStr, type Decimal } from '../domain/decimal';
import type { Db } from '../store/database';

/** One point per minute of market time at most: a year is at most 525,600 rows per account. */
export const SNAPSHOT_MINUTE_MS = 60_000;

/** Columns of an account's equity over market time; money as decimal strings. */
export interface EquitySeries {
  t: number[];
  equity: string[];
  cash: string[];
}

/**
 * A point at t is due when it falls in a later market minute than the last one recorded.
 * The first point of each minute is kept: the account is recomputed many times a second
 * while prices tick, and one write per minute is what a year-long curve needs. A clock that
 * goes back (a replay restarted) never rewrites history that is already stored.
 */
export function snapshotIsDue(lastRecordedAt: number | undefined, t: number): boolean {
  if (!Number.isSafeInteger(t) || t < 0) return false;
  if (lastRecordedAt === undefined) return true;
  return Math.floor(t / SNAPSHOT_MINUTE_MS) > Math.floor(lastRecordedAt / SNAPSHOT_MINUTE_MS);
}

/**
 * Records account equity snapshots (table equity_snapshots, migration 0005) and reads them
 * back. The workstation calls maybeRecord on every account recompute; it writes at most one
 * row per account per market minute and remembers the last minute in memory, so the calls
 * that are not due cost a map lookup.
 */
export class EquityRecorder {
  private readonly lastAt = new Map<string, number | undefined>();
  private readonly insert: Database.Statement;
  private readonly latest: Database.Statement;
  private readonly range: Database.Statement;
  private readonly rangeAsFloats: Database.Statement;
  private readonly atOrBefore: Database.Statement;

  constructor(db: Db) {
    this.insert = db.prepare('INSERT OR IGNORE INTO equity_snapshots (account_id, t, equity, cash) VALUES (?, ?, ?, ?)');
    this.latest = db.prepare('SELECT max(t) FROM equity_snapshots WHERE account_id = ?').pluck(true);
    this.range = db.prepare('SELECT t, equity, cash FROM equity_snapshots WHERE account_id = ? AND t >= ? AND t < ? ORDER BY t').raw(true);
    // SQLite parses the decimal text into a double (to within an ulp of Number(text)): half the
    // cost of bringing a year of strings into JS only to parse them there.
    this.rangeAsFloats = db
      .prepare('SELECT t, CAST(equity AS REAL) FROM equity_snapshots WHERE account_id = ? AND t >= ? AND t < ? ORDER BY t')
      .raw(true);
    this.atOrBefore = db.prepare('SELECT t, equity FROM equity_snapshots WHERE account_id = ? AND t <= ? ORDER BY t DESC LIMIT 1').raw(true);
  }

  /** Stores the point when it is due (see snapshotIsDue); returns whether it did. */
  maybeRecord(accountId: string, t: number, equity: Decimal, cash: Decimal): boolean {
    if (!equity.isFinite() || !cash.isFinite()) return false;
    if (!this.lastAt.has(accountId)) this.lastAt.set(accountId, (this.latest.get(accountId) as number | null) ?? undefined);
    if (!snapshotIsDue(this.lastAt.get(accountId), t)) return false;
    this.insert.run(accountId, t, decStr(equity), decStr(cash));
    this.lastAt.set(accountId, t);
    return true;
  }

  /** The account's points with from <= t < to, ascending. */
  series(accountId: string, from = 0, to = Number.MAX_SAFE_INTEGER): EquitySeries {
    const rows = this.range.all(accountId, from, to) as Array<[number, string, string]>;
    const out: EquitySeries = { t: new Array(rows.length), equity: new Array(rows.length), cash: new Array(rows.length) };
    for (let i = 0; i < rows.length; i++) {
      const [t, equity, cash] = rows[i]!;
      out.t[i] = t;
      out.equity[i] = equity;
      out.cash[i] = cash;
    }
    return out;
  }

  /** The equity as floats (for charts and metrics, not for money), with from <= t < to, ascending. */
  curve(accountId: string, from = 0, to = Number.MAX_SAFE_INTEGER): { t: number[]; v: number[] } {
    const rows = this.rangeAsFloats.all(accountId, from, to) as Array<[number, number]>;
    const t = new Array<number>(rows.length);
    const v = new Array<number>(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      t[i] = row[0];
      v[i] = row[1];
    }
    return { t, v };
  }

  /** The last point at or before t, if any. */
  pointAtOrBefore(accountId: string, t: number): { t: number; equity: string } | undefined {
    const row = this.atOrBefore.get(accountId, t) as [number, string] | undefined;
    return row ? { t: row[0], equity: row[1] } : undefined;
  }
}
