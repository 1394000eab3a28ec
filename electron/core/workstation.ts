import { fail, type AppInfo, type Envelope, type Instrument, type Order, type PayloadOf, type SessionStatus } from '../../shared/contract';
import pkg from '../../package.json' with { type: 'json' };
import { createDispatcher, type Dispatch } from './api/dispatcher';
import { EventCoalescer } from './api/eventCoalescer';
import { ApiError } from './api/errors';
import { buildHandlers } from './api/handlers';
import type { ApiHost, CallContext, EventListener } from './api/host';
import { buildBots } from './bots/wiring';
import type { BotSupervisor } from './bots/supervisor';
import { PaperVenue, type PriceSource } from './brokers/paper/paperVenue';
import { defaultDbPath, type VaultConfig, type WorkstationConfig } from './config';
import { ConnectionRepo } from './connections/connectionRepo';
import { ConnectionService } from './connections/connectionService';
import { createVenueFactory } from './connections/venueFactory';
import { Decimal, dec, decStr } from './domain/decimal';
import { rulesOf, type TradingRules } from './domain/instrument';
import { createLogger, Redactor, type Logger } from './log/logger';
import { BarStore } from './marketdata/barStore';
import type { MarketDataService } from './marketdata/service';
import { buildMarketData } from './marketdata/wiring';
import { SampleFeed } from './marketdata/sampleFeed';
import { sampleMarket } from './marketdata/sampleInstruments';
import { AccountView } from './oms/accountView';
import { OrderManager } from './oms/orderManager';
import { RiskEngine } from './risk/riskEngine';
import { RiskStore } from './risk/riskStore';
import { EquityRecorder } from './analytics/equitySnapshots';
import { RuleCalendar } from './risk/marketCalendar';
import { ReconcileIssues } from './oms/reconcileIssues';
import { PAPER_ACCOUNT_ID, TradingAccounts } from './accounts/tradingAccounts';
import { openDatabase, schemaVersion, type Db } from './store/database';
import { AccountRepo } from './store/repos/accountRepo';
import { AuditRepo } from './store/repos/auditRepo';
import { FillRepo } from './store/repos/fillRepo';
import { OrderRepo } from './store/repos/orderRepo';
import { chooseVault } from './secrets/chooseVault';
import { DEFAULT_VAULT_SERVICE, type VaultChoice } from './secrets/vault';
import { join } from 'node:path';
import { TrainingService } from './training/service';

const DEFAULT_SEED = 20_240_601;
export { PAPER_ACCOUNT_ID };

const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The engine's parts, built by Workstation.create; exposed for tests and benchmarks. */
export interface WorkstationParts {
  db: Db;
  log: Logger;
  redactor: Redactor;
  instruments: ReadonlyMap<string, Instrument>;
  rules: ReadonlyMap<string, TradingRules>;
  bars: BarStore;
  feed: SampleFeed;
  venue: PaperVenue;
  oms: OrderManager;
  accounts: AccountView;
  accountRepo: AccountRepo;
  audit: AuditRepo;
  orderRepo: OrderRepo;
  fillRepo: FillRepo;
  connections: ConnectionService;
  tradingAccounts: TradingAccounts;
  reconcileIssues: ReconcileIssues;
  risk: RiskEngine;
  riskStore: RiskStore;
  bots: BotSupervisor;
  marketData: MarketDataService;
  training: TrainingService;
}

/**
 * The composition root: builds the whole engine from a config. The Electron shell and
 * the headless host both create one and talk to it only through the ApiHost interface;
 * the parts are exposed for tests and benchmarks.
 */
export class Workstation implements ApiHost {
  readonly startedAt: number;
  readonly db: Db;
  readonly log: Logger;
  readonly redactor: Redactor;
  readonly instruments: ReadonlyMap<string, Instrument>;
  readonly rules: ReadonlyMap<string, TradingRules>;
  readonly bars: BarStore;
  readonly feed: SampleFeed;
  readonly venue: PaperVenue;
  readonly oms: OrderManager;
  readonly accounts: AccountView;
  readonly accountRepo: AccountRepo;
  readonly audit: AuditRepo;
  readonly orderRepo: OrderRepo;
  readonly fillRepo: FillRepo;
  readonly connections: ConnectionService;
  readonly tradingAccounts: TradingAccounts;
  readonly reconcileIssues: ReconcileIssues;
  readonly risk: RiskEngine;
  readonly riskStore: RiskStore;
  readonly marketData: MarketDataService;
  readonly bots: BotSupervisor;
  readonly training: TrainingService;
  readonly equityRecorder: EquityRecorder;
  private readonly dispatch: Dispatch;
  /** Recent ticket orders by account|symbol|side|qty, wall-clock ms: the duplicate guard. */
  private readonly recentTickets = new Map<string, number>();
  private readonly unsubscribers: Array<() => void> = [];
  private closed = false;

