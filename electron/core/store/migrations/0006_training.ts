import type { Migration } from './types';

/**
 * Training: optimisation runs and their trials, written in batches while a run goes, so a run
 * survives a restart and resumes where it stopped (core/training/trialStore.ts).
 *
 * Objectives, metrics and net profit are REAL: they are backtest analytics computed in floats
 * (core/training/backtester.ts states the tolerance), not the books, whose money is TEXT.
 * A trial is identified by its place in the run's deterministic sequence: (phase, fold, idx).
 */
export const m0006_training: Migration = {
  version: 6,
  name: 'training',
  up: (db) => {
    db.exec(`
      CREATE TABLE training_runs (
        id TEXT PRIMARY KEY,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('running', 'paused', 'cancelled', 'done', 'failed')),
        strategy_id TEXT NOT NULL,
        spec TEXT NOT NULL,              -- JSON of the run's OptimizeSpec
        data_fingerprint TEXT NOT NULL,  -- bar count and hash of the bars it ran on
        data_source TEXT,                -- e.g. the CSV path, for people
        summary TEXT,                    -- JSON report when done
        error TEXT
      );
      CREATE TABLE training_trials (
        run_id TEXT NOT NULL REFERENCES training_runs(id) ON DELETE CASCADE,
        phase TEXT NOT NULL,             -- 'search', 'fold', 'fold-test', 'holdout', 'sensitivity'
        fold INTEGER NOT NULL,           -- walk-forward fold, -1 outside folds
        idx INTEGER NOT NULL,            -- position in the phase's sequence
        param_key TEXT NOT NULL,
        params TEXT NOT NULL,            -- JSON
        status TEXT NOT NULL CHECK (status IN ('ok', 'undefined', 'pruned', 'error', 'invalid')),
        objective REAL,
        reason TEXT,
        metrics TEXT,                    -- JSON of Metrics
        net_profit REAL,
        elapsed_ms REAL NOT NULL,
        finished_at INTEGER NOT NULL,
        PRIMARY KEY (run_id, phase, fold, idx)
      ) WITHOUT ROWID;
    `);
  },
};
