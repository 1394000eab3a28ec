/**
 * Background history downloads: jobs of symbols x date range, fetched as 1-minute bars in
 * chunks of one venue page, several chunks in parallel, every request through the venue's
 * one shared rate limiter (backfill waits behind live requests there).
 *
 * Guarantees:
 * - A chunk is written in one transaction after all its pages arrived and passed the
 *   checks; a malformed or out-of-order page fails the job with the venue's words and
 *   writes nothing of that chunk. What earlier chunks stored stays.
 * - Each symbol's cursor moves over contiguous written chunks and is saved with them, so
 *   a job that was running when the process died resumes at the next start, where each
 *   symbol stopped; chunks written past the cursor are fetched again and upserted onto the
 *   same rows (the bars' primary key makes a duplicate impossible).
 * - After the fetch, gaps (session-aware expected minutes with no bar) are fetched once
 *   more; minutes still empty are marked as checked, so they are not asked for forever.
 *   gapsFound counts runs of missing minutes; gapsRepaired those the second fetch filled.
 * - Progress (bars/s, ETA) is pushed at most every `progressIntervalMs` per job, and at
 *   once on every status change.
 *
 * A range reaching into the future is clamped to the current minute (the job's `to` shows
 * the clamped end); a range starting in the future is refused.
 */
import { randomBytes } from 'node:crypto';
import type { BackfillJob } from '../../../shared/contract/marketdata';
import { ApiError, conflict, notFound } from '../api/errors';
import type { Logger } from '../log/logger';
import type { MarketCalendar } from '../risk/marketCalendar';
import { InvalidBarsError, type BarStore } from './barStore';
import type { BackfillRepo, JobRecord, JobStatus, SymbolRecord } from './backfillRepo';
import { DEFAULT_RETRY, fetchRange, type RetryPolicy } from './fetchRange';
import { findGaps, stillMissing, type EmptyRanges, type Gap } from './gaps';
import type { VenueRateLimiter } from './rateLimiter';
import { NyDayIndex, sessionRuleFor, type SessionMode, type SessionRule } from './sessions';
import { MarketDataError, type MarketDataSource } from './source';

export interface BackfillOptions {
  repo: BackfillRepo;
  store: BarStore;
  empty: EmptyRanges;
  /** The source of a job, or null when it is gone (connection deleted, key missing). */
  source: (id: string) => Promise<MarketDataSource | null>;
  limiter: (source: MarketDataSource) => VenueRateLimiter;
  calendar: MarketCalendar;
  onProgress: (job: BackfillJob) => void;
  log: Logger;
  now?: () => number;
  /** Chunks of one job fetched at the same time (default 4); the venue's limiter still paces them. */
  concurrency?: number;
  /** Least time between two progress events of a job (default 250 ms: four a second). */
  progressIntervalMs?: number;
  retry?: RetryPolicy;
  /** Minutes younger than this are never marked empty: the venue may still publish them (default 1 h). */
  settleMs?: number;
  /** Chunk size in minutes; default: the source's page size. */
  chunkMinutes?: number;
  newId?: () => string;
}

export interface StartBackfill {
  source: string;
  symbols: readonly string[];
  from: number;
  to: number;
  session: SessionMode;
}

interface Chunk {
  from: number;
  to: number;
  done: boolean;
  /** Session bars it brought, once written. */
  bars: number;
}

interface SymbolRun {
  rec: SymbolRecord;
  rule: SessionRule;
  chunks: Chunk[];
  /** Index of the first chunk not yet behind the saved cursor. */
  next: number;
  /** Bars of written chunks, the ones past the cursor included, and of gap repair. */
  barsDone: number;
  remaining: number;
}

type StopReason = 'cancel' | 'close' | 'failure';

