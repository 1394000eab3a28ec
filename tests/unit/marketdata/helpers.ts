import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BarStore } from '../../../electron/core/marketdata/barStore';
import { openDatabase, type Db } from '../../../electron/core/store/database';

/** A real SQLite file in a fresh temp folder; `cleanup` closes every database it opened. */
export function tempStore() {
  const dir = mkdtempSync(join(tmpdir(), 'tw-marketdata-'));
  const path = join(dir, 'workstation.db');
  const opened: Db[] = [];
  const open = () => {
    const db = openDatabase(path);
    opened.push(db);
    return { db, store: new BarStore(db) };
  };
  return {
    path,
    open,
    cleanup: () => {
      for (const db of opened) if (db.open) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** 2025-03-10T12:34:27.500Z: mid-minute on purpose. */
export const T0 = Date.UTC(2025, 2, 10, 12, 34, 27, 500);
