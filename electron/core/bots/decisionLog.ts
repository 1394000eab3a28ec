/**
 * The decision log: every decision of every bot, with its gate trace, in SQLite. Bounded:
 * each bot keeps its newest `keepPerBot` decisions; older ones are deleted in batches
 * (every `trimEvery` appends of that bot), so a trim is one indexed DELETE now and then
 * rather than a little work on every write.
 */
import type { Decision } from '../../../shared/contract';
import type { Db } from '../store/database';

export type NewDecision = Omit<Decision, 'id'>;

interface Row {
  id: number;
  bot_id: string;
  bot_version: number;
  symbol: string;
  bar_time: number;
  at: number;
  mode: Decision['mode'];
  action: Decision['action'];
  blocked_by: string | null;
  order_id: string | null;
  sent: number;
  data: string;
}

type Data = Pick<Decision, 'target' | 'position' | 'qty' | 'reason' | 'gates'>;

function toDecision(r: Row): Decision {
  const d = JSON.parse(r.data) as Data;
  return {
    id: r.id,
    botId: r.bot_id,
    botVersion: r.bot_version,
    symbol: r.symbol,
    barTime: r.bar_time,
    at: r.at,
    mode: r.mode,
    action: r.action,
    target: d.target,
    position: d.position,
    qty: d.qty,
    reason: d.reason,
    gates: d.gates,
    blockedBy: r.blocked_by,
    orderId: r.order_id,
    sent: r.sent === 1,
  };
}

export interface DecisionQuery {
  botId: string;
  blockedOnly?: boolean;
  symbol?: string;
  /** Only decisions with a smaller id (paging back). */
  before?: number;
  limit: number;
}

export class DecisionLog {
  private readonly s;
  private readonly appendsSinceTrim = new Map<string, number>();

  constructor(
    private readonly db: Db,
    private readonly keepPerBot = 20_000,
    private readonly trimEvery = 500,
  ) {
    this.s = {
      insert: db.prepare(
        `INSERT INTO bot_decisions (bot_id, bot_version, symbol, bar_time, at, mode, action, blocked_by, order_id, sent, data)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      last: db.prepare('SELECT * FROM bot_decisions WHERE bot_id = ? ORDER BY id DESC LIMIT 1'),
      // The id below which a bot's decisions are beyond its retention.
      cutoff: db.prepare('SELECT id FROM bot_decisions WHERE bot_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?').pluck(),
      trim: db.prepare('DELETE FROM bot_decisions WHERE bot_id = ? AND id <= ?'),
      deleteBot: db.prepare('DELETE FROM bot_decisions WHERE bot_id = ?'),
      all: db.prepare('SELECT * FROM bot_decisions WHERE bot_id = ? ORDER BY id'),
      count: db.prepare('SELECT count(*) FROM bot_decisions WHERE bot_id = ?').pluck(),
    };
  }

  /** Writes a decision (call inside the caller's transaction to keep it with the bot's state). */
  append(d: NewDecision): Decision {
    const data: Data = { target: d.target, position: d.position, qty: d.qty, reason: d.reason, gates: d.gates };
    const info = this.s.insert.run(d.botId, d.botVersion, d.symbol, d.barTime, d.at, d.mode, d.action, d.blockedBy, d.orderId, d.sent ? 1 : 0, JSON.stringify(data));
    const n = (this.appendsSinceTrim.get(d.botId) ?? 0) + 1;
    if (n >= this.trimEvery) {
      this.trim(d.botId);
      this.appendsSinceTrim.set(d.botId, 0);
    } else this.appendsSinceTrim.set(d.botId, n);
    return { ...d, id: Number(info.lastInsertRowid) };
  }

  trim(botId: string): number {
    const cutoff = this.s.cutoff.get(botId, this.keepPerBot) as number | undefined;
    return cutoff === undefined ? 0 : this.s.trim.run(botId, cutoff).changes;
  }

  list(q: DecisionQuery): { decisions: Decision[]; nextBefore: number | null } {
    const where = ['bot_id = ?'];
    const args: Array<string | number> = [q.botId];
    if (q.blockedOnly) where.push('blocked_by IS NOT NULL');
    if (q.symbol) {
      where.push('symbol = ?');
      args.push(q.symbol);
    }
    if (q.before !== undefined) {
      where.push('id < ?');
      args.push(q.before);
    }
    const rows = this.db
      .prepare(`SELECT * FROM bot_decisions WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT ?`)
      .all(...args, q.limit + 1) as Row[];
    const more = rows.length > q.limit;
    const decisions = rows.slice(0, q.limit).map(toDecision);
    return { decisions, nextBefore: more ? decisions[decisions.length - 1]!.id : null };
  }

  last(botId: string): Decision | null {
    const row = this.s.last.get(botId) as Row | undefined;
    return row ? toDecision(row) : null;
  }

  count(botId: string): number {
    return this.s.count.get(botId) as number;
  }

  /** JSON Lines, oldest first: one decision per line, as the API returns it. */
  exportJsonl(botId: string): { text: string; count: number } {
    const lines: string[] = [];
    for (const row of this.s.all.iterate(botId) as IterableIterator<Row>) lines.push(JSON.stringify(toDecision(row)));
    return { text: lines.length ? `${lines.join('\n')}\n` : '', count: lines.length };
  }

  deleteBot(botId: string): void {
    this.s.deleteBot.run(botId);
    this.appendsSinceTrim.delete(botId);
  }
}
