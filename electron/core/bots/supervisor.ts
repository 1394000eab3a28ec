/**
 * The bots' supervisor: creates, versions and deletes bots, starts, pauses and stops
 * their runtimes, restarts errored ones by the restart policy, and resumes at start-up
 * every bot the user left running. Every change is audited; every configuration change
 * is a new version.
 *
 * Isolation: each bot has its own runtime and its own strategy session; a bot that fails
 * is marked errored with the reason and nothing else stops (see runtime.ts, workerHost.ts).
 */
import { randomBytes } from 'node:crypto';
import type { BotConfig, BotDetail, BotHolding, BotSummary, BotVersion, Decision, Fill, RiskLimits, StrategyInfo } from '../../../shared/contract';
import { ApiError, conflict, notFound } from '../api/errors';
import { Decimal, decStr } from '../domain/decimal';
import { ownerFromClientOrderId } from '../domain/ids';
import type { Logger } from '../log/logger';
import { limitsToDto } from '../risk/limits';
import { resolveParams } from '../strategies/api';
import type { Db } from '../store/database';
import type { AuditRepo } from '../store/repos/auditRepo';
import type { BarFeed } from './barFeed';
import { BotBooks, type BookOwner } from './botBooks';
import { atrBarsNeeded } from './botSizing';
import { BotStore, type BotRecord, type Desired, type ErrorKind } from './botStore';
import { DecisionLog, type DecisionQuery } from './decisionLog';
import type { GateDeps } from './gates';
import { restartDelay, type RestartPolicy } from './restartPolicy';
import { BotRuntime } from './runtime';
import type { StrategyCatalog } from './strategyCatalog';
import type { StrategyHost } from './strategyHost';
import { botLimits, noFeedReason, validateBotConfig, type BotConfigParsed, type ValidationDeps } from './validation';

export interface SupervisorOptions {
  db: Db;
  catalog: StrategyCatalog;
  host: StrategyHost;
  /** The market data a bot on this account decides on; null when none is available yet. */
  feedFor: (accountId: string) => BarFeed | null;
  accounts: Pick<ValidationDeps, 'account' | 'permission'> & { currency: (accountId: string) => string };
  /** Orders, risk and prices, as the gates need them (gates.ts). */
  trading: Omit<GateDeps, 'books' | 'record' | 'marketNow'>;
  setBotLimits: (botId: string, limits: RiskLimits) => void;
  audit: AuditRepo;
  logger: Logger;
  /** Wall clock, ms. */
  now: () => number;
  marketNow: (accountId: string) => number;
  restart: RestartPolicy;
  decisionsPerBot: number;
  heartbeatMs: number;
  events: { changed: () => void; decision: (d: Decision) => void };
}

interface Restart {
  attempts: number;
  timer: ReturnType<typeof setTimeout> | null;
  at: number | null;
}

/** Bot ids are 8 characters of [a-z0-9]: client order ids carry 8, so an order names its bot exactly. */
function newBotId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(8)].map((b) => alphabet[b % alphabet.length]).join('');
}

/** What changed between two versions, in words for the versions list. */
function describeChange(before: BotConfig, after: BotConfig): string {
  const out: string[] = [];
  const keys = ['name', 'strategyId', 'params', 'symbols', 'timeframe', 'accountId', 'mode', 'sizing', 'risk', 'tradingHours', 'cooldownBars', 'maxOpenPositions'] as const;
  for (const k of keys) {
    const a = JSON.stringify(before[k]);
    const b = JSON.stringify(after[k]);
    if (a !== b) out.push(`${k}: ${a ?? 'none'} -> ${b ?? 'none'}`);
  }
  return out.length ? out.join('; ') : 'saved without changes';
}

export class BotSupervisor {
  readonly store: BotStore;
  readonly decisions: DecisionLog;
  readonly books: BotBooks;
  private readonly configs = new Map<string, BotConfig>();
  private readonly runtimes = new Map<string, BotRuntime>();
  private readonly restarts = new Map<string, Restart>();
  private readonly lastDecisions = new Map<string, Decision | null>();
  private readonly heartbeat: ReturnType<typeof setInterval>;
  private closing = false;

