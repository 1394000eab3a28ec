import type { AppInfo, Instrument, PayloadOf, SessionStatus } from '../../shared/contract';
import pkg from '../../package.json' with { type: 'json' };
import { createDispatcher, type Dispatch } from './api/dispatcher';
import { EventCoalescer } from './api/eventCoalescer';
import { buildHandlers } from './api/handlers';
import type { ApiHost, CallContext, EventListener } from './api/host';
import { PaperVenue, type PriceSource } from './brokers/paper/paperVenue';
import { defaultDbPath, type VaultConfig, type WorkstationConfig } from './config';
import { ConnectionRepo } from './connections/connectionRepo';
import { ConnectionService } from './connections/connectionService';
import { createVenueFactory } from './connections/venueFactory';
import { Decimal, dec } from './domain/decimal';
import { rulesOf, type TradingRules } from './domain/instrument';
import { createLogger, Redactor, type Logger } from './log/logger';
import { BarStore } from './marketdata/barStore';
import { SampleFeed } from './marketdata/sampleFeed';
import { sampleMarket } from './marketdata/sampleInstruments';
import { AccountView } from './oms/accountView';
import { OrderManager } from './oms/orderManager';
import { openDatabase, schemaVersion, type Db } from './store/database';
import { AccountRepo } from './store/repos/accountRepo';
import { AuditRepo } from './store/repos/auditRepo';
import { FillRepo } from './store/repos/fillRepo';
import { OrderRepo } from './store/repos/orderRepo';
import { chooseVault } from './secrets/chooseVault';
import { DEFAULT_VAULT_SERVICE, type VaultChoice } from './secrets/vault';
import { join } from 'node:path';

export const PAPER_ACCOUNT_ID = 'paper';
const DEFAULT_SEED = 20_240_601;

const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The composition root: builds the whole engine from a config. The Electron shell and
 * the headless host both create one and talk to it only through the ApiHost interface;
 * the parts are exposed for tests and benchmarks.
 */
export class Workstation implements ApiHost {
  readonly startedAt: number;
  private readonly dispatch: Dispatch;
  private readonly coalescer: EventCoalescer;
  private readonly unsubscribers: Array<() => void> = [];
  private closed = false;

  private constructor(
    readonly config: WorkstationConfig,
    readonly db: Db,
    readonly log: Logger,
    readonly redactor: Redactor,
    readonly instruments: ReadonlyMap<string, Instrument>,
    readonly rules: ReadonlyMap<string, TradingRules>,
    readonly bars: BarStore,
    readonly feed: SampleFeed,
    readonly venue: PaperVenue,
    readonly oms: OrderManager,
    readonly accounts: AccountView,
    readonly audit: AuditRepo,
    readonly orderRepo: OrderRepo,
    readonly fillRepo: FillRepo,
    readonly connections: ConnectionService,
  ) {
    this.startedAt = Date.now();
    this.coalescer = new EventCoalescer(config.eventFlushMs ?? 100, (err) => log.error('event delivery failed', { error: err }));
    this.dispatch = createDispatcher(buildHandlers(this), {
      log,
      ratePerSecond: config.orderRate?.perSecond,
      burst: config.orderRate?.burst,
    });
    this.wireEvents();
  }

  static async create(config: WorkstationConfig): Promise<Workstation> {
    const now = config.now ?? Date.now;
    const redactor = new Redactor();
    const log = createLogger({ dir: join(config.dataDir, 'logs'), sink: config.log, redactor });
    const db = openDatabase(defaultDbPath(config));
    try {
      const listings = sampleMarket();
      const instruments = new Map(listings.map((l) => [l.instrument.symbol, l.instrument]));
      const rules = new Map(listings.map((l) => [l.instrument.symbol, rulesOf(l.instrument)]));
      const bars = new BarStore(db);
      const feed = new SampleFeed({
        seed: config.seed ?? DEFAULT_SEED,
        listings,
        barStore: bars,
        source: 'sample',
        speed: config.speed ?? 60,
        now,
        historyDays: config.historyDays ?? 5,
      });
      await feed.init();
      if (config.paused) feed.setPaused(true);

      const accountsRepo = new AccountRepo(db);
      const startingCash = dec(config.startingCash ?? '100000');
      accountsRepo.ensure({
        id: PAPER_ACCOUNT_ID,
        name: 'Paper account',
        venue: 'paper',
        mode: 'paper',
        currency: 'USD',
        startingCash,
        dayStartDate: utcDay(feed.status().marketTime),
        at: now(),
      });
      const prices: PriceSource = {
        lastPrice: (s) => feed.lastPrice(s),
        onTick: (l) => feed.onTick(l),
        marketTime: () => feed.status().marketTime,
      };
      const venue = new PaperVenue({
        db,
        accountId: PAPER_ACCOUNT_ID,
        startingCash,
        prices,
        rules: (s) => rules.get(s),
        slippageBps: config.slippageBps ?? 2,
        feeBps: config.feeBps ?? 0,
      });
      const orders = new OrderRepo(db);
      const fills = new FillRepo(db);
      const audit = new AuditRepo(db);
      const lastPrice = (s: string): Decimal | null => {
        const p = feed.lastPrice(s);
        return p === null ? null : dec(p);
      };
      const oms = new OrderManager({
        db,
        orders,
        fills,
        accounts: accountsRepo,
        audit,
        broker: venue,
        rules: (s) => rules.get(s),
        lastPrice,
        preTradeChecks: [],
        now: () => feed.status().marketTime,
        log,
      });
      const accountView = new AccountView({
        accounts: accountsRepo,
        mark: lastPrice,
        marketDay: () => utcDay(feed.status().marketTime),
        now,
      });
      const connections = new ConnectionService({
        repo: new ConnectionRepo(db),
        vault: await vaultFor(config.vault, db, log),
        venueFactory: config.venueFactory ?? createVenueFactory({ log }),
        audit,
        redactor,
        log,
        now,
        testTimeoutMs: config.connectionTestTimeoutMs,
      });
      await connections.load();
      const ws = new Workstation(config, db, log, redactor, instruments, rules, bars, feed, venue, oms, accountView, audit, orders, fills, connections);
      // Finish whatever a previous run left half-done before taking new orders.
      const summary = await oms.reconcile();
      log.info('workstation started', { db: defaultDbPath(config), reconciled: { ...summary } });
      if (!config.paused) feed.start();
      return ws;
    } catch (err) {
      db.close();
      throw err;
    }
  }

