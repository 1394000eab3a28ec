/**
 * The sample market's live replay: a market clock running `speed` times faster than the wall
 * clock, emitting each minute's ticks as they fall due, the forming bar after every tick, and
 * the closed bar (persisted) at the end of each minute.
 *
 * Continuity: the store is the only memory. On start the clock resumes at the end of the
 * newest stored bar (or at the real time on a first start); every symbol's missing minutes up
 * to there are generated from its last stored close. Because a minute depends only on
 * (seed, symbol, minute, previous close), a restarted replay produces exactly the bars an
 * uninterrupted one would have. The forming minute is not stored; after a restart it is
 * generated again, identically.
 *
 * Work per timer fire is bounded: at most `liveCatchUpMinutes` of ticks are replayed one by
 * one; further behind (a slept laptop, a huge speed) the closed bars are generated in one
 * batch (a "jump", reported through `onJump`, without per-tick events), and a single fire
 * never covers more than `maxMinutesPerFire` market minutes: the rest follows on later fires.
 * `step()` is the explicit, synchronous alternative: it never jumps, so every tick is seen.
 *
 * Closed bars of one slice are written in a single transaction before that slice's events
 * are delivered, so a listener that reads the store sees the bar it was just told about.
 */
import type { BarUpdate } from '../../../shared/contract/market';
import type { BarBatch, BarStore } from './barStore';
import { referencePrice, SampleSeries, type MinuteTicks } from './sampleGenerator';
import type { SampleListing } from './sampleInstruments';

export interface SampleFeedOptions {
  readonly seed: number;
  readonly listings: readonly SampleListing[];
  readonly barStore: BarStore;
  /** Source name of the stored bars (default 'sample'). */
  readonly source?: string;
  /** Market minutes per wall-clock minute (default 60: a new 1m bar every second). */
  readonly speed?: number;
  /** Wall clock in epoch ms (default Date.now). */
  readonly now?: () => number;
  /** Days of 1-minute history generated for a symbol the store has never seen (default 5). */
  readonly historyDays?: number;
  /** Start with the clock stopped; `step()` still works (default false). */
  readonly paused?: boolean;
  /** Timer period in wall ms (default 200). */
  readonly timerMs?: number;
  /** Market minutes a fire may replay tick by tick before it jumps instead (default 5). */
  readonly liveCatchUpMinutes?: number;
  /** Market minutes a single timer fire may cover; bounds the work of one fire (default 1440). */
  readonly maxMinutesPerFire?: number;
}

export interface SampleTick {
  readonly symbol: string;
  readonly price: number;
  /** Traded quantity of this tick. */
  readonly size: number;
  /** Epoch ms, market time. */
  readonly t: number;
}

export interface SampleFeedStatus {
  readonly speed: number;
  readonly paused: boolean;
  /** True between start() and stop(). */
  readonly running: boolean;
  /** Market time the replay has reached, epoch ms. */
  readonly marketTime: number;
}

/** Minutes [fromSec, toSec) were closed in one batch without tick or forming updates. */
export interface SampleJump {
  readonly fromSec: number;
  readonly toSec: number;
}

type Listener<T> = (value: T) => void;

type FeedEvent =
  | { readonly kind: 'tick'; readonly tick: SampleTick }
  | { readonly kind: 'update'; readonly update: BarUpdate }
  | { readonly kind: 'jump'; readonly jump: SampleJump };

interface SymbolState {
  readonly symbol: string;
  readonly series: SampleSeries;
  prevClose: number;
  /** Open time (epoch s) of the forming minute. */
  minuteSec: number;
  ticks: MinuteTicks;
  /** Index of the next tick to replay; 0 means the minute has no trade yet. */
  next: number;
  o: number;
  h: number;
  l: number;
  c: number;
  v: number;
  lastPrice: number;
  dayOpen: number;
}

/** Closed bars waiting to be written, per symbol. */
interface PendingBars {
  t: number[];
  o: number[];
  h: number[];
  l: number[];
  c: number[];
  v: number[];
}

