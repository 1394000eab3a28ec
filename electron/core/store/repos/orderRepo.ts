import type { OrderEvent, OrderStatus } from '../../../../shared/contract';
import { Decimal, decStr } from '../../domain/decimal';
import { avgFillPrice, parseExtras, serializeExtras, type OrderEventRecord, type OrderState } from '../../domain/order';
import type { Db } from '../database';

interface OrderRow {
  id: string;
  client_order_id: string;
  venue_order_id: string | null;
  account_id: string;
  owner: string;
  symbol: string;
  side: OrderState['side'];
  type: OrderState['type'];
  tif: OrderState['tif'];
  qty: string;
  limit_price: string | null;
  stop_price: string | null;
  status: OrderStatus;
  filled_qty: string;
  avg_fill_price: string | null;
  reason: string | null;
  created_at: number;
  updated_at: number;
  extras: string | null;
}

const OPEN = "('INITIALIZED','SUBMITTED','ACCEPTED','PARTIALLY_FILLED','PENDING_CANCEL')";

/**
 * Orders: order_events is the truth (append-only), the orders row is a cache of their
 * fold so lists are one indexed query. Both are written in the caller's transaction.
 */
export class OrderRepo {
  private readonly insertEvent;
  private readonly insertOrder;
  private readonly updateOrder;
  private readonly byId;
  private readonly byClientId;

  constructor(private readonly db: Db) {
    this.byId = db.prepare('SELECT * FROM orders WHERE id = ?');
    this.byClientId = db.prepare('SELECT * FROM orders WHERE client_order_id = ?');
    this.insertEvent = db.prepare('INSERT INTO order_events (order_id, type, at, data) VALUES (?, ?, ?, ?)');
    this.insertOrder = db.prepare(
      `INSERT INTO orders (id, client_order_id, venue_order_id, account_id, owner, symbol, side, type, tif, qty, limit_price,
        stop_price, status, filled_qty, avg_fill_price, reason, created_at, updated_at, extras)
       VALUES (@id, @client_order_id, @venue_order_id, @account_id, @owner, @symbol, @side, @type, @tif, @qty, @limit_price,
        @stop_price, @status, @filled_qty, @avg_fill_price, @reason, @created_at, @updated_at, @extras)`,
    );
    this.updateOrder = db.prepare(
      `UPDATE orders SET client_order_id = @client_order_id, venue_order_id = @venue_order_id, status = @status,
        qty = @qty, limit_price = @limit_price, stop_price = @stop_price, filled_qty = @filled_qty,
        avg_fill_price = @avg_fill_price, reason = @reason, updated_at = @updated_at WHERE id = @id`,
    );
  }

  /** Appends the event and writes the folded state. Call inside a transaction. */
  append(state: OrderState, event: OrderEventRecord): void {
    const row = toRow(state);
    if (event.data.type === 'OrderInitialized') this.insertOrder.run(row);
    else this.updateOrder.run(row);
    this.insertEvent.run(state.id, event.data.type, event.at, JSON.stringify(event.data));
  }

  get(id: string): OrderState | undefined {
    return this.withNotional(this.byId.get(id) as OrderRow | undefined);
  }

  getByClientId(clientOrderId: string): OrderState | undefined {
    return this.withNotional(this.byClientId.get(clientOrderId) as OrderRow | undefined);
  }

  list(opts: { scope: 'open' | 'all'; symbol?: string; accountId?: string; limit: number }): OrderState[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (opts.accountId) {
      where.push('account_id = ?');
      args.push(opts.accountId);
    }
    if (opts.scope === 'open') where.push(`status IN ${OPEN}`);
    if (opts.symbol) {
      where.push('symbol = ?');
      args.push(opts.symbol);
    }
    const sql = `SELECT * FROM orders ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, id DESC LIMIT ?`;
    const rows = this.db.prepare(sql).all(...args, opts.limit) as OrderRow[];
    return rows.map((r) => this.withNotional(r)!);
  }

  open(accountId?: string): OrderState[] {
    return this.list({ scope: 'open', accountId, limit: 1_000_000 });
  }

  events(orderId: string): OrderEvent[] {
    const rows = this.db.prepare('SELECT seq, order_id, type, at, data FROM order_events WHERE order_id = ? ORDER BY seq').all(orderId) as Array<{
      seq: number;
      order_id: string;
      type: OrderEvent['type'];
      at: number;
      data: string;
    }>;
    return rows.map((r) => ({ seq: r.seq, orderId: r.order_id, type: r.type, at: r.at, data: JSON.parse(r.data) as Record<string, unknown> }));
  }

  eventRecords(orderId: string): OrderEventRecord[] {
    return this.events(orderId).map((e) => ({ at: e.at, data: e.data as unknown as OrderEventRecord['data'] }));
  }

  private withNotional(row: OrderRow | undefined): OrderState | undefined {
    if (!row) return undefined;
    const filledQty = new Decimal(row.filled_qty);
    return {
      id: row.id,
      clientOrderId: row.client_order_id,
      venueOrderId: row.venue_order_id,
      accountId: row.account_id,
      owner: row.owner,
      symbol: row.symbol,
      side: row.side,
      type: row.type,
      tif: row.tif,
      qty: new Decimal(row.qty),
      limitPrice: row.limit_price === null ? null : new Decimal(row.limit_price),
      stopPrice: row.stop_price === null ? null : new Decimal(row.stop_price),
      extras: parseExtras(row.extras ? JSON.parse(row.extras) : undefined),
      status: row.status,
      filledQty,
      // The cache keeps the exact average, so qty * avg is the exact notional.
      filledNotional: row.avg_fill_price === null ? new Decimal(0) : filledQty.times(row.avg_fill_price),
      reason: row.reason,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }
}

function toRow(s: OrderState): OrderRow {
  const avg = avgFillPrice(s);
  return {
    id: s.id,
    client_order_id: s.clientOrderId,
    venue_order_id: s.venueOrderId,
    account_id: s.accountId,
    owner: s.owner,
    symbol: s.symbol,
    side: s.side,
    type: s.type,
    tif: s.tif,
    qty: decStr(s.qty),
    limit_price: s.limitPrice ? decStr(s.limitPrice) : null,
    stop_price: s.stopPrice ? decStr(s.stopPrice) : null,
    status: s.status,
    filled_qty: decStr(s.filledQty),
    avg_fill_price: avg ? decStr(avg) : null,
    reason: s.reason,
    created_at: s.createdAt,
    updated_at: s.updatedAt,
    extras: s.extras.orderClass === 'simple' && !s.extras.trailPrice && !s.extras.trailPercent ? null : JSON.stringify(serializeExtras(s.extras)),
  };
}
