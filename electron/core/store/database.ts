import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { latestSchemaVersion, migrations } from './migrations';
import type { Migration } from './migrations/types';

export type Db = Database.Database;

/** The store cannot be opened; the message is meant for the user's eyes. */
export class StoreError extends Error {
  constructor(
    readonly reason: 'corrupt' | 'newer-version' | 'locked' | 'io',
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

/**
 * Opens (creating if needed) the workstation database: WAL, foreign keys, and every
 * pending migration applied in its own transaction. The main process is the only writer.
 */
export function openDatabase(path: string, list: readonly Migration[] = migrations): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  let db: Db;
  try {
    db = new Database(path);
  } catch (err) {
    throw new StoreError('io', `Cannot open the database at ${path}: ${(err as Error).message}`);
  }
  try {
    // A corrupt file often opens fine and fails on first read: probe it now.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(String(check));
  } catch (err) {
    db.close();
    const msg = (err as Error).message;
    if (/locked|busy/i.test(msg)) {
      throw new StoreError('locked', `The database at ${path} is in use by another program.`);
    }
    throw new StoreError(
      'corrupt',
      `The database at ${path} is damaged or is not a Trading Workstation database (${msg}). ` +
        'Move it aside to start fresh, or restore it from a backup.',
    );
  }
  migrate(db, list, path);
  return db;
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function migrate(db: Db, list: readonly Migration[], path: string): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`);
  const current = schemaVersion(db);
  const latest = list.length ? list[list.length - 1]!.version : 0;
  if (current > latest) {
    db.close();
    throw new StoreError(
      'newer-version',
      `The database at ${path} was written by a newer version of Trading Workstation (schema ${current}, ` +
        `this version knows up to ${latest}). Update the app, or open a different data folder.`,
    );
  }
  for (const m of list) {
    if (m.version <= current) continue;
    db.transaction(() => {
      m.up(db);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        m.version,
        m.name,
        Date.now(),
      );
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}

export { latestSchemaVersion };
