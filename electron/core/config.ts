import { join } from 'node:path';
import type { VenueFactory } from './connections/types';
import type { BlobCipher, SecretVault } from './secrets/vault';

/**
 * Where exchange secrets are kept. Either a ready vault (tests), or what the engine may
 * choose from: the OS keychain under `keytarService`, then Electron's safeStorage through
 * `cipher` (passed by the main process), else memory only.
 */
export type VaultConfig =
  | { vault: SecretVault; reason?: string | null }
  | { keytarService?: string; cipher?: BlobCipher };

/** Everything the composition root needs; the Electron shell and the headless host both build one. */
export interface WorkstationConfig {
  /** Folder for the database and logs (the app's userData folder in Electron). */
  dataDir: string;
  /** Override the database file (tests). Default: <dataDir>/workstation.db */
  dbPath?: string;
  /** Seed of the sample market: the same seed gives the same bars. */
  seed?: number;
  /** Market minutes per wall-clock minute for the sample replay (default 60: a new 1m candle each second). */
  speed?: number;
  /** Start the replay paused (tests drive it by hand). */
  paused?: boolean;
  /** Days of history generated into the store on first start (default 5). */
  historyDays?: number;
  /** Paper account starting cash in USD (default 100000). */
  startingCash?: string;
  /** Paper fills: slippage in basis points of the price (default 2) and fee in basis points of notional (default 0). */
  slippageBps?: number;
  feeBps?: number;
  /** Wall clock, injectable for tests. */
  now?: () => number;
  /** Order-entry rate limit per caller: sustained orders per second and burst (default 10 and 20). */
  orderRate?: { perSecond: number; burst: number };
  /** How often broker accounts are reconciled in the background, ms (default 60000; 0 = never). */
  reconcileEveryMs?: number;
  /** Crash tests: called at each named step of an order's life (see oms/orderManager.ts). */
  faultPoint?: (name: import('./oms/orderManager').FaultPoint) => void;
  /** The US equity calendar (default: NYSE rules; an Alpaca connection can supply the venue's). */
  marketCalendar?: import('./risk/marketCalendar').MarketCalendar;
  /** How often equity is checked against the drawdown levels, ms (default 1000). */
  equityObserveMs?: number;
  /** How often coalesced events are flushed to subscribers, ms (default 100). */
  eventFlushMs?: number;
  /** Secret storage; default: choose among the OS keychain (service "TradingWorkstation") and memory only. */
  vault?: VaultConfig;
  /** Builds broker and exchange connections; default: the adapters in this build (see connections/venueFactory.ts). */
  venueFactory?: VenueFactory;
  /** How long testing a connection may take, ms (default 20000). */
  connectionTestTimeoutMs?: number;
  /** Bots: where strategies run, their time limits, decision retention, restart policy (see core/bots/wiringTypes.ts). */
  bots?: import('./bots/wiringTypes').BotsConfig;
  /** Market data: endpoint overrides (tests), rate limits per venue, backfill and live settings (see core/marketdata/config.ts). */
  marketData?: import('./marketdata/config').MarketDataConfig;
  /** Training runs: worker threads per run (default 0: trials run in the engine's thread) and progress rate (see core/training/service.ts). */
  training?: import('./training/service').TrainingConfig;
  /** Log sink; default writes to <dataDir>/logs. Secrets are redacted before this is called. */
  log?: (level: 'debug' | 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;
}

export const defaultDbPath = (cfg: WorkstationConfig) => cfg.dbPath ?? join(cfg.dataDir, 'workstation.db');
