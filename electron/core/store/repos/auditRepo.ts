import type { Db } from '../database';

export interface AuditEntry {
  seq: number;
  at: number;
  /** Who acted: "ticket", "bot:<id>", "system", or the IPC caller. */
  actor: string;
  action: string;
  subject: string | null;
  outcome: 'ok' | 'refused' | 'error';
  detail: Record<string, unknown>;
}

/** Append-only (triggers refuse UPDATE and DELETE): every operator action and every refusal. */
export class AuditRepo {
  private readonly insert;

  constructor(private readonly db: Db) {
    this.insert = db.prepare('INSERT INTO audit_log (at, actor, action, subject, outcome, detail) VALUES (?, ?, ?, ?, ?, ?)');
  }

  append(e: Omit<AuditEntry, 'seq'>): void {
    this.insert.run(e.at, e.actor, e.action, e.subject, e.outcome, JSON.stringify(e.detail));
  }

  list(opts: { limit: number; action?: string; text?: string } = { limit: 200 }): AuditEntry[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (opts.action) {
      where.push('action = ?');
      args.push(opts.action);
    }
    if (opts.text) {
      where.push('(subject LIKE ? OR detail LIKE ?)');
      args.push(`%${opts.text}%`, `%${opts.text}%`);
    }
    const rows = this.db
      .prepare(`SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ?`)
      .all(...args, opts.limit) as Array<Omit<AuditEntry, 'detail'> & { detail: string }>;
    return rows.map((r) => ({ ...r, detail: JSON.parse(r.detail) as Record<string, unknown> }));
  }
}