  constructor(private readonly o: SupervisorOptions) {
    this.store = new BotStore(o.db);
    this.decisions = new DecisionLog(o.db, o.decisionsPerBot);
    this.books = new BotBooks({
      db: o.db,
      store: this.store,
      currency: o.accounts.currency,
      mark: o.trading.lastPrice,
      markAt: (accountId, symbol, ms) => {
        const c = o.feedFor(accountId)?.closeBefore(symbol, ms);
        return c === null || c === undefined ? null : new Decimal(c);
      },
      marketNow: o.marketNow,
    });
    this.heartbeat = setInterval(() => {
      if (this.runtimes.size === 0) return;
      void o.host.ping().finally(() => o.events.changed());
    }, o.heartbeatMs);
    this.heartbeat.unref?.();
  }

  // --- queries --------------------------------------------------------------------------

  list(): BotSummary[] {
    return this.store.list().map((r) => this.summary(r));
  }

  get(botId: string): BotDetail {
    const rec = this.record(botId);
    return { summary: this.summary(rec), config: this.config(rec) };
  }

  strategies(): StrategyInfo[] {
    return this.o.catalog.list().map((def) => ({
      id: def.id,
      name: def.name,
      description: def.description,
      params: def.params.map((p) => ({ ...p, options: p.options ? [...p.options] : undefined })),
      warmupBars: def.warmup(resolveParams(def, {})),
    }));
  }

  versions(botId: string): BotVersion[] {
    this.record(botId);
    return this.store.versions(botId);
  }

  decisionList(q: DecisionQuery): { decisions: Decision[]; nextBefore: number | null } {
    this.record(q.botId);
    return this.decisions.list(q);
  }

  exportDecisions(botId: string): { fileName: string; contentType: 'application/x-ndjson'; count: number; text: string } {
    const config = this.config(this.record(botId));
    const { text, count } = this.decisions.exportJsonl(botId);
    const slug = config.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'bot';
    return { fileName: `${slug}-${botId}-decisions.jsonl`, contentType: 'application/x-ndjson', count, text };
  }

  /** Bots with a position, or an active non-flat target, in a symbol on an account (the ticket's warning). */
  holding(accountId: string, symbol: string): BotHolding[] {
    const out: BotHolding[] = [];
    for (const rec of this.store.list()) {
      const config = this.config(rec);
      if (config.accountId !== accountId || !config.symbols.includes(symbol)) continue;
      const position = this.books.position(this.ownerOf(config), symbol);
      const rt = this.runtimes.get(rec.id);
      const targetUnits = rt ? rt.targetUnits(symbol) : null;
      const aiming = rt !== undefined && rt.status().state !== 'errored' && targetUnits !== null && targetUnits !== 0;
      if (position.isZero() && !aiming) continue;
      out.push({ botId: rec.id, name: config.name, mode: config.mode, state: rt?.status().state ?? rec.status, position: decStr(position), targetUnits });
    }
    return out;
  }

  // --- changes --------------------------------------------------------------------------

  create(input: BotConfigParsed, actor: string): BotDetail {
    let id = newBotId();
    while (this.store.idTaken(id)) id = newBotId();
    const config = this.validate(input, { id, version: 1 }, actor, 'bot.create');
    this.store.create(config, actor, this.o.now());
    if (config.risk) this.o.setBotLimits(id, limitsToDto(botLimits(config.risk)));
    this.configs.set(id, config);
    this.audit(actor, 'bot.create', id, { name: config.name, strategyId: config.strategyId, mode: config.mode, accountId: config.accountId, version: 1 });
    this.o.events.changed();
    return this.get(id);
  }

  async update(botId: string, input: BotConfigParsed, actor: string): Promise<BotDetail> {
    const rec = this.record(botId);
    const before = this.config(rec);
    const config = this.validate(input, { id: botId, version: rec.version + 1 }, actor, 'bot.update');
    if (config.accountId !== before.accountId && this.books.held(this.ownerOf(before)).size > 0) {
      const message = `The bot holds positions on ${before.accountId}: close them before moving it to another account`;
      this.refuse(actor, 'bot.update', botId, message);
      throw new ApiError('CONFLICT', message, { accountId: message });
    }
    const change = describeChange(before, config);
    this.store.addVersion(config, actor, change, this.o.now());
    if (config.risk) this.o.setBotLimits(botId, limitsToDto(botLimits(config.risk)));
    this.configs.set(botId, config);
    this.books.invalidate(botId);
    this.audit(actor, 'bot.update', botId, { version: config.version, change });
    // A bot at work continues on the new version, warming up again.
    const rt = this.runtimes.get(botId);
    if (rt) {
      this.runtimes.delete(botId);
      await rt.stop();
      this.launch(config, rec.desired === 'paused');
    }
    this.o.events.changed();
    return this.get(botId);
  }

