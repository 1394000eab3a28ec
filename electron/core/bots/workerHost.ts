/**
 * Strategies in worker threads. A small, fixed pool of threads hosts every bot's
 * evaluator (20 bots do not need 20 threads: an evaluation takes microseconds). Each
 * thread answers one request at a time, so the timeout of a request measures that
 * request alone, not the queue in front of it.
 *
 * On a timeout the thread is terminated: the request's bot errors (its strategy hung),
 * every other bot on the thread gets HostLost and re-opens on a fresh thread, warming up
 * again from stored bars. A thread that crashes is handled the same way, with no bot to blame.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../log/logger';
import { StrategyFault, type EvalItem, type EvalResult, type WireBar } from './evaluator';
import type { HostReply, HostRequest, WorkerInit } from './hostProtocol';
import { HostLost, type HostTimeouts, type SessionSpec, type StrategyHost, type StrategySession } from './strategyHost';

export interface WorkerEntry {
  url: URL;
  execArgv?: string[];
}

/**
 * The worker script, found as the training pool finds its own (training/pool.ts): when this
 * module runs as TypeScript (tsx, vitest) it is strategyWorker.ts under tsx's loader; when
 * it runs bundled, the bundle must carry a separate entry named `botWorker.js` next to the
 * main bundle. Null when that file is missing: the caller falls back to the InlineHost and
 * says so in the log.
 */
export function findWorkerEntry(): WorkerEntry | null {
  const here = import.meta.url;
  if (/\.(ts|mts)$/.test(new URL(here).pathname)) {
    try {
      const tsx = pathToFileURL(createRequire(here).resolve('tsx')).href;
      return { url: new URL('./strategyWorker.ts', here), execArgv: ['--import', tsx] };
    } catch {
      return null;
    }
  }
  const bundled = new URL('./botWorker.js', here);
  return bundled.protocol === 'file:' && existsSync(fileURLToPath(bundled)) ? { url: bundled } : null;
}

interface Pending {
  id: number;
  req: HostRequest;
  timeoutMs: number;
  /** The session that sent it: the one to blame if it times out. */
  session: string | null;
  resolve: (reply: HostReply) => void;
  reject: (err: Error) => void;
}

class WorkerSlot {
  readonly sessions = new Map<string, (reason: string) => void>();
  lastAnswerAt: number | null = null;
  dead = false;
  private readonly worker: Worker;
  private readonly queue: Pending[] = [];
  private busy: Pending | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private nextId = 1;

  constructor(
    entry: WorkerEntry,
    init: WorkerInit,
    private readonly onDeath: (slot: WorkerSlot) => void,
    private readonly log: Logger,
  ) {
    this.worker = new Worker(entry.url, { workerData: init, execArgv: entry.execArgv });
    this.worker.unref();
    this.worker.on('message', (reply: HostReply) => this.onReply(reply));
    this.worker.on('error', (err) => this.die(`The strategy thread crashed: ${err.message}`, null));
    this.worker.on('exit', (code) => {
      if (!this.dead) this.die(`The strategy thread exited (code ${code})`, null);
    });
  }

  request(req: HostRequest, timeoutMs: number, session: string | null): Promise<HostReply> {
    if (this.dead) return Promise.reject(new HostLost('The strategy thread was stopped'));
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, req, timeoutMs, session, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    if (this.busy || this.dead) return;
    const next = this.queue.shift();
    if (!next) return;
    this.busy = next;
    this.timer = setTimeout(() => this.onTimeout(next), next.timeoutMs);
    this.worker.postMessage({ id: next.id, req: next.req });
  }

  private onReply(reply: HostReply): void {
    const p = this.busy;
    if (!p || p.id !== reply.id) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.busy = null;
    this.lastAnswerAt = Date.now();
    p.resolve(reply);
    this.pump();
  }

  private onTimeout(p: Pending): void {
    if (this.busy !== p) return;
    const what = p.req.kind === 'eval' ? 'decide' : p.req.kind === 'warm' ? `warm up on ${p.req.symbol}` : p.req.kind;
    this.die(`Another bot's strategy hung and its thread was stopped`, {
      pending: p,
      error: new StrategyFault(`The strategy did not ${what} within ${p.timeoutMs} ms and was stopped (it may loop forever)`, null),
    });
  }