  invoke(channel: string, rawInput: unknown, ctx: CallContext) {
    if (this.closed) return Promise.resolve({ ok: false as const, error: { code: 'UNAVAILABLE' as const, message: 'The engine is shutting down' } });
    return this.dispatch(channel, rawInput, ctx);
  }

  subscribe(listener: EventListener): () => void {
    return this.coalescer.subscribe(listener);
  }

  /** Delivers pending events now (tests). */
  flushEvents(): void {
    this.coalescer.flush();
  }

  info(): AppInfo {
    return {
      name: 'Trading Workstation',
      version: pkg.version,
      dataDir: this.config.dataDir,
      schemaVersion: schemaVersion(this.db),
      startedAt: this.startedAt,
      session: this.session(),
    };
  }

  session(): SessionStatus {
    const s = this.feed.status();
    return { kind: 'paper', speed: s.speed, paused: s.paused, marketTime: s.marketTime, seed: this.config.seed ?? DEFAULT_SEED };
  }

  instrumentList(query?: string): Instrument[] {
    const q = query?.trim().toLowerCase();
    const out: Instrument[] = [];
    for (const inst of this.instruments.values()) {
      if (q && !inst.symbol.toLowerCase().includes(q) && !inst.name.toLowerCase().includes(q)) continue;
      const last = this.feed.lastPrice(inst.symbol);
      const open = this.feed.dayOpen(inst.symbol);
      out.push({ ...inst, lastPrice: last, dayChange: last !== null && open ? last / open - 1 : null });
    }
    return out;
  }

  accountPayload(): PayloadOf<'account.changed'> {
    return { account: this.accounts.summary(PAPER_ACCOUNT_ID), positions: this.accounts.positions(PAPER_ACCOUNT_ID) };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const u of this.unsubscribers) u();
    this.feed.stop();
    this.coalescer.close();
    this.oms.close();
    await this.venue.close();
    this.db.close();
  }

  private wireEvents(): void {
    const held = () => new Set(this.accounts.positions(PAPER_ACCOUNT_ID).map((p) => p.symbol));
    let heldSymbols = held();
    this.unsubscribers.push(
      this.connections.onChange(() => this.coalescer.connectionsChanged(() => ({ connections: this.connections.list() }))),
      this.feed.onUpdate((bar) => this.coalescer.bar(bar)),
      this.feed.onTick((tick) => {
        // P&L moves with the price: recompute the account (once per flush) when a held symbol ticks.
        if (heldSymbols.has(tick.symbol)) this.coalescer.accountChanged(() => this.accountPayload());
      }),
      this.oms.subscribe({
        ordersChanged: (orders) => this.coalescer.ordersChanged(orders),
        fillsAdded: (fills) => this.coalescer.fillsAdded(fills),
        booksChanged: () => {
          heldSymbols = held();
          this.coalescer.accountChanged(() => this.accountPayload());
        },
      }),
    );
  }
}

function vaultFor(cfg: VaultConfig | undefined, db: Db, log: Logger): Promise<VaultChoice> {
  if (cfg && 'vault' in cfg) return Promise.resolve({ vault: cfg.vault, reason: cfg.reason ?? null });
  return chooseVault({ keytarService: cfg?.keytarService ?? DEFAULT_VAULT_SERVICE, cipher: cfg?.cipher, db, log });
}

export function createWorkstation(config: WorkstationConfig): Promise<Workstation> {
  return Workstation.create(config);
}