  duplicate(botId: string, name: string | undefined, actor: string): BotDetail {
    const source = this.config(this.record(botId));
    let id = newBotId();
    while (this.store.idTaken(id)) id = newBotId();
    // A copy never trades real money by surprise: a live bot's copy starts in shadow mode.
    const config: BotConfig = { ...source, id, version: 1, name: name ?? `${source.name} (copy)`, mode: source.mode === 'live' ? 'shadow' : source.mode };
    this.store.create(config, actor, this.o.now());
    if (config.risk) this.o.setBotLimits(id, limitsToDto(botLimits(config.risk)));
    this.configs.set(id, config);
    this.audit(actor, 'bot.duplicate', id, { from: botId, name: config.name, mode: config.mode });
    this.o.events.changed();
    return this.get(id);
  }

  delete(botId: string, actor: string): void {
    const rec = this.record(botId);
    if (this.runtimes.has(botId)) {
      const message = 'Stop the bot before deleting it';
      this.refuse(actor, 'bot.delete', botId, message);
      throw conflict(message);
    }
    const config = this.config(rec);
    const held = [...this.books.held(this.ownerOf(config))].map(([s, q]) => `${decStr(q)} ${s}`);
    this.store.markDeleted(botId, this.o.now());
    this.decisions.deleteBot(botId);
    this.cancelRestart(botId);
    this.configs.delete(botId);
    this.lastDecisions.delete(botId);
    // Its positions stay in the account's books; the audit says what it left behind.
    this.audit(actor, 'bot.delete', botId, { name: config.name, positionsLeft: held });
    this.o.events.changed();
  }

  start(botId: string, opts: { confirmLive?: boolean }, actor: string): BotSummary {
    const rec = this.record(botId);
    const config = this.config(rec);
    if (config.mode === 'live') {
      if (opts.confirmLive !== true) {
        const message = `${config.name} trades real money on ${config.accountId}: confirm live trading to start it`;
        this.refuse(actor, 'bot.start', botId, message);
        throw new ApiError('BAD_REQUEST', message, { confirmLive: message });
      }
      const why = this.o.accounts.permission(config.accountId);
      if (why) {
        this.refuse(actor, 'bot.start', botId, why);
        throw conflict(why);
      }
    }
    if (!this.o.feedFor(config.accountId)) {
      const account = this.o.accounts.account(config.accountId);
      const message = `No market data source delivers bars for ${account?.name ?? config.accountId}: ${account ? noFeedReason(account) : 'there is no such account'}`;
      this.refuse(actor, 'bot.start', botId, message);
      throw new ApiError('UNAVAILABLE', message);
    }
    this.cancelRestart(botId);
    this.restarts.delete(botId);
    const rt = this.runtimes.get(botId);
    const state = rt?.status().state;
    if (rt && state !== 'errored' && state !== 'stopped') rt.resume();
    else {
      this.runtimes.delete(botId);
      this.store.setStatus(botId, 'stopped', null, null);
      this.launch(config, false);
    }
    this.store.setDesired(botId, 'running', this.o.now());
    this.audit(actor, 'bot.start', botId, { version: config.version, mode: config.mode });
    this.o.events.changed();
    return this.summary(this.record(botId));
  }

  pause(botId: string, actor: string): BotSummary {
    const rec = this.record(botId);
    const rt = this.runtimes.get(botId);
    if (!rt || rt.status().state === 'errored') {
      const message = rt ? 'The bot has stopped with an error: start it again or stop it' : 'The bot is not running';
      this.refuse(actor, 'bot.pause', botId, message);
      throw conflict(message);
    }
    rt.pause();
    this.store.setDesired(botId, 'paused', this.o.now());
    this.audit(actor, 'bot.pause', botId, {});
    this.o.events.changed();
    return this.summary(this.record(rec.id));
  }

  async stop(botId: string, actor: string): Promise<BotSummary> {
    this.record(botId);
    this.cancelRestart(botId);
    this.restarts.delete(botId);
    const rt = this.runtimes.get(botId);
    this.runtimes.delete(botId);
    this.store.setDesired(botId, 'stopped', this.o.now());
    this.store.setStatus(botId, 'stopped', null, null);
    if (rt) await rt.stop();
    this.audit(actor, 'bot.stop', botId, {});
    this.o.events.changed();
    return this.summary(this.record(botId));
  }

