import type { Fill } from '../../../../shared/contract';
import type { Db } from '../database';

interface FillRow {
  id: string;
  order_id: string;
  client_order_id: string;
  account_id: string;
  symbol: string;
  side: Fill['side'];
  qty: string;
  price: string;
  fee: string;
  fee_currency: string;
  liquidity: Fill['liquidity'];
  venue_trade_id: string;
  at: number;
}

const SELECT = `SELECT f.*, o.client_order_id FROM fills f JOIN orders o ON o.id = f.order_id`;

export class FillRepo {
  private readonly insertStmt;
  private readonly existsStmt;

  constructor(private readonly db: Db) {
    this.insertStmt = db.prepare(
      `INSERT INTO fills (id, order_id, account_id, symbol, side, qty, price, fee, fee_currency, liquidity, venue_trade_id, at)
       VALUES (@id, @orderId, @accountId, @symbol, @side, @qty, @price, @fee, @feeCurrency, @liquidity, @venueTradeId, @at)`,
    );
    this.existsStmt = db.prepare('SELECT 1 FROM fills WHERE account_id = ? AND venue_trade_id = ?');
  }

  /** Fills are de-duplicated by the venue's trade id: the same trade reported twice is one fill. */
  has(accountId: string, venueTradeId: string): boolean {
    return this.existsStmt.get(accountId, venueTradeId) !== undefined;
  }

  insert(fill: Fill): void {
    this.insertStmt.run(fill);
  }

  list(opts: { symbol?: string; limit: number; orderId?: string }): Fill[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (opts.symbol) {
      where.push('f.symbol = ?');
      args.push(opts.symbol);
    }
    if (opts.orderId) {
      where.push('f.order_id = ?');
      args.push(opts.orderId);
    }
    const rows = this.db
      .prepare(`${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY f.at DESC, f.id DESC LIMIT ?`)
      .all(...args, opts.limit) as FillRow[];
    return rows.map(toFill);
  }
}

function toFill(r: FillRow): Fill {
  return {
    id: r.id,
    orderId: r.order_id,
    clientOrderId: r.client_order_id,
    accountId: r.account_id,
    symbol: r.symbol,
    side: r.side,
    qty: r.qty,
    price: r.price,
    fee: r.fee,
    feeCurrency: r.fee_currency,
    liquidity: r.liquidity,
    venueTradeId: r.venue_trade_id,
    at: r.at,
  };
}
