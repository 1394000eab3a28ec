import type { AlpacaConnection } from '../../../electron/core/brokers/alpaca/alpacaConnection';
import { Decimal, dec } from '../../../electron/core/domain/decimal';
import { rulesOf } from '../../../electron/core/domain/instrument';
import { createLogger, Redactor } from '../../../electron/core/log/logger';
import { AccountView } from '../../../electron/core/oms/accountView';
import { OrderManager } from '../../../electron/core/oms/orderManager';
import { openDatabase, type Db } from '../../../electron/core/store/database';
import { AccountRepo } from '../../../electron/core/store/repos/accountRepo';
import { AuditRepo } from '../../../electron/core/store/repos/auditRepo';
import { FillRepo } from '../../../electron/core/store/repos/fillRepo';
import { OrderRepo } from '../../../electron/core/store/repos/orderRepo';
import type { FakeAlpaca } from '../../support/fakeAlpaca';
import { newConnection, withTimeout } from './helpers';

export const ALPACA_ACCOUNT = 'alpaca-paper';

/**
 * The real OMS and store on a SQLite file, with an AlpacaConnection (real SDK, fake venue)
 * as its broker: the same composition as tests/support/omsHarness.ts with the paper venue.
 */
export async function alpacaOmsHarness(dbPath: string, fake: FakeAlpaca, prices: Map<string, Decimal>) {
  const db: Db = openDatabase(dbPath);
  const conn: AlpacaConnection = newConnection(fake, { accountId: ALPACA_ACCOUNT, referencePrice: (s) => prices.get(s) ?? null });
  await conn.connect();
  const accounts = new AccountRepo(db);
  const startingCash = (await conn.accountInfo()).cash;
  accounts.ensure({ id: ALPACA_ACCOUNT, name: 'Alpaca paper', venue: 'alpaca', mode: 'paper', currency: 'USD', startingCash, dayStartDate: '2026-11-20', at: 0 });
  const orders = new OrderRepo(db);
  const fills = new FillRepo(db);
  const audit = new AuditRepo(db);
  const lastPrice = (s: string): Decimal | null => prices.get(s) ?? null;
  const rules = (s: string) => {
    const i = conn.instrument(s);
    return i ? rulesOf(i) : undefined;
  };
  const oms = new OrderManager({
    db,
    orders,
    fills,
    accounts,
    audit,
    broker: conn,
    rules,
    lastPrice,
    preTradeChecks: [],
    now: Date.now,
    log: createLogger({ redactor: new Redactor() }),
  });
  const view = new AccountView({ accounts, mark: lastPrice, marketDay: () => '2026-11-20', now: Date.now });

  /** Resolves when the order reaches the status, driven by the OMS's own change events. */
  const orderReaches = (orderId: string, status: string, timeoutMs = 5_000): Promise<void> => {
    if (orders.get(orderId)?.status === status) return Promise.resolve();
    return withTimeout(
      new Promise<void>((resolve) => {
        const off = oms.subscribe({
          ordersChanged: (changed) => {
            if (!changed.some((o) => o.id === orderId && o.status === status)) return;
            off();
            resolve();
          },
        });
      }),
      timeoutMs,
      `order ${orderId} to be ${status} (now ${orders.get(orderId)?.status})`,
    );
  };

  const close = async () => {
    oms.close();
    await conn.close();
    db.close();
  };
  return { db, conn, oms, orders, fills, audit, accounts, view, orderReaches, close };
}

export const setPrice = (fake: FakeAlpaca, prices: Map<string, Decimal>, symbol: string, price: string) => {
  prices.set(symbol, dec(price));
  fake.controls.setPrice(symbol, price);
};
