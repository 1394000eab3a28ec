import type { KillSwitch, RiskDenial, RiskGroup, RiskLimits } from '../../../shared/contract';
import type { Db } from '../store/database';

interface KillRow {
  engaged: number;
  at: number | null;
  by: string | null;
  reason: string | null;
  cancel_open: number;
  flatten: number;
}

/** Risk settings and state in SQLite: what must survive a restart (the kill switch above all). */
export class RiskStore {
  private readonly stmt;

  constructor(private readonly db: Db) {
    this.stmt = {
      limits: db.prepare('SELECT limits FROM risk_limits WHERE scope = ?'),
      setLimits: db.prepare(
        'INSERT INTO risk_limits (scope, limits, updated_at) VALUES (?, ?, ?) ON CONFLICT (scope) DO UPDATE SET limits = excluded.limits, updated_at = excluded.updated_at',
      ),
      kill: db.prepare('SELECT * FROM kill_switch WHERE id = 1'),
      setKill: db.prepare('UPDATE kill_switch SET engaged = ?, at = ?, by = ?, reason = ?, cancel_open = ?, flatten = ? WHERE id = 1'),
      state: db.prepare('SELECT * FROM risk_state WHERE account_id = ?'),
      upsertState: db.prepare(
        `INSERT INTO risk_state (account_id, manual_state, equity_peak, emergency_at, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (account_id) DO UPDATE SET manual_state = excluded.manual_state, equity_peak = excluded.equity_peak,
           emergency_at = excluded.emergency_at, updated_at = excluded.updated_at`,
      ),
      denial: db.prepare('INSERT INTO risk_denials (at, account_id, owner, symbol, check_name, reason) VALUES (?, ?, ?, ?, ?, ?)'),
      trimDenials: db.prepare('DELETE FROM risk_denials WHERE seq <= (SELECT max(seq) FROM risk_denials) - 1000'),
      denials: db.prepare('SELECT * FROM risk_denials WHERE account_id = ? ORDER BY seq DESC LIMIT ?'),
      groups: db.prepare('SELECT * FROM risk_groups ORDER BY name'),
    };
  }

  /** Limits are read on every order: kept in memory, written through. */
  private readonly limitsCache = new Map<string, RiskLimits | null>();

  limits(scope: string): RiskLimits | null {
    if (this.limitsCache.has(scope)) return this.limitsCache.get(scope)!;
    const row = this.stmt.limits.get(scope) as { limits: string } | undefined;
    const limits = row ? (JSON.parse(row.limits) as RiskLimits) : null;
    this.limitsCache.set(scope, limits);
    return limits;
  }

  setLimits(scope: string, limits: RiskLimits, at: number): void {
    this.stmt.setLimits.run(scope, JSON.stringify(limits), at);
    this.limitsCache.set(scope, limits);
  }

  killSwitch(): KillSwitch {
    const r = this.stmt.kill.get() as KillRow;
    return { engaged: r.engaged === 1, at: r.at, by: r.by, reason: r.reason, cancelOpen: r.cancel_open === 1, flatten: r.flatten === 1 };
  }

  setKillSwitch(k: KillSwitch): void {
    this.stmt.setKill.run(k.engaged ? 1 : 0, k.at, k.by, k.reason, k.cancelOpen ? 1 : 0, k.flatten ? 1 : 0);
  }

  accountState(accountId: string): { manualState: 'ACTIVE' | 'REDUCING'; equityPeak: string | null; emergencyAt: number | null } {
    const r = this.stmt.state.get(accountId) as { manual_state: 'ACTIVE' | 'REDUCING'; equity_peak: string | null; emergency_at: number | null } | undefined;
    return r ? { manualState: r.manual_state, equityPeak: r.equity_peak, emergencyAt: r.emergency_at } : { manualState: 'ACTIVE', equityPeak: null, emergencyAt: null };
  }

  setAccountState(accountId: string, s: { manualState: 'ACTIVE' | 'REDUCING'; equityPeak: string | null; emergencyAt: number | null }, at: number): void {
    this.stmt.upsertState.run(accountId, s.manualState, s.equityPeak, s.emergencyAt, at);
  }

  recordDenial(d: RiskDenial): void {
    this.stmt.denial.run(d.at, d.accountId, d.owner, d.symbol, d.check, d.reason);
    this.stmt.trimDenials.run();
  }

  denials(accountId: string, limit = 20): RiskDenial[] {
    const rows = this.stmt.denials.all(accountId, limit) as Array<{ at: number; account_id: string; owner: string; symbol: string; check_name: string; reason: string }>;
    return rows.map((r) => ({ at: r.at, accountId: r.account_id, owner: r.owner, symbol: r.symbol, check: r.check_name, reason: r.reason }));
  }

  groups(): RiskGroup[] {
    const rows = this.stmt.groups.all() as Array<{ id: string; name: string; kind: 'sector' | 'correlation'; symbols: string; max_gross_notional: string | null }>;
    return rows.map((r) => ({ id: r.id, name: r.name, kind: r.kind, symbols: JSON.parse(r.symbols) as string[], maxGrossNotional: r.max_gross_notional }));
  }

  saveGroup(g: RiskGroup): void {
    this.db
      .prepare(
        `INSERT INTO risk_groups (id, name, kind, symbols, max_gross_notional) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind, symbols = excluded.symbols, max_gross_notional = excluded.max_gross_notional`,
      )
      .run(g.id, g.name, g.kind, JSON.stringify(g.symbols), g.maxGrossNotional);
  }

  deleteGroup(id: string): boolean {
    return this.db.prepare('DELETE FROM risk_groups WHERE id = ?').run(id).changes > 0;
  }
}
