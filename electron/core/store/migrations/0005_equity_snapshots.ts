import type { Migration } from './types';

/**
 * Equity snapshots: an account's equity and cash over market time, at most one point per
 * minute (the recorder in core/analytics/equitySnapshots.ts enforces it), so a year is at
 * most 525,600 rows per account. Money is TEXT (decimal strings), like every other amount.
 * WITHOUT ROWID: the primary key is the only access path (one account, a time range).
 */
export const m0005_equity_snapshots: Migration = {
  version: 5,
  name: 'equity_snapshots',
  up: (db) => {
    db.exec(`
      CREATE TABLE equity_snapshots (
        account_id TEXT NOT NULL,
        t INTEGER NOT NULL,
        equity TEXT NOT NULL,
        cash TEXT NOT NULL,
        PRIMARY KEY (account_id, t)
      ) WITHOUT ROWID;
    `);
  },
};
