/**
 * A pool of worker_threads running trials. The bars go to each worker once, as the one
 * SharedArrayBuffer behind their columns; after that a trial is a small message each way.
 * Each worker holds up to `prefetch` trials so it never waits on the main thread between two.
 * A worker that dies (a strategy that ends the thread, out of memory) fails the trial it was
 * running, as an error, and is replaced; the trials it held but had not started run elsewhere.
 *
 * How the worker starts: when this module runs as TypeScript (tsx in the CLI and the bench,
 * vitest in tests), the worker is worker.ts with tsx's loader (`--import <tsx>`): nothing to
 * build. When it runs bundled (electron-vite), the bundle must contain a separate entry for
 * worker.ts next to the main bundle, named `trainingWorker.js` (see defaultWorkerEntry), or
 * the caller passes `workerUrl` itself.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { contiguousBuffer, copyBars, type Bars } from './bars';
import type { BacktestConfig } from './config';
import type { TrialExecutor } from './executor';
import type { Objective } from './objectives';
import type { StrategySource } from './strategySource';
import type { TrialOutcome, TrialTask } from './trialRunner';
import type { FromWorker, ToWorker, WorkerInit } from './worker';

export interface WorkerEntry {
  readonly url: URL;
  readonly execArgv: readonly string[];
}

/**
 * worker.ts under tsx when we are TypeScript; the bundled `trainingWorker.js` beside us
 * otherwise. Null when the bundle has no such file (the optimizer then runs its trials in the
 * calling thread and says so in its report).
 */
export function defaultWorkerEntry(): WorkerEntry | null {
  const here = import.meta.url;
  if (/\.(ts|mts)$/.test(new URL(here).pathname)) {
    try {
      const tsx = pathToFileURL(createRequire(here).resolve('tsx')).href;
      return { url: new URL('./worker.ts', here), execArgv: ['--import', tsx] };
    } catch {
      return null;
    }
  }
  const bundled = new URL('./trainingWorker.js', here);
  return bundled.protocol === 'file:' && existsSync(fileURLToPath(bundled)) ? { url: bundled, execArgv: [] } : null;
}

export interface PoolOptions {
  readonly workers: number;
  readonly entry?: WorkerEntry;
  /** Trials held by each worker at once. Default 2. */
  readonly prefetch?: number;
}

interface Pending {
  readonly id: number;
  readonly task: TrialTask;
  readonly resolve: (o: TrialOutcome) => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  readonly inflight: Map<number, Pending>;
}

function failed(reason: string): TrialOutcome {
  return { status: 'error', objective: null, reason, metrics: null, netProfit: null, elapsedMs: 0 };
}

export class WorkerPool implements TrialExecutor {
  readonly concurrency: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 0;
  private closed = false;
  private readonly prefetch: number;
  private readonly entry: WorkerEntry;
  private readonly init: WorkerInit;

  private constructor(init: WorkerInit, options: PoolOptions, entry: WorkerEntry) {
    this.init = init;
    this.concurrency = options.workers;
    this.prefetch = options.prefetch ?? 2;
    this.entry = entry;
  }

  /** Starts `workers` threads and waits until each has loaded the strategy. */
  static async start(bars: Bars, strategy: StrategySource, config: BacktestConfig, objective: Objective, options: PoolOptions): Promise<WorkerPool> {
    if (!Number.isInteger(options.workers) || options.workers < 1) throw new Error(`workers must be a whole number >= 1, got ${options.workers}`);
    const entry = options.entry ?? defaultWorkerEntry();
    if (!entry) throw new Error('no training worker entry (trainingWorker.js) next to this bundle');
    let buffer = contiguousBuffer(bars);
    if (!(buffer instanceof SharedArrayBuffer)) buffer = contiguousBuffer(copyBars(bars, true));
    const pool = new WorkerPool({ buffer: buffer as SharedArrayBuffer, length: bars.length, strategy, config, objective }, options, entry);
    try {
      await Promise.all(Array.from({ length: options.workers }, () => pool.spawn()));
    } catch (err) {
      await pool.close();
      throw err;
    }
    return pool;
  }

  private spawn(): Promise<void> {
    return new Promise((resolve, reject) => {
      const worker = new Worker(this.entry.url, { workerData: this.init, execArgv: [...this.entry.execArgv] });
      const slot: Slot = { worker, ready: false, inflight: new Map() };
      this.slots.push(slot);
      const die = (why: string) => {
        const at = this.slots.indexOf(slot);
        if (at >= 0) this.slots.splice(at, 1);
        // A worker works through its trials in order: the first it held is the one that was
        // running; the others never started and go back to the front of the queue.
        const held = [...slot.inflight.values()];
        slot.inflight.clear();
        held[0]?.resolve(failed(`the worker stopped: ${why}`));
        this.queue.unshift(...held.slice(1));
        if (!slot.ready) {
          reject(new Error(`a training worker failed to start: ${why}`));
          return;
        }
        if (!this.closed) {
          this.spawn().catch(() => this.failQueue(`no worker could be restarted after: ${why}`));
        }
      };
      worker.on('message', (msg: FromWorker) => {
        if (msg.type === 'ready') {
          slot.ready = true;
          resolve();
          this.pump();
          return;
        }
        if (msg.type === 'init-error') {
          die(msg.message);
          void worker.terminate();
          return;
        }
        const pending = slot.inflight.get(msg.id);
        if (!pending) return;
        slot.inflight.delete(msg.id);
        pending.resolve(msg.outcome);
        this.pump();
      });
      worker.on('error', (err) => die(err.message));
      worker.on('exit', (code) => {
        if (this.slots.includes(slot)) die(`exit code ${code}`);
      });
    });
  }

  private failQueue(reason: string): void {
    if (this.slots.length > 0) return;
    for (const p of this.queue.splice(0)) p.resolve(failed(reason));
  }

  private pump(): void {
    for (const slot of this.slots) {
      while (slot.ready && slot.inflight.size < this.prefetch && this.queue.length > 0) {
        const p = this.queue.shift()!;
        slot.inflight.set(p.id, p);
        slot.worker.postMessage({ type: 'trial', id: p.id, task: p.task } satisfies ToWorker);
      }
    }
  }

  run(task: TrialTask): Promise<TrialOutcome> {
    if (this.closed) return Promise.resolve(failed('stopped'));
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, task, resolve });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const slots = this.slots.splice(0);
    for (const p of this.queue.splice(0)) p.resolve(failed('stopped'));
    for (const s of slots) for (const p of s.inflight.values()) p.resolve(failed('stopped'));
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }
}
