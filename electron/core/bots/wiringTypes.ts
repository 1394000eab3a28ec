import type { Decision } from '../../../shared/contract';
import type { TradingAccounts } from '../accounts/tradingAccounts';
import type { Decimal } from '../domain/decimal';
import type { Logger } from '../log/logger';
import type { BarStore } from '../marketdata/barStore';
import type { SampleFeed } from '../marketdata/sampleFeed';
import type { OrderManager } from '../oms/orderManager';
import type { RiskEngine } from '../risk/riskEngine';
import type { RiskStore } from '../risk/riskStore';
import type { Db } from '../store/database';
import type { AccountRepo } from '../store/repos/accountRepo';
import type { AuditRepo } from '../store/repos/auditRepo';
import type { OrderRepo } from '../store/repos/orderRepo';
import type { BarFeed } from './barFeed';
import type { MarketDataForBots } from './brokerBarFeed';
import type { RestartPolicy } from './restartPolicy';

/** Bots settings of the engine (WorkstationConfig.bots). */
export interface BotsConfig {
  /** Where strategies run: worker threads (default; falls back to inline when the worker entry is missing) or the main thread. */
  isolation?: 'worker' | 'inline';
  /** Strategy threads (default: cores - 1, at least 1, at most 4). */
  workers?: number;
  /** Longest a strategy may take to decide one bar of all its symbols, ms (default 2000). */
  evalTimeoutMs?: number;
  /** Longest a strategy may take to start or warm up one symbol, ms (default 30000). */
  warmTimeoutMs?: number;
  /** Decisions kept per bot (default 20000). */
  decisionsPerBot?: number;
  /** Extra strategy modules (file URLs exporting `strategies`), loaded next to the built-ins. */
  strategyModules?: string[];
  /** Automatic restarts per error kind (default: venue errors with backoff, strategy errors never). */
  restart?: Partial<RestartPolicy>;
  /** How often strategy threads are pinged for the heartbeat, ms (default 5000). */
  heartbeatMs?: number;
  /**
   * The bars a bot on an account decides on. Default: the sample replay for the paper account,
   * the live 1-minute bars of the connection's market data source for a broker account
   * (BrokerBarFeed). The plug for other sources (and benchmarks).
   */
  feedFor?: (accountId: string) => BarFeed | null;
}

/** The engine parts the bots use (a subset of WorkstationParts). */
export interface BotEngineParts {
  db: Db;
  log: Logger;
  audit: AuditRepo;
  feed: SampleFeed;
  bars: BarStore;
  oms: OrderManager;
  orderRepo: OrderRepo;
  accountRepo: AccountRepo;
  tradingAccounts: TradingAccounts;
  risk: RiskEngine;
  riskStore: RiskStore;
  paperAccountId: string;
  equity: (accountId: string) => Decimal;
  now: () => number;
  /** The market data service (late-bound: the workstation builds it after the bots); null while there is none. */
  marketData?: () => MarketDataForBots | null;
  events: { botsChanged: () => void; botDecision: (d: Decision) => void };
}