const MINUTE_MS = 60_000;
const DAY_SEC = 86_400;
/** Bars generated per write while filling history, to bound memory on a very long gap. */
const FILL_CHUNK_MINUTES = 100_000;
/** Market minutes replayed per slice by step(): bounds the events buffered before dispatch. */
const STEP_SLICE_MINUTES = 60;

export class SampleFeed {
  private readonly source: string;
  private readonly store: BarStore;
  private readonly now: () => number;
  private readonly historyDays: number;
  private readonly timerMs: number;
  private readonly liveCatchUpMinutes: number;
  private readonly maxMinutesPerFire: number;
  private readonly states = new Map<string, SymbolState>();
  private readonly listings: readonly SampleListing[];
  private readonly seed: number;

  private speed: number;
  private paused: boolean;
  private timer: ReturnType<typeof setInterval> | undefined;
  private initialized = false;
  private processing = false;
  /** Market time reached by the replay, and the time the clock says it should reach. */
  private marketMs = 0;
  private clockMs = 0;
  private lastWallMs = 0;

  private events: FeedEvent[] = [];
  private pendingBars = new Map<string, PendingBars>();
  private pendingBatches: BarBatch[] = [];

  private readonly updateListeners = new Set<Listener<BarUpdate>>();
  private readonly tickListeners = new Set<Listener<SampleTick>>();
  private readonly jumpListeners = new Set<Listener<SampleJump>>();
  private readonly errorListeners = new Set<Listener<Error>>();

  constructor(options: SampleFeedOptions) {
    this.seed = options.seed;
    this.listings = options.listings;
    this.store = options.barStore;
    this.source = options.source ?? 'sample';
    this.now = options.now ?? Date.now;
    this.speed = assertSpeed(options.speed ?? 60);
    this.paused = options.paused ?? false;
    this.historyDays = options.historyDays ?? 5;
    this.timerMs = options.timerMs ?? 200;
    this.liveCatchUpMinutes = options.liveCatchUpMinutes ?? 5;
    this.maxMinutesPerFire = options.maxMinutesPerFire ?? 1440;
    if (!(Number.isFinite(this.historyDays) && this.historyDays >= 0)) throw new Error('historyDays must be a non-negative number.');
    if (!(this.timerMs > 0)) throw new Error('timerMs must be positive.');
    if (!(Number.isInteger(this.liveCatchUpMinutes) && this.liveCatchUpMinutes >= 0)) throw new Error('liveCatchUpMinutes must be a non-negative integer.');
    if (!(Number.isInteger(this.maxMinutesPerFire) && this.maxMinutesPerFire >= 1)) throw new Error('maxMinutesPerFire must be a positive integer.');
    const seen = new Set<string>();
    for (const { profile } of this.listings) {
      if (seen.has(profile.symbol)) throw new Error(`Sample listing ${profile.symbol} appears twice.`);
      seen.add(profile.symbol);
    }
  }

  /** Brings the store up to the market clock (history or gap fill) and positions the replay. */
  init(): void {
    if (this.initialized) throw new Error('SampleFeed.init() was already called.');
    const latest = new Map(this.listings.map(({ profile }) => [profile.symbol, this.store.latest(this.source, profile.symbol, '1m')]));
    let resumeSec: number | undefined;
    for (const bar of latest.values()) {
      if (bar && (resumeSec === undefined || bar.t + 60 > resumeSec)) resumeSec = bar.t + 60;
    }
    const startMs = resumeSec === undefined ? this.now() : resumeSec * 1000;
    const minuteSec = Math.floor(startMs / MINUTE_MS) * 60;

    for (const { profile } of this.listings) {
      const series = new SampleSeries(profile, this.seed);
      const last = latest.get(profile.symbol) ?? null;
      const firstSec = last ? last.t + 60 : minuteSec - Math.round(this.historyDays * 1440) * 60;
      const prevClose = this.fill(series, firstSec, minuteSec, last?.c);
      const state: SymbolState = {
        symbol: profile.symbol,
        series,
        prevClose,
        minuteSec,
        ticks: series.minuteTicks(minuteSec, prevClose),
        next: 0,
        o: prevClose,
        h: prevClose,
        l: prevClose,
        c: prevClose,
        v: 0,
        lastPrice: prevClose,
        dayOpen: prevClose,
      };
      state.dayOpen = this.storedDayOpen(state);
      this.states.set(profile.symbol, state);
    }
    // On a first start the clock starts mid-minute: the minute's earlier trades already
    // happened. Fold them into the forming bar without announcing them as news.
    this.replayTicks(startMs);
    this.events = [];
    this.marketMs = startMs;
    this.clockMs = startMs;
    this.lastWallMs = this.now();
    this.initialized = true;
  }