  /** At engine start: every bot the user left running or paused starts again (strategy errors wait for the user). */
  resumeAll(): void {
    for (const rec of this.store.list()) {
      if (rec.desired === 'stopped') continue;
      if (rec.status === 'errored' && rec.errorKind !== 'venue') continue;
      const config = this.config(rec);
      if (!this.o.feedFor(config.accountId)) {
        const account = this.o.accounts.account(config.accountId);
        this.store.setStatus(rec.id, 'errored', `No market data for ${account?.name ?? config.accountId}: ${account ? noFeedReason(account) : 'there is no such account'}`, 'venue');
        continue;
      }
      this.store.setStatus(rec.id, 'stopped', null, null);
      this.launch(config, rec.desired === 'paused');
      this.audit('system', 'bot.resume', rec.id, { version: config.version, desired: rec.desired });
    }
    this.o.events.changed();
  }

  /** New fills: the bots that own them have new books. */
  onFills(fills: readonly Fill[]): void {
    let touched = false;
    for (const f of fills) {
      const owner = ownerFromClientOrderId(f.clientOrderId);
      if (owner?.kind === 'bot') {
        this.books.invalidate(owner.botId);
        touched = true;
      }
    }
    if (touched) this.o.events.changed();
  }

  /** Resolves when every bot has handled every bar it has been given (tests, benchmarks). */
  async idle(): Promise<void> {
    // Waiting can let more work in (a restart, an order's fill, a queued bar): settle until nothing moves.
    for (let round = 0; round < 1_000; round++) {
      const list = [...this.runtimes.values()];
      await Promise.all(list.map((rt) => rt.idle()));
      await new Promise((r) => setImmediate(r));
      if (list.length === this.runtimes.size && list.every((rt) => rt.isIdle() && this.runtimes.get(rt.config.id) === rt)) return;
    }
  }

  runtime(botId: string): BotRuntime | undefined {
    return this.runtimes.get(botId);
  }

