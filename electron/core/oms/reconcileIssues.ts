import { randomBytes } from 'node:crypto';
import type { ReconcileIssue, TimeInForce } from '../../../shared/contract';
import { ApiError, notFound } from '../api/errors';
import { Decimal, ZERO, decStr } from '../domain/decimal';
import type { Db } from '../store/database';
import type { AccountRepo } from '../store/repos/accountRepo';
import type { AuditRepo } from '../store/repos/auditRepo';
import type { OrderManager, ReconcileResult } from './orderManager';

interface Row {
  id: string;
  account_id: string;
  kind: ReconcileIssue['kind'];
  symbol: string | null;
  local: string;
  venue: string;
  detected_at: number;
  status: ReconcileIssue['status'];
  resolution: string | null;
}

const toIssue = (r: Row): ReconcileIssue => ({
  id: r.id,
  accountId: r.account_id,
  kind: r.kind,
  symbol: r.symbol,
  local: r.local,
  venue: r.venue,
  detectedAt: r.detected_at,
  status: r.status,
  resolution: r.resolution,
});

/**
 * Mismatches reconciliation cannot settle by itself (a position that differs from the
 * venue's beyond what lot sizes explain) wait here for the user: adopt the venue's
 * figure, ignore it, or flatten the position at the venue with a market order.
 */
export class ReconcileIssues {
  constructor(
    private readonly db: Db,
    private readonly d: {
      oms: OrderManager;
      accounts: AccountRepo;
      audit: AuditRepo;
      lastPrice: (accountId: string, symbol: string) => Decimal | null;
      now: () => number;
      onChange: () => void;
      /** An adopted position changed the books: the account's figures must be sent again. */
      booksChanged?: (accountId: string) => void;
    },
  ) {}

  /** Records a reconciliation: new mismatches open issues; mismatches that went away close theirs. */
  record(result: ReconcileResult): void {
    const open = this.db
      .prepare("SELECT * FROM reconcile_issues WHERE account_id = ? AND kind = 'position_mismatch' AND status = 'open'")
      .all(result.accountId) as Row[];
    const now = this.d.now();
    let changed = false;
    this.db.transaction(() => {
      const seen = new Set<string>();
      for (const m of result.positionMismatches) {
        seen.add(m.symbol);
        const existing = open.find((r) => r.symbol === m.symbol);
        if (existing) {
          if (existing.local !== m.local || existing.venue !== m.venue) {
            this.db.prepare('UPDATE reconcile_issues SET local = ?, venue = ? WHERE id = ?').run(m.local, m.venue, existing.id);
            changed = true;
          }
          continue;
        }
        // The user said to ignore exactly this difference: do not ask again until it changes.
        const ignored = this.db
          .prepare(
            "SELECT 1 FROM reconcile_issues WHERE account_id = ? AND kind = 'position_mismatch' AND symbol = ? AND status = 'ignored' AND local = ? AND venue = ?",
          )
          .get(result.accountId, m.symbol, m.local, m.venue);
        if (ignored) continue;
        this.db
          .prepare(
            `INSERT INTO reconcile_issues (id, account_id, kind, symbol, local, venue, detected_at, status, resolution)
             VALUES (?, ?, 'position_mismatch', ?, ?, ?, ?, 'open', NULL)`,
          )
          .run(`rec-${randomBytes(6).toString('hex')}`, result.accountId, m.symbol, m.local, m.venue, now);
        changed = true;
      }
      for (const r of open) {
        if (r.symbol !== null && !seen.has(r.symbol)) {
          this.close(r.id, 'resolved', 'The books match the venue again');
          changed = true;
        }
      }
    })();
    if (changed) this.d.onChange();
  }

  list(includeClosed = false): ReconcileIssue[] {
    const rows = this.db
      .prepare(`SELECT * FROM reconcile_issues ${includeClosed ? '' : "WHERE status = 'open'"} ORDER BY detected_at DESC LIMIT 500`)
      .all() as Row[];
    return rows.map(toIssue);
  }

  async resolve(id: string, action: 'adopt' | 'ignore' | 'flatten', actor: string): Promise<ReconcileIssue> {
    const row = this.db.prepare('SELECT * FROM reconcile_issues WHERE id = ?').get(id) as Row | undefined;
    if (!row) throw notFound('No such reconciliation issue');
    if (row.status !== 'open') throw new ApiError('CONFLICT', `This issue is already ${row.status}`);
    const symbol = row.symbol!;
    let resolution: string;
    if (action === 'ignore') {
      resolution = 'Ignored by the user';
    } else if (action === 'adopt') {
      resolution = this.adoptVenuePosition(row.account_id, symbol, new Decimal(row.venue));
      this.d.booksChanged?.(row.account_id);
    } else {
      resolution = await this.flatten(row.account_id, symbol, new Decimal(row.venue), actor);
    }
    this.close(id, action === 'ignore' ? 'ignored' : 'resolved', resolution);
    this.d.audit.append({ at: this.d.now(), actor, action: `reconcile.${action}`, subject: row.account_id, outcome: 'ok', detail: { symbol, resolution } });
    this.d.onChange();
    return toIssue(this.db.prepare('SELECT * FROM reconcile_issues WHERE id = ?').get(id) as Row);
  }

  private adoptVenuePosition(accountId: string, symbol: string, venueQty: Decimal): string {
    const pos = this.d.accounts.position(accountId, symbol);
    const sameSide = pos && !pos.qty.isZero() && pos.qty.isPositive() === venueQty.isPositive();
    // The venue says how much, not at what cost: keep our average if the side is unchanged, else mark at the last price.
    const avg = venueQty.isZero() ? ZERO : sameSide ? pos.avgPrice : (this.d.lastPrice(accountId, symbol) ?? pos?.avgPrice ?? ZERO);
    this.d.accounts.savePosition({
      accountId,
      symbol,
      qty: venueQty,
      avgPrice: avg,
      realizedPnl: pos?.realizedPnl ?? ZERO,
      updatedAt: this.d.now(),
    });
    return `Adopted the venue's quantity ${decStr(venueQty)} (was ${decStr(pos?.qty ?? ZERO)})`;
  }

  private async flatten(accountId: string, symbol: string, venueQty: Decimal, actor: string): Promise<string> {
    if (venueQty.isZero()) return 'Nothing to flatten: the venue holds no position';
    const caps = this.d.oms.capabilities(accountId);
    if (!caps) throw new ApiError('UNAVAILABLE', `${accountId} is not connected right now`);
    const tif = (['day', 'ioc', 'gtc'] as TimeInForce[]).find((t) => caps.timeInForce.includes(t) && t !== 'gtc') ?? 'day';
    const order = await this.d.oms.submit(
      { accountId, symbol, side: venueQty.isPositive() ? 'sell' : 'buy', type: 'market', tif, qty: decStr(venueQty.abs()) },
      { owner: { kind: 'manual' }, actor: `reconcile@${actor}` },
    );
    return `Sent market order ${order.id} to flatten ${decStr(venueQty)} ${symbol}`;
  }

  private close(id: string, status: 'resolved' | 'ignored', resolution: string): void {
    this.db.prepare('UPDATE reconcile_issues SET status = ?, resolution = ? WHERE id = ?').run(status, resolution, id);
  }
}
