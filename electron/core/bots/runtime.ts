/**
 * One bot at work. It listens to closed 1-minute bars of its symbols, builds bars of its
 * timeframe, warms its strategy up on stored history, then at every closed bar asks the
 * strategy (in its host: a worker thread) for a target and runs the gates (gates.ts).
 *
 * Everything a bot does is serialised: bars are queued and handled one bar time at a time,
 * so a decision always sees the books after the previous one. A `generation` number makes
 * callbacks of a stopped or restarted run harmless.
 */
import type { BotConfig, BotState, Decision, Timeframe } from '../../../shared/contract';
import { TIMEFRAME_SECONDS } from '../marketdata/aggregate';
import type { Logger } from '../log/logger';
import { BarAggregator } from './barAggregator';
import type { BarFeed } from './barFeed';
import type { BookOwner } from './botBooks';
import type { ErrorKind, SymbolState } from './botStore';
import { StrategyFault, messageOf, type EvalItem, type WireBar } from './evaluator';
import { decide, prepare, type GateDeps, type Prepared } from './gates';
import { HostLost, type StrategyHost, type StrategySession } from './strategyHost';

export interface RuntimeDeps extends GateDeps {
  host: StrategyHost;
  feed: BarFeed;
  logger: Logger;
  /** Bars the strategy needs before its first decision. */
  warmupBars: number;
  /** Extra bars kept for sizing (the ATR method). */
  sizingBars: number;
  loadSymbolStates: () => Map<string, SymbolState>;
  onDecision: (d: Decision) => void;
  onStatus: () => void;
  onFault: (kind: ErrorKind, reason: string) => void;
}

interface Queued {
  symbol: string;
  bar: WireBar;
}

/** Never read more minutes than this for one symbol's warm-up (a year of 1-minute bars is 525,600). */
const MAX_WARMUP_MINUTES = 600_000;

export class BotRuntime {
  private state: BotState = 'stopped';
  private reason: string | null = null;
  private since = Date.now();
  private generation = 0;
  private session: StrategySession | null = null;
  private unsubscribe: (() => void) | null = null;
  /** Lets go of what the feed's prepare started (remote sources). */
  private release: (() => void) | null = null;
  private aggregators = new Map<string, BarAggregator>();
  private lastMinute = new Map<string, number>();
  /** Bars the strategy has seen per symbol in this run. */
  private seen = new Map<string, number>();
  /** Recent bars of the timeframe per symbol, for sizing. */
  private recent = new Map<string, WireBar[]>();
  private queue: Queued[] = [];
  private pumping: Promise<void> | null = null;
  private warming: Promise<void> | null = null;
  private symbolStates = new Map<string, SymbolState>();
  private paused = false;
  private idleWaiters: Array<() => void> = [];

  constructor(
    readonly config: BotConfig,
    private readonly d: RuntimeDeps,
  ) {}

  get owner(): BookOwner {
    return { id: this.config.id, accountId: this.config.accountId, shadow: this.config.mode === 'shadow' };
  }

  status(): { state: BotState; reason: string | null; since: number; heartbeatAt: number | null; warmup: { have: number; need: number } | null } {
    const have = Math.min(...this.config.symbols.map((s) => this.seen.get(s) ?? 0));
    return {
      state: this.state,
      reason: this.reason,
      since: this.since,
      heartbeatAt: this.session?.lastAnswerAt() ?? null,
      warmup: this.state === 'warming_up' ? { have: Math.min(have, this.d.warmupBars), need: this.d.warmupBars } : null,
    };
  }

  /** The target the bot acts on in a symbol (units), if any. */
  targetUnits(symbol: string): number | null {
    return this.symbolStates.get(symbol)?.target?.units ?? null;
  }

  start(paused: boolean): void {
    this.teardown();
    const gen = ++this.generation;
    this.paused = paused;
    this.symbolStates = this.d.loadSymbolStates();
    this.setState('warming_up', 'Loading history');
    const minutesPerBar = Math.max(1, TIMEFRAME_SECONDS[this.config.timeframe] / 60);
    const want = Math.min(MAX_WARMUP_MINUTES, (this.d.warmupBars + this.d.sizingBars + 2) * minutesPerBar);
    const prepare = this.d.feed.prepare?.(this.config.symbols, want);
    if (!prepare) {
      this.warming = this.warmUp(gen, this.readHistory(gen, want));
      return;
    }
    // A remote source first loads the warm-up window (and starts its streams); the history is read after.
    this.warming = prepare.then(
      (release) => {
        if (gen !== this.generation) {
          release();
          return;
        }
        this.release = release;
        return this.warmUp(gen, this.readHistory(gen, want));
      },
      (err: unknown) => {
        if (gen !== this.generation) return;
        this.fail(gen, new VenueDown(`Could not load the history of ${this.config.symbols.join(', ')} from ${this.d.feed.source}: ${messageOf(err)}`));
      },
    );
  }

