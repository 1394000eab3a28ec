import { Decimal, decStr } from '../../domain/decimal';
import type { PositionState } from '../../domain/position';
import type { Db } from '../database';

export interface AccountRecord {
  id: string;
  name: string;
  venue: string;
  mode: 'paper' | 'live';
  currency: string;
  cash: Decimal;
  startingCash: Decimal;
  dayStartEquity: Decimal;
  /** The market day (YYYY-MM-DD) dayStartEquity belongs to. */
  dayStartDate: string;
  updatedAt: number;
}

interface AccountRow {
  id: string;
  name: string;
  venue: string;
  mode: 'paper' | 'live';
  currency: string;
  cash: string;
  starting_cash: string;
  day_start_equity: string;
  day_start_date: string;
  updated_at: number;
}

interface PositionRow {
  account_id: string;
  symbol: string;
  qty: string;
  avg_price: string;
  realized_pnl: string;
  updated_at: number;
}

/** The OMS's own books per account: cash and positions, changed only by fills. */
export class AccountRepo {
  constructor(private readonly db: Db) {}

  ensure(a: Omit<AccountRecord, 'dayStartEquity' | 'updatedAt' | 'cash'> & { at: number }): void {
    this.db
      .prepare(
        `INSERT OR IGNORE INTO accounts (id, name, venue, mode, currency, cash, starting_cash, day_start_equity, day_start_date, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(a.id, a.name, a.venue, a.mode, a.currency, decStr(a.startingCash), decStr(a.startingCash), decStr(a.startingCash), a.dayStartDate, a.at, a.at);
  }

  get(id: string): AccountRecord | undefined {
    const r = this.db.prepare('SELECT * FROM accounts WHERE id = ?').get(id) as AccountRow | undefined;
    if (!r) return undefined;
    return {
      id: r.id,
      name: r.name,
      venue: r.venue,
      mode: r.mode,
      currency: r.currency,
      cash: new Decimal(r.cash),
      startingCash: new Decimal(r.starting_cash),
      dayStartEquity: new Decimal(r.day_start_equity),
      dayStartDate: r.day_start_date,
      updatedAt: r.updated_at,
    };
  }

  setCash(id: string, cash: Decimal, at: number): void {
    this.db.prepare('UPDATE accounts SET cash = ?, updated_at = ? WHERE id = ?').run(decStr(cash), at, id);
  }

  rollDay(id: string, date: string, equity: Decimal): void {
    this.db.prepare('UPDATE accounts SET day_start_date = ?, day_start_equity = ? WHERE id = ?').run(date, decStr(equity), id);
  }

  positions(accountId: string): PositionState[] {
    const rows = this.db.prepare('SELECT * FROM positions WHERE account_id = ? ORDER BY symbol').all(accountId) as PositionRow[];
    return rows.map(toPosition);
  }

  position(accountId: string, symbol: string): PositionState | undefined {
    const r = this.db.prepare('SELECT * FROM positions WHERE account_id = ? AND symbol = ?').get(accountId, symbol) as PositionRow | undefined;
    return r ? toPosition(r) : undefined;
  }

  savePosition(p: PositionState): void {
    this.db
      .prepare(
        `INSERT INTO positions (account_id, symbol, qty, avg_price, realized_pnl, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (account_id, symbol) DO UPDATE SET qty = excluded.qty, avg_price = excluded.avg_price,
           realized_pnl = excluded.realized_pnl, updated_at = excluded.updated_at`,
      )
      .run(p.accountId, p.symbol, decStr(p.qty), decStr(p.avgPrice), decStr(p.realizedPnl), p.updatedAt);
  }
}

function toPosition(r: PositionRow): PositionState {
  return {
    accountId: r.account_id,
    symbol: r.symbol,
    qty: new Decimal(r.qty),
    avgPrice: new Decimal(r.avg_price),
    realizedPnl: new Decimal(r.realized_pnl),
    updatedAt: r.updated_at,
  };
}
