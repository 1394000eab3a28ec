import type { Order, OrderStatus } from '../../../shared/contract';
import { Decimal, dec } from '../../../electron/core/domain/decimal';
import { rulesOf } from '../../../electron/core/domain/instrument';
import { toOrderDto } from '../../../electron/core/domain/order';
import { createLogger, Redactor } from '../../../electron/core/log/logger';
import { OrderManager } from '../../../electron/core/oms/orderManager';
import { openDatabase } from '../../../electron/core/store/database';
import { AccountRepo } from '../../../electron/core/store/repos/accountRepo';
import { AuditRepo } from '../../../electron/core/store/repos/auditRepo';
import { FillRepo } from '../../../electron/core/store/repos/fillRepo';
import { OrderRepo } from '../../../electron/core/store/repos/orderRepo';
import type { FakeBinance } from '../../support/fakeBinance';
import { connectionTo, type Resources } from './support';

/**
 * The real OMS and store on a SQLite file, with a CcxtConnection to the fake Binance as
 * its broker (the ccxt counterpart of tests/support/omsHarness.ts). Opening it again on
 * the same file is an app restart.
 */
export async function ccxtOmsHarness(dbPath: string, fake: FakeBinance, resources: Resources) {
  const db = openDatabase(dbPath);
  const orders = new OrderRepo(db);
  const fills = new FillRepo(db);
  const accounts = new AccountRepo(db);
  const audit = new AuditRepo(db);
  const prices = new Map<string, Decimal>();
  // The OMS knows each order's symbol: the connection asks it, since Binance finds orders only by symbol.
  const conn = connectionTo(resources, fake, { symbolOfOrder: (clientOrderId) => orders.getByClientId(clientOrderId)?.symbol });
  const oms = new OrderManager({
    db,
    orders,
    fills,
    accounts,
    audit,
    broker: conn,
    rules: (symbol) => {
      const instrument = conn.instrument(symbol);
      return instrument ? rulesOf(instrument) : undefined;
    },
    lastPrice: (symbol) => prices.get(symbol) ?? null,
    preTradeChecks: [],
    now: () => Date.now(),
    log: createLogger({ redactor: new Redactor() }),
  });
  // The OMS listens before the connection starts polling, so no report is missed.
  await conn.connect();
  accounts.ensure({
    id: conn.accountId,
    name: 'Binance (fake)',
    venue: 'binance',
    mode: 'paper',
    currency: 'USDT',
    startingCash: await conn.cash(),
    dayStartDate: new Date().toISOString().slice(0, 10),
    at: Date.now(),
  });

  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    oms.close();
    await conn.close();
    db.close();
  };
  resources.add(close);

  /** Resolves with the order once it reaches `status` (now or later); fails after timeoutMs. */
  const orderReaching = (orderId: string, status: OrderStatus, timeoutMs = 5_000) =>
    new Promise<Order>((resolve, reject) => {
      const current = orders.get(orderId);
      if (current?.status === status) {
        resolve(toOrderDto(current));
        return;
      }
      const timer = setTimeout(() => {
        unsubscribe();
        reject(new Error(`order ${orderId} did not reach ${status} within ${timeoutMs} ms (it is ${orders.get(orderId)?.status})`));
      }, timeoutMs);
      const unsubscribe = oms.subscribe({
        ordersChanged: (changed) => {
          const hit = changed.find((o) => o.id === orderId && o.status === status);
          if (!hit) return;
          clearTimeout(timer);
          unsubscribe();
          resolve(hit);
        },
      });
    });

  const setPrice = (symbol: string, price: string) => {
    prices.set(symbol, dec(price));
    fake.controls.setPrice(symbol.replace('/', ''), price);
  };

  return { db, conn, oms, orders, fills, accounts, audit, close, orderReaching, setPrice };
}