  /** Subscribes, then reads the store, in one synchronous stretch: no minute can fall between. */
  private readHistory(gen: number, want: number): Map<string, WireBar[]> {
    const tf = this.config.timeframe;
    const history = new Map<string, WireBar[]>();
    this.unsubscribe = this.d.feed.onClosedMinute((symbol, bar) => this.onMinute(gen, symbol, bar));
    for (const symbol of this.config.symbols) {
      const agg = new BarAggregator(this.d.feed.bucketer(symbol, tf));
      this.aggregators.set(symbol, agg);
      const bars: WireBar[] = [];
      for (const m of this.d.feed.minutes(symbol, want)) {
        bars.push(...agg.push(m));
        this.lastMinute.set(symbol, m.t);
      }
      history.set(symbol, bars);
      this.remember(symbol, bars);
    }
    return history;
  }

  pause(): void {
    this.paused = true;
    if (this.state === 'running') this.setState('paused', 'Paused by the user');
  }

  resume(): void {
    this.paused = false;
    if (this.state === 'paused') this.setState('running', null);
  }

  /** Stops listening and releases the strategy host; positions and orders stay as they are. */
  async stop(): Promise<void> {
    this.generation++;
    const pending = this.pumping;
    this.teardown();
    this.warming = null;
    this.setState('stopped', null);
    // A decision halfway through (an order on its way) finishes and is recorded.
    if (pending) await pending.catch(() => {});
    this.wakeIdle();
  }

  /** Resolves when the queue is empty and nothing is being decided (tests, the benchmark). */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  isIdle(): boolean {
    return this.pumping === null && this.warming === null && (this.queue.length === 0 || this.session === null);
  }

