// Engine child for the crash tests: the real OMS and store on a SQLite file, with an
// AlpacaConnection (the real SDK) to the fake Alpaca that lives in the test process.
// Started by tests/support/crashChild/engineChild.ts as `node --import tsx <this file>`.
import { writeFileSync } from 'node:fs';
import { AlpacaConnection } from '../../../electron/core/brokers/alpaca/alpacaConnection';
import { Decimal, dec, decStr } from '../../../electron/core/domain/decimal';
import { rulesOf } from '../../../electron/core/domain/instrument';
import { openDatabase } from '../../../electron/core/store/database';
import { AccountRepo } from '../../../electron/core/store/repos/accountRepo';
import { FAST } from '../../integration/alpaca/helpers';
import { omsCore } from '../omsCore';
import { faultHook, readBooks, reconcileJson, send, serveCommands, waitForStart } from './childSide';
import type { FaultSpec } from './protocol';

export interface AlpacaEngineConfig {
  dbPath: string;
  accountId: string;
  baseUrl: string;
  streamUrl: string;
  keyId: string;
  secret: string;
  fault: FaultSpec | null;
  faultFile?: string;
  /**
   * Breaks recovery on purpose, for the tests that prove the checks can fail:
   * no-reconcile-fills: reconcile cannot read an order's fills from the venue;
   * resend-on-restart: orders still SUBMITTED are sent again before reconciling.
   */
  sabotage?: 'no-reconcile-fills' | 'resend-on-restart';
}

/** One engine's life in this process: open, reconcile, serve commands until reopen (or exit). */
async function runEngine(cfg: AlpacaEngineConfig): Promise<'reopen'> {
  const { hook, hits } = faultHook(cfg.fault, cfg.faultFile);
  const prices = new Map<string, Decimal>();

  const db = openDatabase(cfg.dbPath);
  const conn = new AlpacaConnection({
    accountId: cfg.accountId,
    keyId: cfg.keyId,
    secret: cfg.secret,
    baseUrl: cfg.baseUrl,
    streamUrl: cfg.streamUrl,
    ...FAST,
    referencePrice: (s) => prices.get(s) ?? null,
  });
  if (cfg.sabotage === 'no-reconcile-fills') conn.fillsOf = async () => [];
  await conn.connect();
  const accounts = new AccountRepo(db);
  accounts.ensure({
    id: cfg.accountId,
    name: 'Alpaca paper',
    venue: 'alpaca',
    mode: 'paper',
    currency: 'USD',
    startingCash: (await conn.accountInfo()).cash,
    dayStartDate: '2026-11-20',
    at: Date.now(),
  });
  const { oms, orders, fills } = omsCore(db, {
    accountId: cfg.accountId,
    broker: conn,
    capabilities: conn.capabilities,
    rules: (s) => {
      const i = conn.instrument(s);
      return i ? rulesOf(i) : undefined;
    },
    lastPrice: (s) => prices.get(s) ?? null,
    now: Date.now,
    faultPoint: hook,
    lookupBackoffMs: 20,
  });
  oms.subscribe({
    fillsAdded: (added) => {
      for (const f of added) send({ type: 'fill', clientOrderId: f.clientOrderId, tradeId: f.venueTradeId, qty: f.qty });
    },
    ordersChanged: (changed) => {
      for (const o of changed) send({ type: 'order', clientOrderId: o.clientOrderId, status: o.status, filledQty: o.filledQty });
    },
  });

  if (cfg.sabotage === 'resend-on-restart') {
    for (const o of orders.open(cfg.accountId).filter((x) => x.status === 'SUBMITTED')) {
      await conn
        .submit({ clientOrderId: o.clientOrderId, symbol: o.symbol, side: o.side, type: o.type, tif: o.tif, qty: o.qty, limitPrice: o.limitPrice, stopPrice: o.stopPrice })
        .catch(() => {});
    }
  }

  // As the app does when an account connects: reconcile before taking orders.
  const first = await oms.reconcile();
  send({ type: 'ready', reconcile: reconcileJson(first) });

  return serveCommands(
    async (c) => {
      switch (c.cmd) {
        case 'submit':
          if (c.referencePrice) prices.set(c.req.symbol, dec(c.referencePrice));
          return oms.submit({ ...c.req, limitPrice: c.req.limitPrice ?? null }, { owner: { kind: 'manual' }, actor: 'crash-test' });
        case 'reconcile':
          return reconcileJson(await oms.reconcile());
        case 'settle':
          // Whatever the adapter's own catch-up is still doing, let it finish; then look again.
          await conn.syncNow();
          return reconcileJson(await oms.reconcile());
        case 'books':
          writeFileSync(c.path, JSON.stringify(readBooks({ orders, fills, accounts }, cfg.accountId, hits)));
          return { path: c.path, cash: decStr(accounts.get(cfg.accountId)!.cash) };
        default:
          throw new Error(`the Alpaca engine does not do ${c.cmd}`);
      }
    },
    async () => {
      oms.close();
      await conn.close();
      db.close();
    },
  );
}

for (;;) await runEngine(await waitForStart<AlpacaEngineConfig>());