class JobRun {
  readonly abort = new AbortController();
  stopReason: StopReason | null = null;
  failure: string | null = null;
  symbols: SymbolRun[] = [];
  done: Promise<void> = Promise.resolve();
  readonly meter: RateMeter;
  lastEmitAt = 0;
  emitTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    public job: JobRecord,
    now: () => number,
  ) {
    this.meter = new RateMeter(now);
  }

  stop(reason: StopReason, failure?: string): void {
    if (this.stopReason) return;
    this.stopReason = reason;
    if (failure) this.failure = failure;
    this.abort.abort();
  }
}

const MINUTE_MS = 60_000;
const DEFAULT_SETTLE_MS = 3_600_000;
const ACTIVE: ReadonlySet<JobStatus> = new Set(['queued', 'running']);

export class BackfillService {
  private readonly runs = new Map<string, JobRun>();
  private readonly now: () => number;
  private readonly newId: () => string;
  private closed = false;

  constructor(private readonly o: BackfillOptions) {
    this.now = o.now ?? Date.now;
    this.newId = o.newId ?? (() => `bf-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`);
  }

  async start(req: StartBackfill): Promise<BackfillJob> {
    const source = await this.o.source(req.source).catch((err: unknown) => {
      throw new ApiError('UNAVAILABLE', `The market data source could not be opened: ${err instanceof Error ? err.message : String(err)}`);
    });
    if (!source) throw notFound(`There is no market data source "${req.source}"; connect the account first`);
    const nowMinute = Math.floor(this.now() / MINUTE_MS) * MINUTE_MS;
    const from = Math.floor(req.from / MINUTE_MS) * MINUTE_MS;
    let to = Math.ceil(req.to / MINUTE_MS) * MINUTE_MS;
    if (!(from < to)) throw new ApiError('BAD_REQUEST', 'The start must be before the end', { from: 'The start must be before the end' });
    if (from >= nowMinute) throw new ApiError('BAD_REQUEST', 'The range starts in the future: there is no history there yet', { from: 'The start is in the future' });
    if (to > nowMinute) {
      // Up to now is what the user can have; the job's `to` shows the clamped end.
      this.o.log.info('backfill: end clamped to the current minute', { source: req.source, asked: req.to, clamped: nowMinute });
      to = nowMinute;
    }
    const symbols = [...new Set(req.symbols)];
    const rules = await this.rulesOf(source, symbols, req.session);
    let expected = 0;
    for (const rule of rules.values()) expected += expectedMinutes(rule, from, to);
    const at = this.now();
    const job: JobRecord = {
      id: this.newId(),
      source: req.source,
      fromMs: from,
      toMs: to,
      session: req.session,
      status: 'running',
      barsExpected: expected,
      error: null,
      createdAt: at,
      updatedAt: at,
    };
    this.o.repo.create(job, symbols);
    this.o.log.info('backfill started', { id: job.id, source: job.source, symbols: symbols.length, from, to });
    this.launch(job);
    return this.snapshot(job.id);
  }

  /** Stops a job; what it stored stays, and it can be resumed. */
  async cancel(id: string): Promise<BackfillJob> {
    const job = this.require(id);
    if (job.status === 'done') throw conflict('This backfill has already finished');
    if (job.status === 'canceled') return this.snapshot(id);
    const run = this.runs.get(id);
    this.setStatus(id, 'canceled', null);
    if (run) {
      run.stop('cancel');
      await run.done;
    }
    const snapshot = this.snapshot(id);
    this.o.onProgress(snapshot);
    return snapshot;
  }

  /** Picks a paused, cancelled or failed job up where each symbol stopped. */
  resume(id: string): BackfillJob {
    const job = this.require(id);
    if (job.status === 'done') throw conflict('This backfill has already finished; start a new one to fetch more');
    if (!this.runs.has(id)) {
      this.setStatus(id, 'running', null);
      this.launch(this.require(id));
    }
    return this.snapshot(id);
  }

  list(): BackfillJob[] {
    return this.o.repo.list().map((job) => this.snapshotOf(job));
  }

