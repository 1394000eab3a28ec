import type { Migration } from './types';

/**
 * Bots: the bot (current version, what the user asked for, last known status), every saved
 * version of its configuration, its per-symbol runtime state (the target it acts on, the
 * cooldown, the last decided bar), the fills a shadow bot would have had, and the decision log.
 */
export const m0008_bots: Migration = {
  version: 8,
  name: 'bots',
  up: (db) => {
    db.exec(`
      CREATE TABLE bots (
        id TEXT PRIMARY KEY,
        version INTEGER NOT NULL,         -- current version (bot_versions)
        desired TEXT NOT NULL CHECK (desired IN ('running', 'paused', 'stopped')),
        status TEXT NOT NULL,             -- last known state, shown after a restart
        status_reason TEXT,
        error_kind TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        deleted_at INTEGER
      );
      CREATE TABLE bot_versions (
        bot_id TEXT NOT NULL REFERENCES bots(id),
        version INTEGER NOT NULL,
        config TEXT NOT NULL,             -- JSON of BotConfig
        actor TEXT NOT NULL,
        change TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (bot_id, version)
      );
      CREATE TABLE bot_symbol_state (
        bot_id TEXT NOT NULL REFERENCES bots(id),
        symbol TEXT NOT NULL,
        target TEXT,                      -- JSON {units, orderType, price, reason} or NULL
        order_target TEXT,                -- the target the last order was sent for (JSON) or NULL
        last_bar INTEGER,                 -- open time (ms) of the last decided bar: never decided twice
        last_order_bar INTEGER,           -- open time (ms) of the bar of the last order, for the cooldown
        PRIMARY KEY (bot_id, symbol)
      );
      -- What a shadow bot would have traded, at the price it assumed: its positions and P&L.
      CREATE TABLE bot_shadow_fills (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        bot_id TEXT NOT NULL,
        symbol TEXT NOT NULL,
        side TEXT NOT NULL,
        qty TEXT NOT NULL,
        price TEXT NOT NULL,
        at INTEGER NOT NULL
      );
      CREATE INDEX bot_shadow_fills_bot ON bot_shadow_fills(bot_id, seq);
      CREATE TABLE bot_decisions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        bot_id TEXT NOT NULL,
        bot_version INTEGER NOT NULL,
        symbol TEXT NOT NULL,
        bar_time INTEGER NOT NULL,
        at INTEGER NOT NULL,
        mode TEXT NOT NULL,
        action TEXT NOT NULL,
        blocked_by TEXT,
        order_id TEXT,
        sent INTEGER NOT NULL,
        data TEXT NOT NULL                -- JSON: target, position, qty, reason, gates
      );
      -- The panel's queries: newest first per bot, optionally blocked only or one symbol.
      CREATE INDEX bot_decisions_bot ON bot_decisions(bot_id, id);
      CREATE INDEX bot_decisions_blocked ON bot_decisions(bot_id, id) WHERE blocked_by IS NOT NULL;
      CREATE INDEX bot_decisions_symbol ON bot_decisions(bot_id, symbol, id);
      -- A bot's fills are found through its orders' owner.
      CREATE INDEX orders_owner ON orders(owner, account_id);
    `);
  },
};
