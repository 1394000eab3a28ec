// Engine child for the crash tests: the whole engine (createWorkstation) with its local
// paper venue, which keeps its books in the same SQLite file as the OMS. The sample market
// is paused and stepped on command, so fills happen exactly when the test asks.
// Started by tests/support/crashChild/engineChild.ts as `node --import tsx <this file>`.
import { writeFileSync } from 'node:fs';
import type { Order } from '../../../shared/contract';
import { PaperVenue } from '../../../electron/core/brokers/paper/paperVenue';
import { dec, decStr } from '../../../electron/core/domain/decimal';
import { roundToTick } from '../../../electron/core/domain/instrument';
import { SessionVault } from '../../../electron/core/secrets/sessionVault';
import { PAPER_ACCOUNT_ID, createWorkstation } from '../../../electron/core/workstation';
import { faultHook, readBooks, reconcileJson, send, serveCommands, waitForStart } from './childSide';
import type { FaultSpec, PaperVenueState } from './protocol';

export interface PaperEngineConfig {
  dataDir: string;
  seed: number;
  fault: FaultSpec | null;
  faultFile?: string;
  /** For the test that proves the checks can fail: reconcile cannot read fills from the paper venue. */
  sabotage?: 'no-reconcile-fills';
}

const originalFillsOf = PaperVenue.prototype.fillsOf;

/** One engine's life in this process: open, serve commands until reopen (or exit). */
async function runEngine(cfg: PaperEngineConfig): Promise<'reopen'> {
  const { hook, hits } = faultHook(cfg.fault, cfg.faultFile);
  PaperVenue.prototype.fillsOf = cfg.sabotage === 'no-reconcile-fills' ? async () => [] : originalFillsOf;
  // createWorkstation reconciles the paper account before it returns (what a restart does).
  const ws = await createWorkstation({
    dataDir: cfg.dataDir,
    seed: cfg.seed,
    paused: true,
    historyDays: 1,
    slippageBps: 2,
    feeBps: 5,
    reconcileEveryMs: 0,
    orderRate: { perSecond: 1e9, burst: 1e9 },
    vault: { vault: new SessionVault() },
    log: () => {},
    faultPoint: hook,
  });
  ws.oms.subscribe({
    fillsAdded: (added) => {
      for (const f of added) send({ type: 'fill', clientOrderId: f.clientOrderId, tradeId: f.venueTradeId, qty: f.qty });
    },
    ordersChanged: (changed) => {
      for (const o of changed) send({ type: 'order', clientOrderId: o.clientOrderId, status: o.status, filledQty: o.filledQty });
    },
  });
  // Its summary is in the audit log; 'settle' reconciles again and returns that pass.
  send({ type: 'ready', reconcile: null });

  function paperState(): PaperVenueState {
    const orders = ws.db
      .prepare('SELECT client_order_id, venue_order_id, status, qty, filled_qty FROM paper_orders WHERE account_id = ? ORDER BY created_at')
      .all(PAPER_ACCOUNT_ID) as Array<{ client_order_id: string; venue_order_id: string; status: string; qty: string; filled_qty: string }>;
    const fills = ws.db
      .prepare('SELECT trade_id, client_order_id, side, symbol, qty, price, fee FROM paper_fills WHERE account_id = ? ORDER BY at, trade_id')
      .all(PAPER_ACCOUNT_ID) as Array<{ trade_id: string; client_order_id: string; side: string; symbol: string; qty: string; price: string; fee: string }>;
    const cash = ws.db.prepare('SELECT cash FROM paper_accounts WHERE account_id = ?').get(PAPER_ACCOUNT_ID) as { cash: string };
    return {
      cash: decStr(dec(cash.cash)),
      orders: orders.map((o) => ({ clientOrderId: o.client_order_id, venueOrderId: o.venue_order_id, status: o.status, qty: o.qty, filledQty: decStr(dec(o.filled_qty)) })),
      fills: fills.map((f) => ({ tradeId: f.trade_id, clientOrderId: f.client_order_id, side: f.side, symbol: f.symbol, qty: f.qty, price: f.price, fee: f.fee })),
      positions: [],
    };
  }

  return serveCommands(
    async (c) => {
      switch (c.cmd) {
        case 'submit': {
          // The ticket's duplicate guard asks before a second order with the same side and
          // quantity within seconds; these are distinct orders on purpose.
          const req: Record<string, unknown> = { ...c.req, confirmDuplicate: true };
          if (c.limitFromLast !== undefined) {
            const last = ws.feed.lastPrice(c.req.symbol);
            if (last === null) throw new Error(`no last price for ${c.req.symbol}`);
            req.limitPrice = decStr(roundToTick(dec(last).times(c.limitFromLast), ws.rules.get(c.req.symbol)!.tickSize, 'nearest'));
          }
          const res = await ws.invoke('orders.submit', req, { caller: 'crash-test' });
          if (!res.ok) throw Object.assign(new Error(res.error.message), { code: res.error.code });
          return res.value as Order;
        }
        case 'step': {
          const statusOf = () => ws.orderRepo.getByClientId(c.clientOrderId)?.status;
          for (let i = 0; i < c.maxSteps && statusOf() !== c.until; i++) ws.feed.step(2_000);
          return statusOf() ?? null;
        }
        case 'reconcile':
          return reconcileJson((await ws.tradingAccounts.reconcile(PAPER_ACCOUNT_ID))[0]!);
        case 'settle':
          return reconcileJson((await ws.tradingAccounts.reconcile(PAPER_ACCOUNT_ID))[0]!);
        case 'books': {
          const books = readBooks({ orders: ws.orderRepo, fills: ws.fillRepo, accounts: ws.accountRepo }, PAPER_ACCOUNT_ID, hits);
          const venue = paperState();
          venue.positions = (await ws.venue.positions()).map((p) => ({ symbol: p.symbol, qty: decStr(p.qty) }));
          writeFileSync(c.path, JSON.stringify({ books, venue }));
          return { path: c.path };
        }
      }
    },
    () => ws.close(),
  );
}

for (;;) await runEngine(await waitForStart<PaperEngineConfig>());
