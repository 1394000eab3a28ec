import type { Migration } from './types';

/**
 * Orders gain their venue extras (order class, trailing distance, bracket exits) as JSON,
 * and reconciliation keeps the mismatches it could not resolve for the user to decide.
 */
export const m0003_order_classes_and_reconcile: Migration = {
  version: 3,
  name: 'order_classes_and_reconcile',
  up: (db) => {
    db.exec(`
      ALTER TABLE orders ADD COLUMN extras TEXT;
      CREATE INDEX orders_account ON orders(account_id, status);

      CREATE TABLE reconcile_issues (
        id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('position_mismatch', 'unknown_venue_order')),
        symbol TEXT,
        local TEXT NOT NULL,
        venue TEXT NOT NULL,
        detected_at INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('open', 'ignored', 'resolved')),
        resolution TEXT
      );
      -- One open issue per account, kind and symbol: a mismatch seen again updates it.
      CREATE UNIQUE INDEX reconcile_open ON reconcile_issues(account_id, kind, symbol) WHERE status = 'open';
    `);
  },
};
