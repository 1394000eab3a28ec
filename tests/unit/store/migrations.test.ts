import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, schemaVersion, StoreError } from '../../../electron/core/store/database';
import { latestSchemaVersion, migrations } from '../../../electron/core/store/migrations';
import { tempDir } from '../../support/tempDir';

describe('store and migrations', () => {
  let t: ReturnType<typeof tempDir>;
  beforeEach(() => (t = tempDir()));
  afterEach(() => t.cleanup());

  it('numbers migrations 1..n with no gaps', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
  });

  it('creates a WAL database at the latest version and records each migration', () => {
    const db = openDatabase(join(t.dir, 'a', 'ws.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(schemaVersion(db)).toBe(latestSchemaVersion);
    const applied = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
    expect(applied).toEqual(migrations.map((m) => ({ version: m.version, name: m.name })));
    db.close();
  });

  it('reopening applies nothing twice and keeps data', () => {
    const path = join(t.dir, 'ws.db');
    const db = openDatabase(path);
    db.prepare("INSERT INTO settings (key, value) VALUES ('k', 'v')").run();
    db.close();
    const again = openDatabase(path);
    expect(again.prepare('SELECT value FROM settings').get()).toEqual({ value: 'v' });
    expect(again.prepare('SELECT count(*) n FROM schema_migrations').get()).toEqual({ n: migrations.length });
    again.close();
  });

  it('each migration upgrades a database of the previous version', () => {
    for (let v = 1; v <= migrations.length; v++) {
      const path = join(t.dir, `up-${v}.db`);
      openDatabase(path, migrations.slice(0, v - 1)).close();
      const db = openDatabase(path, migrations.slice(0, v));
      expect(schemaVersion(db)).toBe(v);
      db.close();
    }
  });

  it('the audit log is append-only', () => {
    const db = openDatabase(join(t.dir, 'ws.db'));
    db.prepare("INSERT INTO audit_log (at, actor, action, subject, outcome, detail) VALUES (1, 'a', 'x', null, 'ok', '{}')").run();
    expect(() => db.prepare("UPDATE audit_log SET outcome = 'error'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    db.close();
  });

  it('a database from a newer version is refused with a clear message', () => {
    const path = join(t.dir, 'new.db');
    const raw = new Database(path);
    raw.pragma(`user_version = ${latestSchemaVersion + 5}`);
    raw.close();
    const err = (() => {
      try {
        openDatabase(path);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).reason).toBe('newer-version');
    expect((err as StoreError).message).toMatch(/newer version of Trading Workstation/);
  });

  it('a corrupt file is refused with a clear message', () => {
    const path = join(t.dir, 'corrupt.db');
    writeFileSync(path, Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(4096, 0x41)]));
    expect(() => openDatabase(path)).toThrow(StoreError);
    const other = join(t.dir, 'text.db');
    writeFileSync(other, 'this is not a database at all, just some text that is long enough '.repeat(100));
    try {
      openDatabase(other);
      throw new Error('expected a refusal');
    } catch (e) {
      expect(e).toBeInstanceOf(StoreError);
      expect((e as StoreError).reason).toBe('corrupt');
      expect((e as StoreError).message).toMatch(/damaged or is not a Trading Workstation database/);
    }
  });
});