  get(id: string): BackfillJob {
    return this.snapshot(id);
  }

  /** At startup: jobs that were running when the process stopped carry on. */
  resumeInterrupted(): void {
    for (const status of ['running', 'queued'] as const) {
      for (const job of this.o.repo.withStatus(status)) {
        this.o.log.info('backfill resumed after a restart', { id: job.id });
        this.launch(job);
      }
    }
  }

  /** Stops every run without touching its status: running jobs resume at the next start. */
  async close(): Promise<void> {
    this.closed = true;
    const runs = [...this.runs.values()];
    for (const run of runs) run.stop('close');
    await Promise.all(runs.map((r) => r.done));
  }

  /** Resolves when a job's current run has ended (tests). */
  async settled(id: string): Promise<BackfillJob> {
    await this.runs.get(id)?.done;
    return this.snapshot(id);
  }

  // ---- running -----------------------------------------------------------------------

  private launch(job: JobRecord): void {
    if (this.closed || this.runs.has(job.id)) return;
    // Throughput is measured on the wall clock, whatever clock the data runs on.
    const run = new JobRun(job, Date.now);
    this.runs.set(job.id, run);
    run.done = this.execute(run)
      .catch((err: unknown) => {
        this.o.log.error('backfill failed unexpectedly', { id: job.id, error: err });
        run.stop('failure', 'The backfill stopped on an unexpected error; details are in the log');
      })
      .finally(() => this.finish(run));
  }

