import type { Order, OrderStatus } from '../../../shared/contract';
import { Decimal, dec } from '../../../electron/core/domain/decimal';
import { rulesOf } from '../../../electron/core/domain/instrument';
import { toOrderDto } from '../../../electron/core/domain/order';
import { openDatabase } from '../../../electron/core/store/database';
import { omsCore } from '../../support/omsCore';
import type { FakeBinance } from '../../support/fakeBinance';
import { connectionTo, type Resources } from './support';

/**
 * The real OMS and store on a SQLite file, with a CcxtConnection to the fake Binance as
 * its broker (the ccxt counterpart of tests/support/omsHarness.ts). Opening it again on
 * the same file is an app restart.
 */
export async function ccxtOmsHarness(dbPath: string, fake: FakeBinance, resources: Resources) {
  const db = openDatabase(dbPath);
  const prices = new Map<string, Decimal>();
  // No symbolOfOrder, as in the app: the OMS passes each order's symbol as the hint of its lookups.
  const conn = connectionTo(resources, fake);
  const core = omsCore(db, {
    accountId: conn.accountId,
    broker: conn,
    capabilities: conn.capabilities,
    rules: (symbol) => {
      const instrument = conn.instrument(symbol);
      return instrument ? rulesOf(instrument) : undefined;
    },
    lastPrice: (symbol) => prices.get(symbol) ?? null,
    now: () => Date.now(),
  });
  const { oms, orders, fills, accounts, audit } = core;
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
