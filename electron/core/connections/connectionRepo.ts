import { ConnectionTest, type ConnectionInfo, type ConnectionStatus, type VenueKind } from '../../../shared/contract';
import type { Db } from '../store/database';
import type { VaultKind } from '../secrets/vault';

/** One row of the connections table: metadata only, never a secret. */
export interface ConnectionRecord {
  id: string;
  name: string;
  venue: VenueKind;
  exchangeId: string | null;
  mode: 'paper' | 'live';
  sandbox: boolean;
  liveEnabled: boolean;
  keyLast4: string;
  storage: VaultKind;
  status: ConnectionStatus;
  lastTest: ConnectionTest | null;
  createdAt: number;
}

interface Row {
  id: string;
  name: string;
  venue: VenueKind;
  exchange_id: string | null;
  mode: 'paper' | 'live';
  sandbox: number;
  live_enabled: number;
  key_last4: string;
  storage: VaultKind;
  status: ConnectionStatus;
  last_test: string | null;
  created_at: number;
}

function parseLastTest(json: string | null): ConnectionTest | null {
  if (json === null) return null;
  try {
    const parsed = ConnectionTest.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

const toRecord = (r: Row): ConnectionRecord => ({
  id: r.id,
  name: r.name,
  venue: r.venue,
  exchangeId: r.exchange_id,
  mode: r.mode,
  sandbox: r.sandbox === 1,
  liveEnabled: r.live_enabled === 1,
  keyLast4: r.key_last4,
  storage: r.storage,
  status: r.status,
  lastTest: parseLastTest(r.last_test),
  createdAt: r.created_at,
});

export const toConnectionInfo = (r: ConnectionRecord): ConnectionInfo => ({ ...r, lastTest: r.lastTest && { ...r.lastTest } });

/** A name is already taken (names are unique, ignoring case). */
export class DuplicateNameError extends Error {}

export class ConnectionRepo {
  constructor(private readonly db: Db) {}

  list(): ConnectionRecord[] {
    return (this.db.prepare('SELECT * FROM connections ORDER BY created_at, id').all() as Row[]).map(toRecord);
  }

  get(id: string): ConnectionRecord | undefined {
    const row = this.db.prepare('SELECT * FROM connections WHERE id = ?').get(id) as Row | undefined;
    return row && toRecord(row);
  }

  insert(r: ConnectionRecord, now: number): void {
    this.unique(() =>
      this.db
        .prepare(
          `INSERT INTO connections (id, name, venue, exchange_id, mode, sandbox, live_enabled, key_last4, storage, status, last_test, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          r.id,
          r.name,
          r.venue,
          r.exchangeId,
          r.mode,
          r.sandbox ? 1 : 0,
          r.liveEnabled ? 1 : 0,
          r.keyLast4,
          r.storage,
          r.status,
          r.lastTest ? JSON.stringify(r.lastTest) : null,
          r.createdAt,
          now,
        ),
    );
  }

  rename(id: string, name: string, now: number): boolean {
    return this.unique(() => this.db.prepare('UPDATE connections SET name = ?, updated_at = ? WHERE id = ?').run(name, now, id).changes > 0);
  }

  setStatus(id: string, status: ConnectionStatus, lastTest: ConnectionTest | null | undefined, now: number): boolean {
    if (lastTest === undefined) {
      return this.db.prepare('UPDATE connections SET status = ?, updated_at = ? WHERE id = ?').run(status, now, id).changes > 0;
    }
    return (
      this.db
        .prepare('UPDATE connections SET status = ?, last_test = ?, updated_at = ? WHERE id = ?')
        .run(status, lastTest ? JSON.stringify(lastTest) : null, now, id).changes > 0
    );
  }

  setLiveEnabled(id: string, enabled: boolean, now: number): boolean {
    return this.db.prepare('UPDATE connections SET live_enabled = ?, updated_at = ? WHERE id = ?').run(enabled ? 1 : 0, now, id).changes > 0;
  }

  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM connections WHERE id = ?').run(id).changes > 0;
  }

  private unique<T>(write: () => T): T {
    try {
      return write();
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new DuplicateNameError();
      throw err;
    }
  }
}
