/**
 * Where trials run. The optimizer only sees this interface: a pool of worker threads
 * (pool.ts), or the calling thread (InlineExecutor: no workers, for small runs and for
 * strategies that exist only in memory, such as those a test defines).
 */
import type { TrialEvaluator, TrialOutcome, TrialTask } from './trialRunner';

export interface TrialExecutor {
  /** How many trials it can work on at once (the optimizer keeps about twice this in flight). */
  readonly concurrency: number;
  run(task: TrialTask): Promise<TrialOutcome>;
  /** Stops everything; trials still queued resolve as errors ("stopped"). */
  close(): Promise<void>;
}

/** Runs trials one by one in this thread, yielding to the event loop between them so pause, cancel and progress still work. */
export class InlineExecutor implements TrialExecutor {
  readonly concurrency = 1;
  private closed = false;

  constructor(private readonly evaluator: TrialEvaluator) {}

  async run(task: TrialTask): Promise<TrialOutcome> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (this.closed) return { status: 'error', objective: null, reason: 'stopped', metrics: null, netProfit: null, elapsedMs: 0 };
    return this.evaluator.evaluate(task);
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