  /** Terminates the thread: the blamed request gets its error, everyone else HostLost. */
  die(reason: string, blame: { pending: Pending; error: Error } | null): void {
    if (this.dead) return;
    this.dead = true;
    if (this.timer) clearTimeout(this.timer);
    this.log.warn('strategy thread stopped', { reason: blame ? blame.error.message : reason });
    void this.worker.terminate();
    const lost = new HostLost(reason);
    const all = [...(this.busy ? [this.busy] : []), ...this.queue];
    this.busy = null;
    this.queue.length = 0;
    for (const p of all) p.reject(blame && p === blame.pending ? blame.error : lost);
    const blamed = blame?.pending.session ?? null;
    for (const [session, onLost] of this.sessions) if (session !== blamed) onLost(reason);
    this.sessions.clear();
    this.onDeath(this);
  }

  terminate(): Promise<number> {
    this.dead = true;
    for (const p of [...(this.busy ? [this.busy] : []), ...this.queue]) p.reject(new HostLost('The engine is shutting down'));
    this.queue.length = 0;
    this.busy = null;
    if (this.timer) clearTimeout(this.timer);
    return this.worker.terminate();
  }
}

export class WorkerHost implements StrategyHost {
  readonly kind = 'worker';
  private readonly slots: Array<WorkerSlot | null>;
  private nextSession = 1;
  private closed = false;

  constructor(
    private readonly entry: WorkerEntry,
    private readonly init: WorkerInit,
    size: number,
    private readonly timeouts: HostTimeouts,
    private readonly log: Logger,
  ) {
    this.slots = new Array<WorkerSlot | null>(Math.max(1, size)).fill(null);
  }

  async open(spec: SessionSpec, onLost: (reason: string) => void): Promise<StrategySession> {
    if (this.closed) throw new HostLost('The engine is shutting down');
    const slot = this.leastBusy();
    const session = `s${this.nextSession++}`;
    slot.sessions.set(session, onLost);
    const call = async (req: HostRequest, timeoutMs: number): Promise<EvalResult[] | undefined> => {
      const reply = await slot.request(req, timeoutMs, session);
      if (reply.ok) return reply.results;
      if (reply.fault === 'strategy') throw new StrategyFault(reply.message, reply.symbol);
      throw new Error(reply.message);
    };
    try {
      await call({ kind: 'open', session, strategyId: spec.strategyId, params: spec.params, symbols: spec.symbols }, this.timeouts.warmMs);
    } catch (err) {
      slot.sessions.delete(session);
      throw err;
    }
    return {
      warm: async (symbol: string, bars: WireBar[]) => {
        await call({ kind: 'warm', session, symbol, bars }, this.timeouts.warmMs);
      },
      evaluate: async (items: EvalItem[]) => (await call({ kind: 'eval', session, items }, this.timeouts.evalMs)) ?? [],
      lastAnswerAt: () => slot.lastAnswerAt,
      close: () => {
        if (!slot.sessions.delete(session) || slot.dead) return;
        slot.request({ kind: 'close', session }, this.timeouts.warmMs, null).catch(() => {});
      },
    };
  }

  async ping(): Promise<void> {
    await Promise.all(
      this.slots.map((slot) => (slot && !slot.dead && slot.sessions.size > 0 ? slot.request({ kind: 'ping' }, this.timeouts.evalMs, null).catch(() => {}) : undefined)),
    );
  }

  async close(): Promise<void> {
    this.closed = true;
    const slots = this.slots.filter((s): s is WorkerSlot => s !== null);
    this.slots.fill(null);
    await Promise.all(slots.map((s) => s.terminate()));
  }

  /** Threads start when first needed; a dead one is replaced by a fresh one. */
  private leastBusy(): WorkerSlot {
    let best = -1;
    for (let i = 0; i < this.slots.length; i++) {
      const s = this.slots[i];
      if (!s || s.dead) {
        this.slots[i] = new WorkerSlot(this.entry, this.init, (dead) => this.forget(dead), this.log);
        return this.slots[i]!;
      }
      if (best < 0 || s.sessions.size < this.slots[best]!.sessions.size) best = i;
    }
    return this.slots[best]!;
  }

  private forget(slot: WorkerSlot): void {
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots[i] = null;
  }
}
