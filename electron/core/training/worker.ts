/**
 * A training worker thread: gets the bars once (a SharedArrayBuffer in workerData, never
 * copied), loads the strategy, then evaluates the trials it is sent, one message each way
 * per trial. See pool.ts for how it is started (tsx in development, a bundled entry in the app).
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { barsOverBuffer } from './bars';
import type { BacktestConfig } from './config';
import type { Objective } from './objectives';
import { loadStrategy, type StrategySource } from './strategySource';
import { TrialEvaluator, type TrialOutcome, type TrialTask } from './trialRunner';

export interface WorkerInit {
  readonly buffer: SharedArrayBuffer;
  readonly length: number;
  readonly strategy: StrategySource;
  readonly config: BacktestConfig;
  readonly objective: Objective;
}

export type ToWorker = { readonly type: 'trial'; readonly id: number; readonly task: TrialTask };
export type FromWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'init-error'; readonly message: string }
  | { readonly type: 'result'; readonly id: number; readonly outcome: TrialOutcome };

async function start(port: MessagePort): Promise<void> {
  const init = workerData as WorkerInit;
  const bars = barsOverBuffer(init.buffer, init.length);
  const def = await loadStrategy(init.strategy);
  const evaluator = new TrialEvaluator(bars, def, init.config, init.objective);
  port.on('message', (msg: ToWorker) => {
    const outcome = evaluator.evaluate(msg.task);
    port.postMessage({ type: 'result', id: msg.id, outcome } satisfies FromWorker);
  });
  port.postMessage({ type: 'ready' } satisfies FromWorker);
}

// No top-level await: the bundled entry may be CommonJS (see pool.ts).
if (parentPort) {
  const port = parentPort;
  start(port).catch((err: unknown) => {
    port.postMessage({ type: 'init-error', message: err instanceof Error ? err.message : String(err) } satisfies FromWorker);
  });
}