  private wakeIdle(): void {
    if (!this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private teardown(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.release?.();
    this.release = null;
    this.session?.close();
    this.session = null;
    this.queue = [];
    this.aggregators.clear();
    this.lastMinute.clear();
    this.seen.clear();
    this.recent.clear();
  }

  private setState(state: BotState, reason: string | null): void {
    if (this.state === state && this.reason === reason) return;
    if (this.state !== state) this.since = Date.now();
    this.state = state;
    this.reason = reason;
    this.d.onStatus();
  }

  private onMinute(gen: number, symbol: string, minute: WireBar): void {
    if (gen !== this.generation) return;
    const agg = this.aggregators.get(symbol);
    if (!agg) return;
    if (minute.t <= (this.lastMinute.get(symbol) ?? -1)) return; // already in the history read at start
    this.lastMinute.set(symbol, minute.t);
    for (const bar of agg.push(minute)) this.queue.push({ symbol, bar });
    this.kick(gen);
  }

  private async warmUp(gen: number, history: Map<string, WireBar[]>): Promise<void> {
    try {
      const session = await this.d.host.open(
        { strategyId: this.config.strategyId, params: this.config.params, symbols: this.config.symbols },
        (reason) => this.onHostLost(gen, reason),
      );
      if (gen !== this.generation) {
        session.close();
        return;
      }
      this.session = session;
      for (const [symbol, bars] of history) {
        if (bars.length) await session.warm(symbol, bars);
        if (gen !== this.generation) return;
        this.seen.set(symbol, bars.length);
      }
      this.updateWarmState();
    } catch (err) {
      this.fail(gen, err);
    } finally {
      if (gen === this.generation) {
        this.warming = null;
        this.kick(gen);
        this.wakeIdle();
      }
    }
  }

  private updateWarmState(): void {
    const tf: Timeframe = this.config.timeframe;
    const have = Math.min(...this.config.symbols.map((s) => this.seen.get(s) ?? 0));
    if (have < this.d.warmupBars) {
      this.setState('warming_up', `Warming up: ${have} of ${this.d.warmupBars} bars of ${tf}`);
      return;
    }
    if (this.paused) this.setState('paused', 'Paused by the user');
    else this.setState('running', null);
  }

  private kick(gen: number): void {
    if (this.pumping || !this.session || this.warming || gen !== this.generation || this.queue.length === 0) return;
    this.pumping = this.pump(gen).finally(() => {
      this.pumping = null;
      if (gen === this.generation && this.queue.length) this.kick(gen);
      this.wakeIdle();
    });
  }

  private async pump(gen: number): Promise<void> {
    while (this.queue.length && gen === this.generation) {
      // One bar time at a time: every symbol's bar of that time, then the next time.
      const t = this.queue[0]!.bar.t;
      let n = 1;
      while (n < this.queue.length && this.queue[n]!.bar.t === t) n++;
      const group = this.queue.splice(0, n);
      try {
        await this.handle(gen, group);
      } catch (err) {
        this.fail(gen, err);
        return;
      }
    }
  }

  private async handle(gen: number, group: Queued[]): Promise<void> {
    const session = this.session!;
    const decideNow: Queued[] = [];
    for (const item of group) {
      this.remember(item.symbol, [item.bar]);
      const seen = this.seen.get(item.symbol) ?? 0;
      const lastBar = this.symbolStates.get(item.symbol)?.lastBar ?? -1;
      // Bars before the warm-up is complete, while paused, or already decided before a
      // restart only feed the indicators: nothing is decided on them.
      if (this.paused || seen < this.d.warmupBars || item.bar.t * 1000 <= lastBar) {
        await session.warm(item.symbol, [item.bar]);
        this.seen.set(item.symbol, seen + 1);
      } else decideNow.push(item);
    }
    if (gen !== this.generation) return;
    if (this.state === 'warming_up') this.updateWarmState();
    if (!decideNow.length) return;

    const prepared = new Map<string, Prepared>();
    const items: EvalItem[] = decideNow.map((item) => {
      const p = prepare(this.d, this.config, this.owner, item.symbol, item.bar, this.recent.get(item.symbol) ?? []);
      prepared.set(item.symbol, p);
      return { symbol: item.symbol, bar: item.bar, positionUnits: p.positionUnits };
    });
    const results = await session.evaluate(items);
    for (const item of decideNow) this.seen.set(item.symbol, (this.seen.get(item.symbol) ?? 0) + 1);
    for (let k = 0; k < results.length; k++) {
      const item = decideNow[k]!;
      const state = this.symbolStates.get(item.symbol) ?? { target: null, orderTarget: null, lastBar: null, lastOrderBar: null };
      const newer = this.queue.some((q) => q.symbol === item.symbol);
      const outcome = await decide(this.d, {
        config: this.config,
        owner: this.owner,
        symbol: item.symbol,
        bar: item.bar,
        result: results[k]!,
        prepared: prepared.get(item.symbol)!,
        state,
        newerBarWaiting: newer,
      });
      // Recorded either way; a run that was replaced meanwhile leaves memory to its successor.
      this.d.onDecision(outcome.decision);
      if (gen !== this.generation) return;
      this.symbolStates.set(item.symbol, outcome.state);
      if (outcome.venueDown) throw new VenueDown(outcome.venueDown);
    }
  }

  private remember(symbol: string, bars: readonly WireBar[]): void {
    const keep = Math.max(2, this.d.sizingBars);
    const list = this.recent.get(symbol) ?? [];
    list.push(...bars.slice(-keep));
    if (list.length > keep) list.splice(0, list.length - keep);
    this.recent.set(symbol, list);
  }

  private onHostLost(gen: number, reason: string): void {
    if (gen !== this.generation) return;
    this.d.logger.warn('bot strategy host lost; starting again on a fresh one', { botId: this.config.id, reason });
    // The old run may be halfway through a decision (an order on its way): it finishes and is
    // recorded first, so the new run loads the symbol states that decision wrote. Then warm up
    // again from the store: the bars are all there, and decided bars are not decided twice.
    this.generation++;
    const pending = this.pumping;
    this.teardown();
    this.setState('warming_up', 'Moving to a new strategy thread');
    const restart = async () => {
      if (pending) await pending.catch(() => {});
      if (this.generation === gen + 1) this.start(this.paused);
    };
    this.warming = restart();
  }

  private fail(gen: number, err: unknown): void {
    if (gen !== this.generation) return;
    if (err instanceof HostLost) {
      this.onHostLost(gen, err.message);
      return;
    }
    const kind: ErrorKind = err instanceof StrategyFault ? 'strategy' : err instanceof VenueDown ? 'venue' : 'internal';
    const reason = messageOf(err);
    if (kind === 'internal') this.d.logger.error('bot failed', { botId: this.config.id, error: err });
    this.generation++;
    this.teardown();
    this.warming = null;
    this.setState('errored', reason);
    this.d.onFault(kind, reason);
    this.wakeIdle();
  }
}

/** The venue could not take the order for now (not connected, rate limited): transient. */
class VenueDown extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VenueDown';
  }
}
