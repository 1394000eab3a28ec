/**
 * Bots in SQLite (migration 0008): the bot row (current version, desired and last known
 * state), its versions, its per-symbol state and a shadow bot's would-be fills.
 */
import type { BotConfig, BotState, BotVersion } from '../../../shared/contract';
import type { Db } from '../store/database';
import type { Intent } from './evaluator';

export type Desired = 'running' | 'paused' | 'stopped';
export type ErrorKind = 'strategy' | 'venue' | 'internal';

export interface BotRecord {
  id: string;
  version: number;
  desired: Desired;
  status: BotState;
  statusReason: string | null;
  errorKind: ErrorKind | null;
  createdAt: number;
  updatedAt: number;
}

/** What a bot remembers per symbol across restarts. */
export interface SymbolState {
  /** The target it acts on (the strategy's last intent), or null when none was stated yet. */
  target: Intent | null;
  /** The target the last order was sent for: while that order works and the target stands, nothing more is sent. */
  orderTarget: Intent | null;
  /** Open time (ms) of the last bar decided: a bar is never decided twice. */
  lastBar: number | null;
  /** Open time (ms) of the bar of the last order sent (or, in shadow, that would have been). */
  lastOrderBar: number | null;
}

export interface ShadowFill {
  symbol: string;
  side: 'buy' | 'sell';
  qty: string;
  price: string;
  at: number;
}

interface BotRow {
  id: string;
  version: number;
  desired: Desired;
  status: BotState;
  status_reason: string | null;
  error_kind: ErrorKind | null;
  created_at: number;
  updated_at: number;
}

const toRecord = (r: BotRow): BotRecord => ({
  id: r.id,
  version: r.version,
  desired: r.desired,
  status: r.status,
  statusReason: r.status_reason,
  errorKind: r.error_kind,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export class BotStore {
  private readonly s;

  constructor(private readonly db: Db) {
    this.s = {
      insertBot: db.prepare(
        `INSERT INTO bots (id, version, desired, status, created_at, updated_at) VALUES (?, 1, 'stopped', 'stopped', ?, ?)`,
      ),
      insertVersion: db.prepare('INSERT INTO bot_versions (bot_id, version, config, actor, change, created_at) VALUES (?, ?, ?, ?, ?, ?)'),
      setVersion: db.prepare('UPDATE bots SET version = ?, updated_at = ? WHERE id = ?'),
      get: db.prepare('SELECT * FROM bots WHERE id = ? AND deleted_at IS NULL'),
      exists: db.prepare('SELECT 1 FROM bots WHERE id = ?').pluck(),
      list: db.prepare('SELECT * FROM bots WHERE deleted_at IS NULL ORDER BY created_at, id'),
      config: db.prepare('SELECT config FROM bot_versions WHERE bot_id = ? AND version = ?').pluck(),
      versions: db.prepare('SELECT * FROM bot_versions WHERE bot_id = ? ORDER BY version DESC'),
      setDesired: db.prepare('UPDATE bots SET desired = ?, updated_at = ? WHERE id = ?'),
      setStatus: db.prepare('UPDATE bots SET status = ?, status_reason = ?, error_kind = ? WHERE id = ?'),
      markDeleted: db.prepare("UPDATE bots SET deleted_at = ?, desired = 'stopped', status = 'stopped', updated_at = ? WHERE id = ?"),
      symbolStates: db.prepare('SELECT symbol, target, order_target, last_bar, last_order_bar FROM bot_symbol_state WHERE bot_id = ?'),
      saveSymbol: db.prepare(
        `INSERT INTO bot_symbol_state (bot_id, symbol, target, order_target, last_bar, last_order_bar) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (bot_id, symbol) DO UPDATE SET target = excluded.target, order_target = excluded.order_target,
           last_bar = excluded.last_bar, last_order_bar = excluded.last_order_bar`,
      ),
      deleteSymbols: db.prepare('DELETE FROM bot_symbol_state WHERE bot_id = ?'),
      shadowFills: db.prepare('SELECT symbol, side, qty, price, at FROM bot_shadow_fills WHERE bot_id = ? ORDER BY seq'),
      addShadowFill: db.prepare('INSERT INTO bot_shadow_fills (bot_id, symbol, side, qty, price, at) VALUES (?, ?, ?, ?, ?, ?)'),
    };
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /** Whether the id was ever used (deleted bots keep theirs: their orders still name them). */
  idTaken(id: string): boolean {
    return this.s.exists.get(id) !== undefined;
  }

  create(config: BotConfig, actor: string, at: number): void {
    this.transaction(() => {
      this.s.insertBot.run(config.id, at, at);
      this.s.insertVersion.run(config.id, 1, JSON.stringify(config), actor, 'created', at);
    });
  }

  addVersion(config: BotConfig, actor: string, change: string, at: number): void {
    this.transaction(() => {
      this.s.insertVersion.run(config.id, config.version, JSON.stringify(config), actor, change, at);
      this.s.setVersion.run(config.version, at, config.id);
    });
  }

  get(id: string): BotRecord | undefined {
    const row = this.s.get.get(id) as BotRow | undefined;
    return row ? toRecord(row) : undefined;
  }

  list(): BotRecord[] {
    return (this.s.list.all() as BotRow[]).map(toRecord);
  }

  config(id: string, version: number): BotConfig {
    const raw = this.s.config.get(id, version) as string | undefined;
    if (raw === undefined) throw new Error(`Bot ${id} has no version ${version}`);
    return JSON.parse(raw) as BotConfig;
  }

  versions(id: string): BotVersion[] {
    const rows = this.s.versions.all(id) as Array<{ version: number; config: string; actor: string; change: string; created_at: number }>;
    return rows.map((r) => ({ version: r.version, createdAt: r.created_at, actor: r.actor, change: r.change, config: JSON.parse(r.config) as BotConfig }));
  }

  setDesired(id: string, desired: Desired, at: number): void {
    this.s.setDesired.run(desired, at, id);
  }

  setStatus(id: string, status: BotState, reason: string | null, errorKind: ErrorKind | null): void {
    this.s.setStatus.run(status, reason, errorKind, id);
  }

  markDeleted(id: string, at: number): void {
    this.transaction(() => {
      this.s.markDeleted.run(at, at, id);
      this.s.deleteSymbols.run(id);
    });
  }

  symbolStates(id: string): Map<string, SymbolState> {
    const rows = this.s.symbolStates.all(id) as Array<{
      symbol: string;
      target: string | null;
      order_target: string | null;
      last_bar: number | null;
      last_order_bar: number | null;
    }>;
    const intent = (raw: string | null) => (raw ? (JSON.parse(raw) as Intent) : null);
    return new Map(
      rows.map((r) => [r.symbol, { target: intent(r.target), orderTarget: intent(r.order_target), lastBar: r.last_bar, lastOrderBar: r.last_order_bar }]),
    );
  }

  saveSymbolState(id: string, symbol: string, s: SymbolState): void {
    const json = (i: Intent | null) => (i ? JSON.stringify(i) : null);
    this.s.saveSymbol.run(id, symbol, json(s.target), json(s.orderTarget), s.lastBar, s.lastOrderBar);
  }

  shadowFills(id: string): ShadowFill[] {
    return this.s.shadowFills.all(id) as ShadowFill[];
  }

  addShadowFill(id: string, f: ShadowFill): void {
    this.s.addShadowFill.run(id, f.symbol, f.side, f.qty, f.price, f.at);
  }
}
