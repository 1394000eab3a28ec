import type { Migration } from './types';

/** The foundation schema: accounts, the order event log, fills, positions, bars, audit. */
export const m0001_init: Migration = {
  version: 1,
  name: 'init',
  up: (db) => {
    db.exec(`
      CREATE TABLE accounts (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        venue TEXT NOT NULL,
        mode TEXT NOT NULL CHECK (mode IN ('paper','live')),
        currency TEXT NOT NULL,
        cash TEXT NOT NULL,
        starting_cash TEXT NOT NULL,
        day_start_equity TEXT NOT NULL,
        day_start_date TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );

      -- An order row is a cache of the fold of its events; order_events is the truth.
      CREATE TABLE orders (
        id TEXT PRIMARY KEY,
        client_order_id TEXT NOT NULL UNIQUE,
        venue_order_id TEXT,
        account_id TEXT NOT NULL REFERENCES accounts(id),
        owner TEXT NOT NULL,
        symbol TEXT NOT NULL,
        side TEXT NOT NULL,
        type TEXT NOT NULL,
        tif TEXT NOT NULL,
        qty TEXT NOT NULL,
        limit_price TEXT,
        stop_price TEXT,
        status TEXT NOT NULL,
        filled_qty TEXT NOT NULL,
        avg_fill_price TEXT,
        reason TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX orders_status ON orders(status);
      CREATE INDEX orders_created ON orders(created_at DESC);

      CREATE TABLE order_events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        order_id TEXT NOT NULL REFERENCES orders(id),
        type TEXT NOT NULL,
        at INTEGER NOT NULL,
        data TEXT NOT NULL
      );
      CREATE INDEX order_events_order ON order_events(order_id, seq);

      CREATE TABLE fills (
        id TEXT PRIMARY KEY,
        order_id TEXT NOT NULL REFERENCES orders(id),
        account_id TEXT NOT NULL,
        symbol TEXT NOT NULL,
        side TEXT NOT NULL,
        qty TEXT NOT NULL,
        price TEXT NOT NULL,
        fee TEXT NOT NULL,
        fee_currency TEXT NOT NULL,
        liquidity TEXT NOT NULL,
        venue_trade_id TEXT NOT NULL,
        at INTEGER NOT NULL,
        UNIQUE (account_id, venue_trade_id)
      );
      CREATE INDEX fills_at ON fills(at DESC);

      CREATE TABLE positions (
        account_id TEXT NOT NULL,
        symbol TEXT NOT NULL,
        qty TEXT NOT NULL,
        avg_price TEXT NOT NULL,
        realized_pnl TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (account_id, symbol)
      );

      -- 1-minute base bars (and any stored higher timeframe). Times are epoch seconds.
      CREATE TABLE bars (
        source TEXT NOT NULL,
        symbol TEXT NOT NULL,
        timeframe TEXT NOT NULL,
        t INTEGER NOT NULL,
        o REAL NOT NULL,
        h REAL NOT NULL,
        l REAL NOT NULL,
        c REAL NOT NULL,
        v REAL NOT NULL,
        PRIMARY KEY (source, symbol, timeframe, t)
      ) WITHOUT ROWID;

      -- Append-only: every operator action and every refusal.
      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        subject TEXT,
        outcome TEXT NOT NULL,
        detail TEXT NOT NULL
      );
      CREATE INDEX audit_at ON audit_log(at DESC);
      CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
      CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

      -- The local paper venue's own books. It is a simulated exchange: the OMS reconciles
      -- against these tables exactly as it would against a real venue.
      CREATE TABLE paper_accounts (
        account_id TEXT PRIMARY KEY,
        cash TEXT NOT NULL
      );
      CREATE TABLE paper_orders (
        client_order_id TEXT PRIMARY KEY,
        venue_order_id TEXT NOT NULL UNIQUE,
        account_id TEXT NOT NULL,
        symbol TEXT NOT NULL,
        side TEXT NOT NULL,
        type TEXT NOT NULL,
        tif TEXT NOT NULL,
        qty TEXT NOT NULL,
        limit_price TEXT,
        stop_price TEXT,
        triggered INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL CHECK (status IN ('open','filled','canceled','rejected','expired')),
        filled_qty TEXT NOT NULL,
        reason TEXT,
        market_day TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX paper_orders_open ON paper_orders(status, symbol);
      CREATE TABLE paper_fills (
        trade_id TEXT PRIMARY KEY,
        client_order_id TEXT NOT NULL REFERENCES paper_orders(client_order_id),
        account_id TEXT NOT NULL,
        symbol TEXT NOT NULL,
        side TEXT NOT NULL,
        qty TEXT NOT NULL,
        price TEXT NOT NULL,
        fee TEXT NOT NULL,
        liquidity TEXT NOT NULL,
        at INTEGER NOT NULL
      );
      CREATE INDEX paper_fills_order ON paper_fills(client_order_id);

      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `);
  },
};
