import { join } from 'node:path';
import { EquityRecorder } from '../../../electron/core/analytics/equitySnapshots';
import type { PortfolioDeps } from '../../../electron/core/analytics/portfolioReport';
import { Decimal, ZERO, decStr } from '../../../electron/core/domain/decimal';
import { applyFillToPosition, cashAfterFill, emptyPosition } from '../../../electron/core/domain/position';
import { AccountView } from '../../../electron/core/oms/accountView';
import { openDatabase, type Db } from '../../../electron/core/store/database';
import { AccountRepo } from '../../../electron/core/store/repos/accountRepo';
import { FillRepo } from '../../../electron/core/store/repos/fillRepo';
import { OrderRepo } from '../../../electron/core/store/repos/orderRepo';
import { tempDir } from '../../support/tempDir';
import { utcDay } from './fixtures';

export const ACCOUNT = 'acc';

export interface BookedTrade {
  owner?: string;
  symbol: string;
  side: 'buy' | 'sell';
  qty: string;
  price: string;
  fee?: string;
  at: number;
}

/**
 * A real store with one USD account whose books are written the way the OMS writes them
 * (an order row, the fill, the position by average cost, cash less USD fees), a market
 * clock and marks moved by hand, and the report's dependencies over all of it.
 */
export function testBooks(startAt: number, startingCash = '100000') {
  const dir = tempDir('tw-analytics-report-');
  const db: Db = openDatabase(join(dir.dir, 'ws.db'));
  const accounts = new AccountRepo(db);
  const fills = new FillRepo(db);
  const orders = new OrderRepo(db);
  const equity = new EquityRecorder(db);
  const marks = new Map<string, Decimal>();
  const clock = { now: startAt };
  accounts.ensure({ id: ACCOUNT, name: 'Test', venue: 'paper', mode: 'paper', currency: 'USD', startingCash: new Decimal(startingCash), dayStartDate: utcDay(startAt), at: startAt });
  const mark = (s: string) => marks.get(s) ?? null;
  const view = new AccountView({ accounts, mark, marketDay: () => utcDay(clock.now), now: () => clock.now });
  const insertOrder = db.prepare(
    `INSERT INTO orders (id, client_order_id, venue_order_id, account_id, owner, symbol, side, type, tif, qty, limit_price, stop_price,
       status, filled_qty, avg_fill_price, reason, created_at, updated_at)
     VALUES (?, ?, NULL, ?, ?, ?, ?, 'market', 'day', ?, NULL, NULL, 'FILLED', ?, ?, NULL, ?, ?)`,
  );
  let seq = 0;

  function book(trade: BookedTrade): void {
    seq++;
    const id = `o${seq}`;
    const fee = trade.fee ?? '0';
    insertOrder.run(id, `c${seq}`, ACCOUNT, trade.owner ?? 'manual', trade.symbol, trade.side, trade.qty, trade.qty, trade.price, trade.at, trade.at);
    fills.insert({
      id: `f${seq}`,
      orderId: id,
      clientOrderId: `c${seq}`,
      accountId: ACCOUNT,
      symbol: trade.symbol,
      side: trade.side,
      qty: trade.qty,
      price: trade.price,
      fee,
      feeCurrency: 'USD',
      liquidity: 'taker',
      venueTradeId: `v${seq}`,
      at: trade.at,
    });
    const qty = new Decimal(trade.qty);
    const price = new Decimal(trade.price);
    const pos = accounts.position(ACCOUNT, trade.symbol) ?? emptyPosition(ACCOUNT, trade.symbol, trade.at);
    accounts.savePosition(applyFillToPosition(pos, { side: trade.side, qty, price, at: trade.at }));
    const account = accounts.get(ACCOUNT)!;
    accounts.setCash(ACCOUNT, cashAfterFill(account.cash, { side: trade.side, qty, price, fee: new Decimal(fee) }), trade.at);
  }

  /** Equity now, exactly: cash plus positions at the mark (average cost without one). */
  function equityNow(): Decimal {
    const account = accounts.get(ACCOUNT)!;
    return accounts.positions(ACCOUNT).reduce((sum, p) => sum.plus(p.qty.times(mark(p.symbol) ?? p.avgPrice)), account.cash);
  }

  /** What the workstation does on each recompute: the view (which rolls the market day) and a snapshot if due. */
  function recompute(): void {
    view.summary(ACCOUNT);
    equity.maybeRecord(ACCOUNT, clock.now, equityNow(), accounts.get(ACCOUNT)!.cash);
  }

  function setMark(symbol: string, price: string | number): void {
    marks.set(symbol, new Decimal(price));
  }

  function deps(extra: Partial<PortfolioDeps> = {}): PortfolioDeps {
    return { fills, orders, accounts: { view, repo: accounts }, equity, mark, now: () => clock.now, dayOf: utcDay, ...extra };
  }

  const close = () => {
    db.close();
    dir.cleanup();
  };
  return { db, accounts, view, equity, clock, book, recompute, setMark, equityNow, deps, close, cash: () => decStr(accounts.get(ACCOUNT)?.cash ?? ZERO) };
}