  start(): void {
    this.assertInitialized();
    if (this.timer) return;
    this.lastWallMs = this.now();
    this.timer = setInterval(() => this.onTimer(), this.timerMs);
    // The replay alone must not keep a process (a test, the headless host) alive.
    this.timer.unref?.();
  }

  stop(): void {
    if (!this.timer) return;
    this.syncClock();
    clearInterval(this.timer);
    this.timer = undefined;
  }

  setSpeed(speed: number): void {
    assertSpeed(speed);
    this.syncClock();
    this.speed = speed;
  }

  setPaused(paused: boolean): void {
    this.syncClock();
    this.paused = paused;
  }

  status(): SampleFeedStatus {
    return { speed: this.speed, paused: this.paused, running: this.timer !== undefined, marketTime: this.marketMs };
  }

  /**
   * Advances the market by `marketMs` now, synchronously and completely, whatever the clock
   * state. Unlike the timer it never jumps: every tick and bar update is emitted (in slices,
   * so memory stays bounded), which is what a paused session stepped by hand or a test
   * wants; its cost is proportional to the span asked for. Not callable from a listener.
   */
  step(marketMs: number): void {
    this.assertInitialized();
    if (!(Number.isFinite(marketMs) && marketMs >= 0)) throw new Error(`step() needs a non-negative number of ms, got ${marketMs}.`);
    this.syncClock();
    this.clockMs += marketMs;
    while (this.marketMs < this.clockMs) this.advance(Math.min(this.clockMs, this.marketMs + STEP_SLICE_MINUTES * MINUTE_MS), false);
  }

  symbols(): string[] {
    return [...this.states.keys()];
  }

  /** Price of the last tick, or the last close before the forming minute's first tick; null if unknown. */
  lastPrice(symbol: string): number | null {
    return this.states.get(symbol)?.lastPrice ?? null;
  }

  /** Price at 00:00 UTC of the current market day (the close of the day's previous minute). */
  dayOpen(symbol: string): number | null {
    return this.states.get(symbol)?.dayOpen ?? null;
  }

  /** The minute being formed, if it has traded yet (for a chart's last, unstored bar). */
  formingBar(symbol: string): BarUpdate | undefined {
    const s = this.states.get(symbol);
    return s && s.next > 0 ? formingUpdate(s, false) : undefined;
  }

  onUpdate(listener: Listener<BarUpdate>): () => void {
    return subscribe(this.updateListeners, listener);
  }

  onTick(listener: Listener<SampleTick>): () => void {
    return subscribe(this.tickListeners, listener);
  }

  onJump(listener: Listener<SampleJump>): () => void {
    return subscribe(this.jumpListeners, listener);
  }

  /** Storage failures during timer-driven replay and exceptions thrown by listeners. */
  onError(listener: Listener<Error>): () => void {
    return subscribe(this.errorListeners, listener);
  }

  // --- clock -------------------------------------------------------------------------------

  private syncClock(): void {
    const wall = this.now();
    // A wall clock stepping backwards (NTP) must not rewind the market.
    if (this.timer && !this.paused) this.clockMs += Math.max(0, wall - this.lastWallMs) * this.speed;
    this.lastWallMs = wall;
  }

  private onTimer(): void {
    try {
      this.syncClock();
      if (this.marketMs < this.clockMs) this.advance(this.clockMs, true);
    } catch (err) {
      // A failing store would fail again on every fire: stop, and let the owner decide.
      this.stop();
      this.report(err);
    }
  }

  // --- replay ------------------------------------------------------------------------------