  private async execute(run: JobRun): Promise<void> {
    const job = run.job;
    const source = await this.o.source(job.source).catch(() => null);
    if (!source) {
      this.setStatus(job.id, 'paused', `The market data source "${job.source}" is not available; reconnect the account and resume`);
      return;
    }
    const limiter = this.o.limiter(source);
    const records = this.o.repo.symbols(job.id);
    let rules: Map<string, SessionRule>;
    try {
      rules = await this.rulesOf(source, records.map((r) => r.symbol), job.session);
    } catch (err) {
      run.stop('failure', err instanceof Error ? err.message : String(err));
      return;
    }
    const chunkMs = (this.o.chunkMinutes ?? source.maxBarsPerPage) * MINUTE_MS;
    run.symbols = records.map((rec) => {
      const chunks: Chunk[] = [];
      if (rec.phase === 'fetch') {
        for (let a = rec.cursorMs; a < job.toMs; a += chunkMs) chunks.push({ from: a, to: Math.min(job.toMs, a + chunkMs), done: false, bars: 0 });
      }
      return { rec, rule: rules.get(rec.symbol)!, chunks, next: 0, barsDone: rec.barsDone, remaining: chunks.length };
    });
    this.emit(run, true);

    const tasks: Array<() => Promise<void>> = [];
    for (const s of run.symbols) {
      if (s.rec.phase === 'done') continue;
      if (s.chunks.length === 0) tasks.push(() => this.repair(run, source, limiter, s));
      else s.chunks.forEach((chunk) => tasks.push(() => this.fetchChunk(run, source, limiter, s, chunk)));
    }
    const worker = async () => {
      for (let task = tasks.shift(); task && !run.stopReason; task = tasks.shift()) {
        try {
          await task();
        } catch (err) {
          if (run.stopReason) return;
          run.stop('failure', failureMessage(err, source, job));
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, this.o.concurrency ?? 4) }, worker));
  }

  private async fetchChunk(run: JobRun, source: MarketDataSource, limiter: VenueRateLimiter, s: SymbolRun, chunk: Chunk): Promise<void> {
    const bars = await fetchRange(source, limiter, s.rec.symbol, chunk.from, chunk.to, {
      priority: 'backfill',
      signal: run.abort.signal,
      retry: this.o.retry ?? DEFAULT_RETRY,
    });
    if (run.stopReason) return;
    this.write(source, run.job, s.rec.symbol, bars);
    chunk.done = true;
    chunk.bars = countInSession(s.rule, bars.t);
    s.remaining--;
    s.barsDone += chunk.bars;
    run.meter.add(chunk.bars);
    // The saved cursor (and the bar count saved with it) moves only over a contiguous run
    // of written chunks: after a crash, everything before it is known to be stored.
    let advanced = false;
    while (s.next < s.chunks.length && s.chunks[s.next]!.done) {
      const written = s.chunks[s.next]!;
      s.rec.cursorMs = written.to;
      s.rec.barsDone += written.bars;
      s.next++;
      advanced = true;
    }
    if (advanced) this.o.repo.saveSymbol(s.rec);
    this.emit(run);
    if (s.remaining === 0) await this.repair(run, source, limiter, s);
  }

  /** Finds the symbol's gaps, asks for them once more, marks what is still empty as checked. */
  private async repair(run: JobRun, source: MarketDataSource, limiter: VenueRateLimiter, s: SymbolRun): Promise<void> {
    const job = run.job;
    const reentered = s.rec.phase === 'repair';
    s.rec.phase = 'repair';
    s.rec.cursorMs = job.toMs;
    const gaps = findGaps({ store: this.o.store, empty: this.o.empty, source: job.source, symbol: s.rec.symbol, rule: s.rule, fromSec: job.fromMs / 1000, toSec: job.toMs / 1000 });
    // After a restart in this phase the gaps were counted already.
    if (!reentered) s.rec.gapsFound += gaps.length;
    this.o.repo.saveSymbol(s.rec);
    this.emit(run);
    for (const window of fetchWindows(gaps, source.maxBarsPerPage)) {
      if (run.stopReason) return;
      const bars = await fetchRange(source, limiter, s.rec.symbol, window.fromSec * 1000, window.toSec * 1000, {
        priority: 'backfill',
        signal: run.abort.signal,
        retry: this.o.retry ?? DEFAULT_RETRY,
      });
      if (run.stopReason) return;
      const before = this.o.store.count(job.source, s.rec.symbol, '1m', window.fromSec * 1000, window.toSec * 1000);
      this.write(source, job, s.rec.symbol, bars);
      const added = this.o.store.count(job.source, s.rec.symbol, '1m', window.fromSec * 1000, window.toSec * 1000) - before;
      s.barsDone += added;
      run.meter.add(added);
    }
    if (run.stopReason) return;
    const missing = stillMissing(this.o.store, job.source, s.rec.symbol, gaps);
    const filled = gaps.filter((g) => !missing.some(([a, b]) => a === g.fromSec && b === g.toSec)).length;
    // Minutes the venue has had time to publish and still has no bar for: nobody traded.
    const settledBefore = Math.floor((this.now() - (this.o.settleMs ?? DEFAULT_SETTLE_MS)) / MINUTE_MS) * 60;
    const checked = missing.map(([a, b]): [number, number] => [a, Math.min(b, settledBefore)]).filter(([a, b]) => b > a);
    this.o.empty.add(job.source, s.rec.symbol, checked, this.now());
    s.rec.gapsRepaired += filled;
    s.rec.phase = 'done';
    s.rec.barsDone = s.barsDone;
    this.o.repo.saveSymbol(s.rec);
    this.emit(run);
  }

  private write(source: MarketDataSource, job: JobRecord, symbol: string, bars: Parameters<BarStore['upsertMany']>[3]): void {
    try {
      this.o.store.upsertMany(job.source, symbol, '1m', bars);
    } catch (err) {
      if (err instanceof InvalidBarsError) {
        throw new MarketDataError('malformed', `${source.info().name} sent bars for ${symbol} that cannot be stored: ${err.message}`);
      }
      throw err;
    }
  }

  private finish(run: JobRun): void {
    if (run.emitTimer) clearTimeout(run.emitTimer);
    this.runs.delete(run.job.id);
    const current = this.o.repo.get(run.job.id);
    if (!current) return;
    if (run.stopReason === 'close') return; // stays running: resumes at the next start
    if (run.stopReason === 'cancel') return; // cancel() already recorded it
    if (run.stopReason === 'failure') {
      this.setStatus(run.job.id, 'failed', run.failure);
      this.o.log.warn('backfill failed', { id: run.job.id, reason: run.failure });
    } else if (ACTIVE.has(current.status)) {
      const allDone = this.o.repo.symbols(run.job.id).every((s) => s.phase === 'done');
      if (allDone) this.setStatus(run.job.id, 'done', null);
    }
    this.o.onProgress(this.snapshot(run.job.id));
  }

  // ---- progress ----------------------------------------------------------------------

  private emit(run: JobRun, force = false): void {
    const now = Date.now();
    const interval = this.o.progressIntervalMs ?? 250;
    const send = () => {
      run.emitTimer = undefined;
      run.lastEmitAt = Date.now();
      if (this.runs.get(run.job.id) !== run) return;
      this.o.onProgress(this.snapshot(run.job.id));
    };
    if (force || now - run.lastEmitAt >= interval) {
      if (run.emitTimer) clearTimeout(run.emitTimer);
      send();
      return;
    }
    // One trailing event carries whatever happened within the interval.
    if (!run.emitTimer) {
      run.emitTimer = setTimeout(send, interval - (now - run.lastEmitAt));
      run.emitTimer.unref?.();
    }
  }

  private snapshot(id: string): BackfillJob {
    return this.snapshotOf(this.require(id));
  }

  private snapshotOf(job: JobRecord): BackfillJob {
    const symbols = this.o.repo.symbols(job.id);
    const run = this.runs.get(job.id);
    const live = new Map(run?.symbols.map((s) => [s.rec.symbol, s]) ?? []);
    let barsDone = 0;
    let gapsFound = 0;
    let gapsRepaired = 0;
    for (const s of symbols) {
      const r = live.get(s.symbol);
      barsDone += r ? r.barsDone : s.barsDone;
      gapsFound += r ? r.rec.gapsFound : s.gapsFound;
      gapsRepaired += r ? r.rec.gapsRepaired : s.gapsRepaired;
    }
    const barsPerSec = run && ACTIVE.has(job.status) ? run.meter.perSecond() : 0;
    const remaining = job.barsExpected === null ? null : Math.max(0, job.barsExpected - barsDone);
    const etaSec = job.status === 'done' ? 0 : remaining !== null && barsPerSec > 0 ? Math.round(remaining / barsPerSec) : null;
    return {
      id: job.id,
      source: job.source,
      symbols: symbols.map((s) => s.symbol),
      from: job.fromMs,
      to: job.toMs,
      status: job.status,
      barsDone,
      barsExpected: job.barsExpected,
      barsPerSec: Math.round(barsPerSec * 10) / 10,
      etaSec,
      gapsFound,
      gapsRepaired,
      error: job.error,
      createdAt: job.createdAt,
      updatedAt: job.updatedAt,
    };
  }

  // ---- helpers -----------------------------------------------------------------------

  /** The session rule of each symbol; refuses unknown symbols, all named in one message. */
  private async rulesOf(source: MarketDataSource, symbols: readonly string[], session: SessionMode): Promise<Map<string, SessionRule>> {
    const rules = new Map<string, SessionRule>();
    const unknown: string[] = [];
    for (const symbol of symbols) {
      let market;
      try {
        market = await source.marketOf(symbol);
      } catch (err) {
        const why = err instanceof Error ? err.message : String(err);
        throw new ApiError('UNAVAILABLE', `Could not look up ${symbol} at ${source.info().name}: ${why}`);
      }
      if (market === null) unknown.push(symbol);
      else rules.set(symbol, sessionRuleFor(market, session, this.o.calendar, source.aroundTheClock));
    }
    if (unknown.length) {
      const list = unknown.slice(0, 10).join(', ') + (unknown.length > 10 ? ` and ${unknown.length - 10} more` : '');
      throw notFound(`${source.info().name} has no ${unknown.length === 1 ? 'symbol' : 'symbols'} ${list}`);
    }
    return rules;
  }

  private setStatus(id: string, status: JobStatus, error: string | null): void {
    this.o.repo.setStatus(id, status, error, this.now());
    const run = this.runs.get(id);
    const job = this.o.repo.get(id);
    if (run && job) run.job = job;
  }

  private require(id: string): JobRecord {
    const job = this.o.repo.get(id);
    if (!job) throw notFound('There is no backfill with that id');
    return job;
  }
}

