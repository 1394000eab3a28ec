/**
 * Builds the bots' supervisor from the engine's parts (called by the composition root,
 * workstation.ts). Chooses where strategies run: worker threads when the worker entry
 * can be found (see workerHost.ts), else in-process with a logged warning.
 */
import { availableParallelism } from 'node:os';
import type { Decision } from '../../../shared/contract';
import type { BotEngineParts, BotsConfig } from './wiringTypes';
import { SampleBarFeed, type BarFeed } from './barFeed';
import { BrokerBarFeed } from './brokerBarFeed';
import { DEFAULT_RESTART_POLICY } from './restartPolicy';
import { loadCatalog } from './strategyCatalog';
import { InlineHost, type StrategyHost } from './strategyHost';
import { BotSupervisor } from './supervisor';
import { WorkerHost, findWorkerEntry } from './workerHost';

export type { BotsConfig } from './wiringTypes';

export async function buildBots(parts: BotEngineParts, cfg: BotsConfig = {}): Promise<BotSupervisor> {
  const catalog = await loadCatalog(cfg.strategyModules ?? []);
  const timeouts = { evalMs: cfg.evalTimeoutMs ?? 2_000, warmMs: cfg.warmTimeoutMs ?? 30_000 };
  let host: StrategyHost;
  const entry = cfg.isolation === 'inline' ? null : findWorkerEntry();
  if (entry) {
    const size = cfg.workers ?? Math.max(1, Math.min(4, availableParallelism() - 1));
    host = new WorkerHost(entry, { modules: [...catalog.modules] }, size, timeouts, parts.log);
  } else {
    if (cfg.isolation !== 'inline') {
      parts.log.warn('strategy worker entry not found: bots run their strategies in the main thread, where a strategy that hangs cannot be stopped');
    }
    host = new InlineHost(catalog, timeouts);
  }
  const sample: BarFeed = new SampleBarFeed(parts.feed, parts.bars);
  const brokerFeeds = new Map<string, BrokerBarFeed>();
  /** A broker account's bars come from its connection's market data source (same id), when that source can be opened. */
  const brokerFeed = (accountId: string): BarFeed | null => {
    const md = parts.marketData?.() ?? null;
    if (!md || !parts.tradingAccounts.list().some((a) => a.accountId === accountId) || !md.canServe(accountId)) {
      brokerFeeds.delete(accountId);
      return null;
    }
    let feed = brokerFeeds.get(accountId);
    if (!feed) brokerFeeds.set(accountId, (feed = new BrokerBarFeed(accountId, md, parts.bars, parts.now)));
    return feed;
  };
  const feedFor = cfg.feedFor ?? ((accountId: string): BarFeed | null => (accountId === parts.paperAccountId ? sample : brokerFeed(accountId)));
  return new BotSupervisor({
    db: parts.db,
    catalog,
    host,
    feedFor,
    accounts: {
      account: (id) => parts.tradingAccounts.list().find((a) => a.accountId === id),
      permission: (id) => parts.tradingAccounts.permission(id),
      currency: (id) => parts.accountRepo.get(id)?.currency ?? 'USD',
    },
    trading: {
      rules: (a, s) => parts.tradingAccounts.rules(a, s),
      capabilities: (a) => parts.oms.capabilities(a),
      lastPrice: (a, s) => parts.tradingAccounts.lastPrice(a, s),
      equity: (a) => (parts.accountRepo.get(a) ? parts.equity(a) : null),
      openOrders: (a) => parts.orderRepo.open(a),
      evaluateRisk: (order) => parts.risk.evaluate(order),
      submit: (req, ctx) => parts.oms.submit(req, ctx),
      cancel: (orderId, actor) => parts.oms.cancel(orderId, actor),
    },
    setBotLimits: (botId, limits) => parts.riskStore.setLimits(`bot:${botId}`, limits, parts.now()),
    audit: parts.audit,
    logger: parts.log,
    now: parts.now,
    marketNow: (accountId) => (accountId === parts.paperAccountId ? parts.feed.status().marketTime : parts.now()),
    restart: { ...DEFAULT_RESTART_POLICY, ...cfg.restart },
    decisionsPerBot: cfg.decisionsPerBot ?? 20_000,
    heartbeatMs: cfg.heartbeatMs ?? 5_000,
    events: {
      changed: () => parts.events.botsChanged(),
      decision: (d: Decision) => parts.events.botDecision(d),
    },
  });
}
