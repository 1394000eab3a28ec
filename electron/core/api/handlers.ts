import { botHandlers } from '../bots/handlers';
import { connectionHandlers } from '../connections/connectionHandlers';
import { riskHandlers } from '../risk/riskHandlers';
import { buildPortfolioReport } from '../analytics/portfolioReport';
import { computeSizing } from '../risk/sizingHandler';
import { dec } from '../domain/decimal';
import { toOrderDto } from '../domain/order';
import { marketDataHandlers } from '../marketdata/handlers';
import { trainingHandlers } from '../training/service';
import { notFound } from './errors';
import type { Handlers } from './dispatcher';
import type { Workstation } from '../workstation';
import { PAPER_ACCOUNT_ID } from '../workstation';

function account(ws: Workstation, id: string | undefined): string {
  const accountId = id ?? PAPER_ACCOUNT_ID;
  if (!ws.accountRepo.get(accountId)) {
    throw notFound(ws.tradingAccounts.knows(accountId) ? 'That account has not connected yet' : 'There is no such account');
  }
  return accountId;
}

/** One handler per declared channel; inputs arrive parsed. */
export function buildHandlers(ws: Workstation): Handlers {
  return {
    'app.info': () => ws.info(),
    'session.control': (input) => {
      if (input.speed !== undefined) ws.feed.setSpeed(input.speed);
      if (input.paused !== undefined) ws.feed.setPaused(input.paused);
      ws.audit.append({ at: Date.now(), actor: 'operator', action: 'session.control', subject: 'paper', outcome: 'ok', detail: { ...input } });
      return ws.session();
    },
    'market.instruments': (input) => ws.instrumentList(input.query),
    'orders.submit': async (input, ctx) => {
      ws.guardDuplicate(input, `ticket@${ctx.caller}`);
      const order = await ws.oms.submit(
        {
          symbol: input.symbol,
          side: input.side,
          type: input.type,
          tif: input.tif,
          qty: input.qty,
          limitPrice: input.limitPrice,
          stopPrice: input.stopPrice,
          accountId: input.accountId ?? PAPER_ACCOUNT_ID,
          extras: {
            orderClass: input.orderClass,
            trailPrice: input.trailPrice,
            trailPercent: input.trailPercent,
            takeProfitPrice: input.takeProfitPrice,
            stopLossPrice: input.stopLossPrice,
            stopLossLimitPrice: input.stopLossLimitPrice,
          },
        },
        { owner: { kind: 'manual' }, actor: `ticket@${ctx.caller}` },
      );
      ws.noteTicketOrder(input);
      return order;
    },
    'orders.cancel': (input, ctx) => ws.oms.cancel(input.orderId, `ticket@${ctx.caller}`),
    'orders.modify': (input, ctx) =>
      ws.oms.modify(input.orderId, { qty: input.qty, limitPrice: input.limitPrice, stopPrice: input.stopPrice }, `ticket@${ctx.caller}`),
    'orders.list': (input) => ws.orderRepo.list(input).map(toOrderDto),
    'orders.history': (input) => {
      const order = ws.orderRepo.get(input.orderId);
      if (!order) throw notFound(`No order ${input.orderId}`);
      return {
        order: toOrderDto(order),
        events: ws.orderRepo.events(order.id),
        fills: ws.fillRepo.list({ orderId: order.id, limit: 5_000 }),
      };
    },
    'fills.list': (input) => ws.fillRepo.list(input),
    'account.summary': (input) => ws.accounts.summary(account(ws, input.accountId)),
    'positions.list': (input) => ws.accounts.positions(account(ws, input.accountId)),
    'accounts.list': () => ws.tradingAccounts.list(),
    'audit.list': (input) => ws.audit.list(input),
    'reconcile.run': async (input) => {
      const results = await ws.tradingAccounts.reconcile(input.accountId);
      const open = ws.reconcileIssues.list();
      return results.map((r) => ({
        accountId: r.accountId,
        checked: r.checked,
        adopted: r.adopted,
        fillsApplied: r.fillsApplied,
        closed: r.closed,
        openIssues: open.filter((i) => i.accountId === r.accountId).length,
        at: Date.now(),
      }));
    },
    'reconcile.issues': (input) => ws.reconcileIssues.list(input.includeClosed),
    'reconcile.resolve': (input, ctx) => ws.reconcileIssues.resolve(input.issueId, input.action, `operator@${ctx.caller}`),
    ...riskHandlers({
      risk: ws.risk,
      store: ws.riskStore,
      audit: ws.audit,
      defaultAccount: PAPER_ACCOUNT_ID,
      knownSymbol: (s) => ws.tradingAccounts.list().some((a) => ws.tradingAccounts.instrument(a.accountId, s) !== undefined),
      knownAccount: (a) => ws.tradingAccounts.knows(a),
      onGroupsChanged: () => {
        for (const a of ws.oms.attachedAccounts()) ws.notifyRisk(a);
      },
      now: Date.now,
    }),
    // Until the analytics and sizing modules land (same session), these answer UNAVAILABLE.
    'portfolio.report': (input) => {
      const accountId = account(ws, input.accountId);
      const marketNow = () => ws.feed.status().marketTime;
      return buildPortfolioReport(
        {
          fills: ws.fillRepo,
          orders: ws.orderRepo,
          accounts: { view: ws.accounts, repo: ws.accountRepo },
          equity: ws.equityRecorder,
          mark: (s) => ws.tradingAccounts.lastPrice(accountId, s),
          groups: () => ws.riskStore.groups(),
          now: (a) => (a === PAPER_ACCOUNT_ID ? marketNow() : Date.now()),
          assetClassOf: (s) => ws.tradingAccounts.instrument(accountId, s)?.assetClass,
          // The close of the last 1-minute bar that had finished by t (bars are stamped with their open time).
          priceAt:
            accountId === PAPER_ACCOUNT_ID
              ? (symbol, t) => {
                  const b = ws.bars.range({ source: 'sample', symbol, timeframe: '1m', to: t - 60_000 + 1, limit: 1 });
                  return b.c.length ? dec(b.c[0]!) : null;
                }
              : undefined,
        },
        { accountId, botId: input.botId, symbol: input.symbol, from: input.from },
      );
    },
    'sizing.compute': (input) =>
      computeSizing(
        {
          rules: (a, s) => ws.tradingAccounts.rules(a, s),
          lastPrice: (a, s) => ws.tradingAccounts.lastPrice(a, s),
          equity: (a) => (ws.accountRepo.get(a) ? dec(ws.accounts.summary(a).equity) : null),
          bars: (a, s, count) => {
            if (a !== PAPER_ACCOUNT_ID) return null;
            const b = ws.bars.range({ source: 'sample', symbol: s, timeframe: '1m', limit: count });
            if (b.t.length === 0) return null;
            return { high: b.h.map((x) => dec(x)), low: b.l.map((x) => dec(x)), close: b.c.map((x) => dec(x)) };
          },
          defaultAccount: PAPER_ACCOUNT_ID,
        },
        input,
      ),
    ...marketDataHandlers(ws.marketData),
    ...connectionHandlers(ws.connections),
    ...botHandlers(ws.bots, PAPER_ACCOUNT_ID),
    ...trainingHandlers(ws.training),
  };
}