  /** Engine shutdown: runtimes stop, but what the user asked for stays (they resume next start). */
  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.heartbeat);
    for (const id of this.restarts.keys()) this.cancelRestart(id);
    await Promise.all([...this.runtimes.values()].map((rt) => rt.stop()));
    this.runtimes.clear();
    await this.o.host.close();
  }

  // --- inside ---------------------------------------------------------------------------

  private launch(config: BotConfig, paused: boolean): void {
    const def = this.o.catalog.get(config.strategyId);
    if (!def) {
      this.store.setStatus(config.id, 'errored', `The strategy ${config.strategyId} is not in this build`, 'internal');
      return;
    }
    const feed = this.o.feedFor(config.accountId)!;
    const botId = config.id;
    const rt: BotRuntime = new BotRuntime(config, {
      ...this.o.trading,
      books: this.books,
      marketNow: this.o.marketNow,
      record: (decision, state, shadowFill) =>
        this.store.transaction(() => {
          const d = this.decisions.append(decision);
          this.store.saveSymbolState(botId, decision.symbol, state);
          if (shadowFill) this.store.addShadowFill(botId, shadowFill);
          return d;
        }),
      host: this.o.host,
      feed,
      logger: this.o.logger,
      warmupBars: def.warmup(config.params),
      sizingBars: atrBarsNeeded(config.sizing),
      loadSymbolStates: () => this.store.symbolStates(botId),
      onDecision: (d) => {
        if (config.mode === 'shadow' && d.action !== 'hold' && d.blockedBy === null) this.books.invalidate(botId);
        this.lastDecisions.set(botId, d);
        const r = this.restarts.get(botId);
        if (r && !r.timer) r.attempts = 0; // it works again: the next error starts the backoff afresh
        this.o.events.decision(d);
        this.o.events.changed();
      },
      onStatus: () => this.persistStatus(botId, rt),
      onFault: (kind, reason) => this.onFault(botId, kind, reason),
    });
    this.runtimes.set(botId, rt);
    rt.start(paused);
  }

  private persistStatus(botId: string, rt: BotRuntime): void {
    if (this.closing || this.runtimes.get(botId) !== rt) return;
    const s = rt.status();
    if (s.state === 'errored') return; // onFault writes it with its kind
    const rec = this.store.get(botId);
    if (rec && rec.status !== s.state) this.store.setStatus(botId, s.state, null, null);
    this.o.events.changed();
  }

  private onFault(botId: string, kind: ErrorKind, reason: string): void {
    if (this.closing) return;
    this.store.setStatus(botId, 'errored', reason, kind);
    this.o.logger.warn('bot errored', { botId, kind, reason });
    const r = this.restarts.get(botId) ?? { attempts: 0, timer: null, at: null };
    r.attempts++;
    const delay = restartDelay(this.o.restart, kind, r.attempts);
    this.audit('system', 'bot.errored', botId, { kind, reason, restartInMs: delay });
    if (delay !== null) {
      r.at = this.o.now() + delay;
      r.timer = setTimeout(() => {
        r.timer = null;
        r.at = null;
        const rt = this.runtimes.get(botId);
        const rec = this.store.get(botId);
        if (!rt || !rec || rt.status().state !== 'errored') return;
        this.audit('system', 'bot.restart', botId, { attempt: r.attempts, after: kind });
        this.store.setStatus(botId, 'stopped', null, null);
        rt.start(rec.desired === 'paused');
      }, delay);
      r.timer.unref?.();
    }
    this.restarts.set(botId, r);
    this.o.events.changed();
  }

  private cancelRestart(botId: string): void {
    const r = this.restarts.get(botId);
    if (r?.timer) clearTimeout(r.timer);
    if (r) {
      r.timer = null;
      r.at = null;
    }
  }

  private validate(input: BotConfigParsed, identity: { id: string; version: number }, actor: string, action: string): BotConfig {
    try {
      return validateBotConfig(
        input,
        {
          catalog: this.o.catalog,
          account: this.o.accounts.account,
          permission: this.o.accounts.permission,
          rules: this.o.trading.rules,
          feedFor: this.o.feedFor,
        },
        identity,
      );
    } catch (err) {
      if (err instanceof ApiError) this.refuse(actor, action, identity.version === 1 ? input.name : identity.id, err.message, err.fields);
      throw err;
    }
  }

  private record(botId: string): BotRecord {
    const rec = this.store.get(botId);
    if (!rec) throw notFound(`There is no bot ${botId}`);
    return rec;
  }

  private config(rec: BotRecord): BotConfig {
    let c = this.configs.get(rec.id);
    if (!c || c.version !== rec.version) {
      c = this.store.config(rec.id, rec.version);
      this.configs.set(rec.id, c);
    }
    return c;
  }

  private ownerOf(config: BotConfig): BookOwner {
    return { id: config.id, accountId: config.accountId, shadow: config.mode === 'shadow' };
  }

  private summary(rec: BotRecord): BotSummary {
    const config = this.config(rec);
    const rt = this.runtimes.get(rec.id);
    const live = rt?.status();
    const errored = (live?.state ?? rec.status) === 'errored';
    const restart = this.restarts.get(rec.id);
    let last = this.lastDecisions.get(rec.id);
    if (last === undefined) {
      last = this.decisions.last(rec.id);
      this.lastDecisions.set(rec.id, last);
    }
    const books = this.books.summary(this.ownerOf(config));
    return {
      id: rec.id,
      name: config.name,
      strategyId: config.strategyId,
      strategyName: this.o.catalog.get(config.strategyId)?.name ?? config.strategyId,
      version: config.version,
      mode: config.mode,
      accountId: config.accountId,
      symbols: config.symbols,
      timeframe: config.timeframe,
      status: {
        state: live?.state ?? rec.status,
        reason: live?.reason ?? rec.statusReason,
        errorKind: errored ? rec.errorKind : null,
        since: live?.since ?? rec.updatedAt,
        heartbeatAt: live?.heartbeatAt ?? null,
        warmup: live?.warmup ?? null,
        restartAt: restart?.at ?? null,
        desired: rec.desired as Desired,
      },
      pnl: books.pnl,
      positions: books.positions,
      lastDecision: last,
      createdAt: rec.createdAt,
      updatedAt: rec.updatedAt,
    };
  }

  private audit(actor: string, action: string, subject: string, detail: Record<string, unknown>): void {
    this.o.audit.append({ at: this.o.now(), actor, action, subject, outcome: 'ok', detail });
  }

  private refuse(actor: string, action: string, subject: string, reason: string, fields?: Record<string, string>): void {
    this.o.audit.append({ at: this.o.now(), actor, action, subject, outcome: 'refused', detail: { reason, ...(fields ? { fields } : {}) } });
  }
}
