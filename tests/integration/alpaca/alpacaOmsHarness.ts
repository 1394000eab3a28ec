import type { AlpacaConnection, AlpacaConnectionOptions } from '../../../electron/core/brokers/alpaca/alpacaConnection';
import { Decimal, dec } from '../../../electron/core/domain/decimal';
import { rulesOf } from '../../../electron/core/domain/instrument';
import { AccountView } from '../../../electron/core/oms/accountView';
import { openDatabase, type Db } from '../../../electron/core/store/database';
import { AccountRepo } from '../../../electron/core/store/repos/accountRepo';
import type { FakeAlpaca } from '../../support/fakeAlpaca';
import { omsCore } from '../../support/omsCore';
import { newConnection, withTimeout } from './helpers';

export const ALPACA_ACCOUNT = 'alpaca-paper';

/**
 * The real OMS and store on a SQLite file, with an AlpacaConnection (real SDK, fake venue)
 * as its broker: the same composition as tests/support/omsHarness.ts with the paper venue.
 */
export async function alpacaOmsHarness(dbPath: string, fake: FakeAlpaca, prices: Map<string, Decimal>, over: Partial<AlpacaConnectionOptions> = {}) {
  const db: Db = openDatabase(dbPath);
  const conn: AlpacaConnection = newConnection(fake, { accountId: ALPACA_ACCOUNT, referencePrice: (s) => prices.get(s) ?? null, ...over });
  await conn.connect();
  const accounts = new AccountRepo(db);
  const startingCash = (await conn.accountInfo()).cash;
  accounts.ensure({ id: ALPACA_ACCOUNT, name: 'Alpaca paper', venue: 'alpaca', mode: 'paper', currency: 'USD', startingCash, dayStartDate: '2026-11-20', at: 0 });
  const lastPrice = (s: string): Decimal | null => prices.get(s) ?? null;
  const { oms, orders, fills, audit } = omsCore(db, {
    accountId: ALPACA_ACCOUNT,
    broker: conn,
    capabilities: conn.capabilities,
    rules: (s) => {
      const i = conn.instrument(s);
      return i ? rulesOf(i) : undefined;
    },
    lastPrice,
    now: Date.now,
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
