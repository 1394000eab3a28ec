import type { Migration } from './types';

/**
 * Broker and exchange connections (metadata only: secrets live in the vault, never here)
 * and the encrypted blobs of the safeStorage vault.
 */
export const m0002_connections: Migration = {
  version: 2,
  name: 'connections',
  up: (db) => {
    db.exec(`
      CREATE TABLE connections (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        venue TEXT NOT NULL CHECK (venue IN ('alpaca','ccxt')),
        exchange_id TEXT,
        mode TEXT NOT NULL CHECK (mode IN ('paper','live')),
        sandbox INTEGER NOT NULL CHECK (sandbox IN (0,1)),
        live_enabled INTEGER NOT NULL DEFAULT 0 CHECK (live_enabled IN (0,1)),
        -- The last four characters of the API key id, for the list; never more.
        key_last4 TEXT NOT NULL CHECK (length(key_last4) <= 4),
        storage TEXT NOT NULL CHECK (storage IN ('keychain','safeStorage','session')),
        status TEXT NOT NULL,
        last_test TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        -- Only a live account can be enabled for live trading.
        CHECK (live_enabled = 0 OR mode = 'live'),
        CHECK ((venue = 'ccxt') = (exchange_id IS NOT NULL))
      );
      -- Names are what the user types to confirm live trading: they must tell accounts apart.
      CREATE UNIQUE INDEX connections_name ON connections(name COLLATE NOCASE);

      -- safeStorage vault: ciphertext only.
      CREATE TABLE vault_blobs (
        service TEXT NOT NULL,
        account TEXT NOT NULL,
        blob BLOB NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (service, account)
      );
    `);
  },
};
