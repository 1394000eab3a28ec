import type { Migration } from './types';

/** Risk: limits per account or bot, symbol groups, trading state and equity peak, the kill switch, denials. */
export const m0004_risk: Migration = {
  version: 4,
  name: 'risk',
  up: (db) => {
    db.exec(`
      CREATE TABLE risk_limits (
        scope TEXT PRIMARY KEY,          -- 'account:<id>' or 'bot:<id>'
        limits TEXT NOT NULL,            -- JSON of RiskLimits
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE risk_groups (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN ('sector', 'correlation')),
        symbols TEXT NOT NULL,           -- JSON array
        max_gross_notional TEXT
      );
      CREATE TABLE risk_state (
        account_id TEXT PRIMARY KEY,
        manual_state TEXT NOT NULL CHECK (manual_state IN ('ACTIVE', 'REDUCING')),
        equity_peak TEXT,
        emergency_at INTEGER,            -- when the emergency level last flattened (once per episode)
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE kill_switch (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        engaged INTEGER NOT NULL,
        at INTEGER,
        by TEXT,
        reason TEXT,
        cancel_open INTEGER NOT NULL,
        flatten INTEGER NOT NULL
      );
      INSERT INTO kill_switch (id, engaged, cancel_open, flatten) VALUES (1, 0, 0, 0);
      CREATE TABLE risk_denials (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,
        account_id TEXT NOT NULL,
        owner TEXT NOT NULL,
        symbol TEXT NOT NULL,
        check_name TEXT NOT NULL,
        reason TEXT NOT NULL
      );
    `);
  },
};