  private constructor(
    readonly config: WorkstationConfig,
    parts: WorkstationParts,
    private readonly coalescer: EventCoalescer,
  ) {
    this.startedAt = Date.now();
    this.db = parts.db;
    this.log = parts.log;
    this.redactor = parts.redactor;
    this.instruments = parts.instruments;
    this.rules = parts.rules;
    this.bars = parts.bars;
    this.feed = parts.feed;
    this.venue = parts.venue;
    this.oms = parts.oms;
    this.accounts = parts.accounts;
    this.accountRepo = parts.accountRepo;
    this.audit = parts.audit;
    this.orderRepo = parts.orderRepo;
    this.fillRepo = parts.fillRepo;
    this.connections = parts.connections;
    this.tradingAccounts = parts.tradingAccounts;
    this.reconcileIssues = parts.reconcileIssues;
    this.risk = parts.risk;
    this.riskStore = parts.riskStore;
    this.marketData = parts.marketData;
    this.bots = parts.bots;
    this.training = parts.training;
    this.equityRecorder = new EquityRecorder(parts.db);
    this.dispatch = createDispatcher(buildHandlers(this), {
      log: parts.log,
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
    const coalescer = new EventCoalescer(config.eventFlushMs ?? 100, (err) => log.error('event delivery failed', { error: err }));
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

      const accountRepo = new AccountRepo(db);
      const startingCash = dec(config.startingCash ?? '100000');
      accountRepo.ensure({
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
      const orderRepo = new OrderRepo(db);
      const fillRepo = new FillRepo(db);
      const audit = new AuditRepo(db);
      const paperPrice = (s: string): Decimal | null => {
        const p = feed.lastPrice(s);
        return p === null ? null : dec(p);
      };
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

      // The OMS and the accounts refer to each other through these late-bound functions.
      let tradingAccounts: TradingAccounts | undefined;
      let reconcileIssues: ReconcileIssues | undefined;
      let risk: RiskEngine | undefined;
      const marketNow = () => feed.status().marketTime;
      const oms = new OrderManager({
        db,
        orders: orderRepo,
        fills: fillRepo,
        accounts: accountRepo,
        audit,
        rules: (a, s) => tradingAccounts?.rules(a, s),
        lastPrice: (a, s) => tradingAccounts?.lastPrice(a, s) ?? null,
        permission: (a) => (tradingAccounts ? tradingAccounts.permission(a) : 'The engine is starting'),
        knowsAccount: (a) => tradingAccounts?.knows(a) ?? false,
        preTradeChecks: [(order) => risk?.check(order)?.reason ?? null],
        // Paper books run on the sample market's clock; broker accounts on the wall clock, like their venues.
        now: (a) => (a === PAPER_ACCOUNT_ID ? marketNow() : now()),
        log,
        faultPoint: config.faultPoint,
      });
      const accounts = new AccountView({ accounts: accountRepo, mark: paperPrice, marketDay: () => utcDay(marketNow()), now });
      tradingAccounts = new TradingAccounts({
        oms,
        accounts: accountRepo,
        connections,
        paper: { broker: venue, rules: (s) => rules.get(s), instrument: (s) => instruments.get(s), lastPrice: paperPrice },
        log,
        now,
        reconcileEveryMs: config.reconcileEveryMs ?? 60_000,
        onChange: () => coalescer.accountsChanged(() => ({ accounts: tradingAccounts!.list() })),
        onReconciled: (result) => reconcileIssues?.record(result),
      });
      const riskStore = new RiskStore(db);
      risk = new RiskEngine({
        store: riskStore,
        positions: (a) => accountRepo.positions(a),
        openOrders: (a) => orderRepo.open(a),
        mark: (a, s) => tradingAccounts!.lastPrice(a, s),
        equity: (a) => {
          if (!accountRepo.get(a)) return null;
          const sum = accounts.summary(a);
          return { equity: dec(sum.equity), cash: dec(sum.cash), dayPnl: dec(sum.dayPnl) };
        },
        assetClass: (a, s) => tradingAccounts!.instrument(a, s)?.assetClass,
        keepsMarketHours: (a) => a !== PAPER_ACCOUNT_ID,
        calendar: config.marketCalendar ?? new RuleCalendar(),
        now,
        marketNow: (a) => (a === PAPER_ACCOUNT_ID ? marketNow() : now()),
        accounts: () => oms.attachedAccounts(),
        onChange: (a) => coalescer.riskChanged(a, () => risk!.status(a)),
        log,
      });
      risk.setActions({
        cancelAllOpen: async (accountId, reason) => {
          for (const o of orderRepo.open(accountId)) {
            // Orders still on their way are cancelled when their acknowledgement arrives (see wireEvents).
            if (o.status === 'INITIALIZED' || o.status === 'SUBMITTED' || o.status === 'PENDING_CANCEL') continue;
            try {
              await oms.cancel(o.id, `risk:${reason}`);
            } catch (err) {
              log.warn('risk could not cancel an order', { orderId: o.id, error: String(err) });
            }
          }
        },
        flattenAll: async (accountId, reason) => {
          const caps = oms.capabilities(accountId);
          const tif = caps?.timeInForce.find((t) => t === 'day' || t === 'ioc') ?? 'day';
          for (const p of accountRepo.positions(accountId)) {
            if (p.qty.isZero()) continue;
            try {
              await oms.submit(
                { accountId, symbol: p.symbol, side: p.qty.isPositive() ? 'sell' : 'buy', type: 'market', tif, qty: decStr(p.qty.abs()) },
                { owner: { kind: 'risk' }, actor: `risk:${reason}` },
              );
            } catch (err) {
              log.warn('risk could not flatten a position', { accountId, symbol: p.symbol, error: String(err) });
            }
          }
        },
      });
      reconcileIssues = new ReconcileIssues(db, {
        oms,
        accounts: accountRepo,
        audit,
        lastPrice: (a, s) => tradingAccounts!.lastPrice(a, s),
        now,
        onChange: () => coalescer.reconcileChanged(() => ({ issues: reconcileIssues!.list() })),
        booksChanged: (a) => coalescer.accountChanged(a, () => (accountRepo.get(a) ? { account: accounts.summary(a), positions: accounts.positions(a) } : null)),
      });
      // The market data service is built after the bots; their broker feeds reach it through this.
      let marketDataRef: MarketDataService | null = null;
      const bots = await buildBots(
        {
          marketData: () => marketDataRef,
          db,
          log,
          audit,
          feed,
          bars,
          oms,
          orderRepo,
          accountRepo,
          tradingAccounts,
          risk,
          riskStore,
          paperAccountId: PAPER_ACCOUNT_ID,
          equity: (a) => dec(accounts.summary(a).equity),
          now,
          events: {
            botsChanged: () => coalescer.botsChanged(() => ({ bots: bots.list() })),
            botDecision: (d) => coalescer.botDecision(d),
          },
        },
        config.bots,
      );
      // Training runs on the sample source's stored bars; runs a previous session left running wait to be resumed.
      const training = new TrainingService({ db, bars, bots, log, marketNow, emit: (p) => coalescer.trainingProgress(p), config: config.training });
      let listInstruments: (query?: string) => Instrument[] = () => [];
      const marketData = buildMarketData({
        db,
        bars,
        feed,
        listings,
        seed: config.seed ?? DEFAULT_SEED,
        instruments: (q) => listInstruments(q),
        connections,
        coalescer,
        calendar: config.marketCalendar ?? new RuleCalendar(),
        log,
        now,
        config: config.marketData,
      });
      marketDataRef = marketData;
      const ws = new Workstation(
        config,
        {
          db,
          log,
          redactor,
          instruments,
          rules,
          bars,
          feed,
          venue,
          oms,
          accounts,
          accountRepo,
          audit,
          orderRepo,
          fillRepo,
          connections,
          tradingAccounts,
          reconcileIssues,
          risk,
          riskStore,
          bots,
          marketData,
          training,
        },
        coalescer,
      );
      // Finish whatever a previous run left half-done on the paper venue before taking new
      // orders; broker connections reconcile as each one connects.
      const [summary] = await tradingAccounts.reconcile(PAPER_ACCOUNT_ID);
      tradingAccounts.start();
      listInstruments = (q) => ws.instrumentList(q);
      // Backfills a previous run left running carry on where each symbol stopped.
      marketData.start();
      // Bots the user left running resume (warming up from stored bars); their positions are in the books.
      bots.resumeAll();
      log.info('workstation started', { db: defaultDbPath(config), reconciled: { ...summary } });
      if (!config.paused) feed.start();
      return ws;
    } catch (err) {
      coalescer.close();
      db.close();
      throw err;
    }
  }

  invoke(channel: string, rawInput: unknown, ctx: CallContext): Promise<Envelope<unknown>> {
    if (this.closed) return Promise.resolve(fail('UNAVAILABLE', 'The engine is shutting down'));
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

  /**
   * An order that was already on its way when the kill switch was hit is cancelled as
   * soon as the venue acknowledges it, if the user asked for open orders to be cancelled.
   */
  private cancelLateArrivals(orders: readonly Order[]): void {
    const kill = this.risk.killSwitch();
    if (!kill.engaged || !kill.cancelOpen) return;
    for (const o of orders) {
      if (o.owner === 'risk' || (o.status !== 'ACCEPTED' && o.status !== 'PARTIALLY_FILLED')) continue;
      void this.oms.cancel(o.id, 'risk:Kill switch').catch((err: unknown) => this.log.warn('kill switch could not cancel a late order', { orderId: o.id, error: String(err) }));
    }
  }

  /** One equity point per market minute per account: the equity curve and drawdown come from these. */
  recordEquity(accountId: string): void {
    if (!this.accountRepo.get(accountId)) return;
    const sum = this.accounts.summary(accountId);
    const t = accountId === PAPER_ACCOUNT_ID ? this.feed.status().marketTime : Date.now();
    this.equityRecorder.maybeRecord(accountId, t, dec(sum.equity), dec(sum.cash));
  }

  notifyRisk(accountId: string): void {
    this.coalescer.riskChanged(accountId, () => this.risk.status(accountId));
  }

  /**
   * The ticket's duplicate guard: the same symbol, side and quantity again within the
   * account's window asks for confirmation instead of sending a second order.
   */
  guardDuplicate(input: { accountId?: string; symbol: string; side: string; qty: string | number; confirmDuplicate?: boolean }, actor: string): void {
    const accountId = input.accountId ?? PAPER_ACCOUNT_ID;
    const window = this.risk.limitsFor({ accountId }).duplicateWindowSec * 1000;
    const key = `${accountId}|${input.symbol}|${input.side}|${String(input.qty).trim()}`;
    const t = Date.now();
    const last = this.recentTickets.get(key);
    for (const [k, at] of this.recentTickets) if (t - at > 3_600_000) this.recentTickets.delete(k);
    if (window > 0 && last !== undefined && t - last < window && !input.confirmDuplicate) {
      const ago = Math.max(1, Math.round((t - last) / 1000));
      const message = `You sent the same order (${input.side} ${String(input.qty)} ${input.symbol}) ${ago} second${ago === 1 ? '' : 's'} ago. Send it again?`;
      this.audit.append({ at: t, actor, action: 'order.submit', subject: input.symbol, outcome: 'refused', detail: { reason: 'duplicate guard', message } });
      throw new ApiError('CONFLICT', message, { confirmDuplicate: message });
    }
  }

  /** Remembers a ticket order the engine took (refused ones do not count as sent). */
  noteTicketOrder(input: { accountId?: string; symbol: string; side: string; qty: string | number }): void {
    this.recentTickets.set(`${input.accountId ?? PAPER_ACCOUNT_ID}|${input.symbol}|${input.side}|${String(input.qty).trim()}`, Date.now());
  }

  accountPayload(accountId: string = PAPER_ACCOUNT_ID): PayloadOf<'account.changed'> {
    return { account: this.accounts.summary(accountId), positions: this.accounts.positions(accountId) };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const u of this.unsubscribers) u();
    // Bots first: a decision halfway through finishes (and is logged) before the OMS closes.
    await this.bots.close();
    await this.training.close();
    this.feed.stop();
    await this.marketData.close();
    this.coalescer.close();
    await this.tradingAccounts.close();
    this.oms.close();
    await this.venue.close();
    this.db.close();
  }

  private wireEvents(): void {
    // Drawdown levels follow equity as prices move, not only when orders fill.
    const equityTimer = setInterval(() => {
      for (const a of this.oms.attachedAccounts()) {
        try {
          this.recordEquity(a);
          this.risk.observeEquity(a);
        } catch (err) {
          this.log.warn('equity observation failed', { accountId: a, error: String(err) });
        }
      }
    }, this.config.equityObserveMs ?? 1_000);
    equityTimer.unref?.();
    this.unsubscribers.push(() => clearInterval(equityTimer));
    const held = () => new Set(this.accounts.positions(PAPER_ACCOUNT_ID).map((p) => p.symbol));
    let heldSymbols = held();
    this.unsubscribers.push(
      this.connections.onChange(() => this.coalescer.connectionsChanged(() => ({ connections: this.connections.list() }))),
      this.feed.onUpdate((bar) => this.coalescer.bar(bar)),
      this.feed.onTick((tick) => {
        // P&L moves with the price: recompute the account (once per flush) when a held symbol ticks.
        if (heldSymbols.has(tick.symbol)) this.coalescer.accountChanged(PAPER_ACCOUNT_ID, () => this.accountPayload());
      }),
      this.oms.subscribe({
        ordersChanged: (orders) => {
          this.coalescer.ordersChanged(orders);
          this.cancelLateArrivals(orders);
        },
        fillsAdded: (fills) => {
          this.coalescer.fillsAdded(fills);
          this.bots.onFills(fills);
        },
        booksChanged: (accountId) => {
          this.recordEquity(accountId);
          this.risk.observeEquity(accountId);
          this.coalescer.riskChanged(accountId, () => this.risk.status(accountId));
          if (accountId === PAPER_ACCOUNT_ID) heldSymbols = held();
          this.coalescer.accountChanged(accountId, () => (this.accountRepo.get(accountId) ? this.accountPayload(accountId) : null));
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
