/**
 * Gap detection: the minutes the session calendar expects a bar for, less the bars stored,
 * less the minutes already known to be empty at the venue (asked for again, still no bar:
 * nobody traded). What remains is a gap worth fetching.
 *
 * Missing bars are never invented: a minute without trades stays absent in the store.
 */
import type Database from 'better-sqlite3';
import type { Db } from '../store/database';
import type { BarStore } from './barStore';
import { sessionWindows, type SessionRule } from './sessions';

/** A run of missing minutes, [fromSec, toSec) in epoch seconds. */
export interface Gap {
  fromSec: number;
  toSec: number;
  bars: number;
}

/** Minutes known to have no bar at the venue (table bar_empty_ranges, migration 0007). */
export class EmptyRanges {
  private readonly overlappingStatement: Database.Statement;
  private readonly insertStatement: Database.Statement;
  private readonly addTx: (source: string, symbol: string, ranges: ReadonlyArray<readonly [number, number]>, at: number) => void;

  constructor(db: Db) {
    this.overlappingStatement = db
      .prepare(
        `SELECT from_sec, to_sec FROM bar_empty_ranges
         WHERE source = ? AND symbol = ? AND from_sec < ? AND to_sec > ? ORDER BY from_sec`,
      )
      .raw(true);
    this.insertStatement = db.prepare(
      `INSERT INTO bar_empty_ranges (source, symbol, from_sec, to_sec, checked_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (source, symbol, from_sec) DO UPDATE SET to_sec = max(to_sec, excluded.to_sec), checked_at = excluded.checked_at`,
    );
    this.addTx = db.transaction((source: string, symbol: string, ranges: ReadonlyArray<readonly [number, number]>, at: number) => {
      for (const [a, b] of ranges) if (b > a) this.insertStatement.run(source, symbol, a, b, at);
    });
  }

  /** Known-empty ranges overlapping [fromSec, toSec), ordered by start. */
  overlapping(source: string, symbol: string, fromSec: number, toSec: number): Array<[number, number]> {
    return this.overlappingStatement.all(source, symbol, toSec, fromSec) as Array<[number, number]>;
  }

  add(source: string, symbol: string, ranges: ReadonlyArray<readonly [number, number]>, at: number): void {
    if (ranges.length) this.addTx(source, symbol, ranges, at);
  }
}

export interface GapQuery {
  store: BarStore;
  empty: EmptyRanges;
  source: string;
  symbol: string;
  rule: SessionRule;
  fromSec: number;
  toSec: number;
}

/** Runs of expected minutes with neither a stored bar nor a known-empty mark, in time order. */
export function findGaps(q: GapQuery): Gap[] {
  const windows = sessionWindows(q.rule, q.fromSec, q.toSec);
  if (windows.length === 0) return [];
  const from = windows[0]![0];
  const to = windows[windows.length - 1]![1];
  const present = q.store.times(q.source, q.symbol, '1m', from, to);
  const empty = q.empty.overlapping(q.source, q.symbol, from, to);
  const gaps: Gap[] = [];
  let p = 0;
  let e = 0;
  let runStart = -1;
  let runEnd = -1;
  const close = () => {
    if (runStart >= 0) gaps.push({ fromSec: runStart, toSec: runEnd, bars: (runEnd - runStart) / 60 });
    runStart = -1;
  };
  for (const [a, b] of windows) {
    for (let m = a; m < b; m += 60) {
      while (p < present.length && present[p]! < m) p++;
      while (e < empty.length && empty[e]![1] <= m) e++;
      const stored = p < present.length && present[p] === m;
      const knownEmpty = e < empty.length && empty[e]![0] <= m;
      if (stored || knownEmpty) {
        close();
        continue;
      }
      // A run continues only across adjacent minutes; a session boundary ends it.
      if (runStart >= 0 && runEnd !== m) close();
      if (runStart < 0) runStart = m;
      runEnd = m + 60;
    }
  }
  close();
  return gaps;
}

/** The minutes of `gaps` that are still missing after a refetch, as ranges to mark empty. */
export function stillMissing(store: BarStore, source: string, symbol: string, gaps: readonly Gap[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const g of gaps) {
    const present = new Set(store.times(source, symbol, '1m', g.fromSec, g.toSec));
    let start = -1;
    for (let m = g.fromSec; m < g.toSec; m += 60) {
      if (present.has(m)) {
        if (start >= 0) out.push([start, m]);
        start = -1;
      } else if (start < 0) start = m;
    }
    if (start >= 0) out.push([start, g.toSec]);
  }
  return out;
}