/** Bars per second over the last few seconds. */
class RateMeter {
  private readonly samples: Array<[at: number, bars: number]> = [];
  private readonly startedAt: number;

  constructor(private readonly now: () => number) {
    this.startedAt = now();
  }

  add(bars: number): void {
    this.samples.push([this.now(), bars]);
    this.trim();
  }

  perSecond(): number {
    this.trim();
    const now = this.now();
    const since = Math.max(this.startedAt, now - RateMeter.WINDOW_MS);
    const seconds = Math.max(1, now - since) / 1000;
    let bars = 0;
    for (const [, n] of this.samples) bars += n;
    return bars / seconds;
  }

  private trim(): void {
    const cut = this.now() - RateMeter.WINDOW_MS;
    while (this.samples.length && this.samples[0]![0] < cut) this.samples.shift();
  }

  static readonly WINDOW_MS = 5_000;
}

function expectedMinutes(rule: SessionRule, fromMs: number, toMs: number): number {
  if (rule.kind === 'always') return Math.floor((toMs - fromMs) / MINUTE_MS);
  let n = 0;
  const days = new NyDayIndex(rule.calendar, rule.session);
  for (let t = fromMs / 1000; t < toMs / 1000; ) {
    const d = days.dayOf(t);
    const a = Math.max(t, d.windowStart);
    const b = Math.min(toMs / 1000, d.windowEnd);
    if (b > a) n += Math.floor((b - a) / 60);
    t = d.endSec;
  }
  return n;
}