  /** One bounded slice of replay towards `targetMs`, then one write and the events. */
  private advance(targetMs: number, mayJump: boolean): void {
    if (this.processing) throw new Error('The sample feed cannot be advanced from inside one of its listeners.');
    this.processing = true;
    try {
      // Bars of a previous slice whose write failed go first, so the store never gets a hole.
      this.persist();
      const reachMs = Math.min(targetMs, this.marketMs + this.maxMinutesPerFire * MINUTE_MS);
      const reachMinuteSec = Math.floor(reachMs / MINUTE_MS) * 60;
      for (const state of this.states.values()) {
        if (mayJump && (reachMinuteSec - state.minuteSec) / 60 > this.liveCatchUpMinutes) this.jump(state, reachMinuteSec);
      }
      this.replayTicks(reachMs);
      this.marketMs = reachMs;
      this.persist();
    } finally {
      // Still "processing" while listeners run, so a listener cannot re-enter step().
      try {
        this.dispatch();
      } finally {
        this.processing = false;
      }
    }
  }

  /** Replays every due tick and minute close up to `reachMs`, in market-time order across symbols. */
  private replayTicks(reachMs: number): void {
    for (;;) {
      let due: SymbolState | undefined;
      let dueMs = Number.POSITIVE_INFINITY;
      for (const state of this.states.values()) {
        const at = nextEventMs(state);
        if (at < dueMs) {
          dueMs = at;
          due = state;
        }
      }
      if (!due || dueMs > reachMs) return;
      if (due.next < due.ticks.prices.length) this.applyTick(due);
      else this.closeMinute(due);
    }
  }

  private applyTick(s: SymbolState): void {
    const k = s.next++;
    const price = s.ticks.prices[k]!;
    const size = s.ticks.volumes[k]!;
    if (k === 0) {
      s.o = s.h = s.l = price;
      s.v = 0;
    } else {
      if (price > s.h) s.h = price;
      if (price < s.l) s.l = price;
    }
    // Same order and arithmetic as the generator's aggregation, so forming == stored bar.
    s.v += size;
    s.c = price;
    s.lastPrice = price;
    this.events.push({ kind: 'tick', tick: { symbol: s.symbol, price, size, t: s.minuteSec * 1000 + s.ticks.offsetsMs[k]! } });
    this.events.push({ kind: 'update', update: formingUpdate(s, false) });
  }

  private closeMinute(s: SymbolState): void {
    const bars = this.pendingFor(s.symbol);
    bars.t.push(s.minuteSec);
    bars.o.push(s.o);
    bars.h.push(s.h);
    bars.l.push(s.l);
    bars.c.push(s.c);
    bars.v.push(s.v);
    this.events.push({ kind: 'update', update: formingUpdate(s, true) });
    s.prevClose = s.c;
    this.beginMinute(s, s.minuteSec + 60);
  }

  /** Closes every minute before `toMinuteSec` in one generated batch. */
  private jump(s: SymbolState, toMinuteSec: number): void {
    const fromSec = s.minuteSec;
    const count = (toMinuteSec - fromSec) / 60;
    const bars = s.series.history(fromSec, count, s.prevClose);
    this.pendingBatches.push({ source: this.source, symbol: s.symbol, timeframe: '1m', bars });
    const last = count - 1;
    const dayStart = Math.floor(toMinuteSec / DAY_SEC) * DAY_SEC;
    const beforeDay = (dayStart - 60 - fromSec) / 60;
    if (beforeDay >= 0 && beforeDay <= last) s.dayOpen = bars.c[beforeDay]!;
    s.prevClose = bars.c[last]!;
    this.events.push({
      kind: 'update',
      update: { symbol: s.symbol, timeframe: '1m', t: bars.t[last]!, o: bars.o[last]!, h: bars.h[last]!, l: bars.l[last]!, c: bars.c[last]!, v: bars.v[last]!, closed: true },
    });
    this.events.push({ kind: 'jump', jump: { fromSec, toSec: toMinuteSec } });
    this.beginMinute(s, toMinuteSec);
  }

  private beginMinute(s: SymbolState, minuteSec: number): void {
    s.minuteSec = minuteSec;
    s.ticks = s.series.minuteTicks(minuteSec, s.prevClose);
    s.next = 0;
    s.o = s.h = s.l = s.c = s.prevClose;
    s.v = 0;
    s.lastPrice = s.prevClose;
    if (minuteSec % DAY_SEC === 0) s.dayOpen = s.prevClose;
  }

