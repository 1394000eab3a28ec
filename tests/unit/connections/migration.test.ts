import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, schemaVersion } from '../../../electron/core/store/database';
import { migrations } from '../../../electron/core/store/migrations';
import { tempDir } from '../../support/tempDir';

describe('migration 0002: connections', () => {
  let t: ReturnType<typeof tempDir>;
  beforeEach(() => (t = tempDir()));
  afterEach(() => t.cleanup());

  it('upgrades a version 1 database with data in it', () => {
    const path = join(t.dir, 'v1.db');
    const v1 = openDatabase(path, migrations.slice(0, 1));
    v1.prepare("INSERT INTO settings (key, value) VALUES ('k', 'v')").run();
    v1.close();
    const db = openDatabase(path, migrations.slice(0, 2));
    expect(schemaVersion(db)).toBe(2);
    expect(db.prepare('SELECT value FROM settings').get()).toEqual({ value: 'v' });
    const columns = (db.prepare('PRAGMA table_info(connections)').all() as Array<{ name: string }>).map((c) => c.name);
    expect(columns).toEqual([
      'id', 'name', 'venue', 'exchange_id', 'mode', 'sandbox', 'live_enabled', 'key_last4', 'storage', 'status', 'last_test', 'created_at', 'updated_at',
    ]);
    // No column for a secret, by design.
    expect(columns.some((c) => /secret|key_id|passphrase|password/.test(c))).toBe(false);
    db.close();
  });

  it('refuses rows that break the live-trading gate or show more than four key characters', () => {
    const db = openDatabase(join(t.dir, 'ws.db'));
    const insert = db.prepare(
      `INSERT INTO connections (id, name, venue, exchange_id, mode, sandbox, live_enabled, key_last4, storage, status, created_at, updated_at)
       VALUES (?, ?, 'alpaca', NULL, ?, 0, ?, ?, 'keychain', 'untested', 1, 1)`,
    );
    expect(() => insert.run('a', 'A', 'paper', 1, 'ABCD')).toThrow(/CHECK/);
    expect(() => insert.run('b', 'B', 'live', 0, 'ABCDE')).toThrow(/CHECK/);
    insert.run('c', 'Main', 'live', 1, 'ABCD');
    expect(() => insert.run('d', 'MAIN', 'paper', 0, 'WXYZ')).toThrow(/UNIQUE/);
    db.close();
  });
});