/** Minutes of `times` (ascending, epoch s) that the rule expects: what progress counts. */
function countInSession(rule: SessionRule, times: ArrayLike<number>): number {
  if (rule.kind === 'always') return times.length;
  const days = new NyDayIndex(rule.calendar, rule.session);
  let n = 0;
  for (let i = 0; i < times.length; i++) {
    const t = times[i]!;
    const d = days.dayOf(t);
    if (t >= d.windowStart && t < d.windowEnd) n++;
  }
  return n;
}

/** Gaps grouped into request windows of at most one page of minutes: a thousand one-minute gaps are not a thousand requests. */
function fetchWindows(gaps: readonly Gap[], pageMinutes: number): Array<{ fromSec: number; toSec: number }> {
  const out: Array<{ fromSec: number; toSec: number }> = [];
  const span = pageMinutes * 60;
  for (const g of gaps) {
    const last = out[out.length - 1];
    if (last && g.toSec - last.fromSec <= span) last.toSec = g.toSec;
    else {
      // A gap longer than a page is still one window: fetchRange follows its pages.
      out.push({ fromSec: g.fromSec, toSec: g.toSec });
    }
  }
  return out;
}

function failureMessage(err: unknown, source: MarketDataSource, job: JobRecord): string {
  if (err instanceof MarketDataError || err instanceof ApiError) {
    const said = err.message.replace(/[.\s]+$/, '');
    const then = err instanceof MarketDataError && err.kind === 'malformed' ? 'Nothing of that chunk was written; resume to try again.' : 'Resume to try again.';
    return `${said}. ${then}`;
  }
  return `Fetching history from ${source.info().name} failed (${job.id}): ${err instanceof Error ? err.message : String(err)}`;
}