  // --- storage -----------------------------------------------------------------------------

  /** Generates and stores minutes [fromSec, toSec) in chunks; returns the last close. */
  private fill(series: SampleSeries, fromSec: number, toSec: number, prevClose: number | undefined): number {
    let close = prevClose;
    for (let t = fromSec; t < toSec; t += FILL_CHUNK_MINUTES * 60) {
      const count = Math.min(FILL_CHUNK_MINUTES, (toSec - t) / 60);
      const bars = series.history(t, count, close);
      this.store.upsertMany(this.source, series.profile.symbol, '1m', bars);
      close = bars.c[count - 1]!;
    }
    // With no history at all, the series starts from the profile's level at this minute.
    return close ?? referencePrice(series.profile, toSec);
  }

  /** Day open after a (re)start: the stored close just before 00:00 UTC, else the current close. */
  private storedDayOpen(s: SymbolState): number {
    const dayStart = Math.floor(s.minuteSec / DAY_SEC) * DAY_SEC;
    if (dayStart === s.minuteSec) return s.prevClose;
    const before = this.store.range({ source: this.source, symbol: s.symbol, timeframe: '1m', to: dayStart * 1000, limit: 1 });
    return before.c[0] ?? s.prevClose;
  }

  private pendingFor(symbol: string): PendingBars {
    let bars = this.pendingBars.get(symbol);
    if (!bars) {
      bars = { t: [], o: [], h: [], l: [], c: [], v: [] };
      this.pendingBars.set(symbol, bars);
    }
    return bars;
  }

  /** Writes every queued closed bar in one transaction; on failure they stay queued. */
  private persist(): void {
    for (const [symbol, bars] of this.pendingBars) {
      if (bars.t.length > 0) this.pendingBatches.push({ source: this.source, symbol, timeframe: '1m', bars });
    }
    this.pendingBars.clear();
    if (this.pendingBatches.length === 0) return;
    this.store.upsertBatches(this.pendingBatches);
    this.pendingBatches = [];
  }

  // --- events ------------------------------------------------------------------------------

  private dispatch(): void {
    const events = this.events;
    this.events = [];
    for (const event of events) {
      switch (event.kind) {
        case 'tick':
          this.emit(this.tickListeners, event.tick);
          break;
        case 'update':
          this.emit(this.updateListeners, event.update);
          break;
        case 'jump':
          this.emit(this.jumpListeners, event.jump);
          break;
      }
    }
  }

  private emit<T>(listeners: Set<Listener<T>>, value: T): void {
    for (const listener of listeners) {
      try {
        listener(value);
      } catch (err) {
        // One faulty subscriber must not stall the market for the others.
        this.report(err);
      }
    }
  }

  private report(err: unknown): void {
    const error = err instanceof Error ? err : new Error(String(err));
    if (this.errorListeners.size === 0) {
      // Nobody is listening: surface it as an uncaught error rather than lose it.
      queueMicrotask(() => {
        throw error;
      });
      return;
    }
    for (const listener of this.errorListeners) {
      try {
        listener(error);
      } catch {
        // An error handler that throws has nowhere left to report to.
      }
    }
  }

  private assertInitialized(): void {
    if (!this.initialized) throw new Error('Call SampleFeed.init() first.');
  }
}

function nextEventMs(s: SymbolState): number {
  return s.next < s.ticks.offsetsMs.length ? s.minuteSec * 1000 + s.ticks.offsetsMs[s.next]! : (s.minuteSec + 60) * 1000;
}

function formingUpdate(s: SymbolState, closed: boolean): BarUpdate {
  return { symbol: s.symbol, timeframe: '1m', t: s.minuteSec, o: s.o, h: s.h, l: s.l, c: s.c, v: s.v, closed };
}

function subscribe<T>(listeners: Set<Listener<T>>, listener: Listener<T>): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

function assertSpeed(speed: number): number {
  if (!(Number.isFinite(speed) && speed > 0)) throw new Error(`Replay speed must be a positive number, got ${speed}.`);
  return speed;
}
