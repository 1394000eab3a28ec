import type { Migration } from './types';

/**
 * Market data: backfill jobs with a cursor per symbol (so a restart resumes where each
 * symbol stopped), minutes a venue was asked for again and truly has no trade for (so gap
 * repair does not refetch them forever), and the chart's saved layouts and indicator presets.
 *
 * The bars themselves stay in `bars` (0001), whose primary key (source, symbol, timeframe, t)
 * in a WITHOUT ROWID table is the clustered index every range read and gap scan walks.
 */
export const m0007_marketdata: Migration = {
  version: 7,
  name: 'marketdata',
  up: (db) => {
    db.exec(`
      CREATE TABLE backfill_jobs (
        id TEXT PRIMARY KEY,
        source TEXT NOT NULL,
        from_ms INTEGER NOT NULL,
        to_ms INTEGER NOT NULL CHECK (to_ms > from_ms),
        session TEXT NOT NULL CHECK (session IN ('regular', 'extended')),
        status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'paused', 'canceled', 'done', 'failed')),
        bars_expected INTEGER,
        error TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX backfill_jobs_status ON backfill_jobs(status);
      CREATE INDEX backfill_jobs_created ON backfill_jobs(created_at DESC);

      -- One row per symbol of a job. cursor_ms: everything in [job.from, cursor_ms) is fetched
      -- and stored. phase: fetch -> repair (gaps found, being fetched again) -> done.
      CREATE TABLE backfill_symbols (
        job_id TEXT NOT NULL REFERENCES backfill_jobs(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        symbol TEXT NOT NULL,
        cursor_ms INTEGER NOT NULL,
        phase TEXT NOT NULL CHECK (phase IN ('fetch', 'repair', 'done')),
        bars_done INTEGER NOT NULL DEFAULT 0,   -- bars stored in [from, cursor_ms), session minutes only
        gaps_found INTEGER NOT NULL DEFAULT 0,
        gaps_repaired INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (job_id, symbol)
      ) WITHOUT ROWID;

      -- Minutes [from_sec, to_sec) asked for twice with no bar: the venue has no trade there.
      CREATE TABLE bar_empty_ranges (
        source TEXT NOT NULL,
        symbol TEXT NOT NULL,
        from_sec INTEGER NOT NULL,
        to_sec INTEGER NOT NULL CHECK (to_sec > from_sec),
        checked_at INTEGER NOT NULL,
        PRIMARY KEY (source, symbol, from_sec)
      ) WITHOUT ROWID;

      CREATE TABLE chart_layouts (
        key TEXT PRIMARY KEY,
        layout TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );

      CREATE TABLE indicator_presets (
        name TEXT PRIMARY KEY,
        indicators TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );
    `);
  },
};
