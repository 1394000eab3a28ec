/**
 * Where bots' strategies run. A runtime opens a session (one evaluator per bot) and sends it
 * history to warm up on, then one evaluation per closed bar.
 *
 * - WorkerHost (workerHost.ts): a small pool of worker threads. A strategy that hangs is
 *   stopped by a per-evaluation timeout (the thread is terminated); only that bot errors,
 *   the other bots on the thread are told their host was lost and re-open elsewhere.
 * - InlineHost (here): in the main thread, for builds without the worker entry and for
 *   measurements. It cannot interrupt a strategy that hangs: the time budget is checked
 *   after the evaluation returns, and an evaluation over budget errors the bot.
 */
import { resolveParams, type ParamValues } from '../strategies/api';
import { StrategyEvaluator, StrategyFault, type EvalItem, type EvalResult, type WireBar } from './evaluator';
import type { StrategyCatalog } from './strategyCatalog';

export interface SessionSpec {
  strategyId: string;
  params: ParamValues;
  symbols: string[];
}

export interface StrategySession {
  warm(symbol: string, bars: WireBar[]): Promise<void>;
  evaluate(items: EvalItem[]): Promise<EvalResult[]>;
  /** Wall-clock ms of the host's last answer: the bot's heartbeat. */
  lastAnswerAt(): number | null;
  close(): void;
}

export interface StrategyHost {
  readonly kind: 'worker' | 'inline';
  /** `onLost` is called when the session's thread died because of another bot; the runtime re-opens. */
  open(spec: SessionSpec, onLost: (reason: string) => void): Promise<StrategySession>;
  /** Asks every thread to answer (the heartbeat when no bars arrive). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** The session's thread was terminated because of another bot (or crashed): re-open and warm up again. */
export class HostLost extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'HostLost';
  }
}

export interface HostTimeouts {
  /** One evaluation (all the bot's symbols at one bar), ms. */
  evalMs: number;
  /** Opening a session or warming one symbol up, ms. */
  warmMs: number;
}

export class InlineHost implements StrategyHost {
  readonly kind = 'inline';

  constructor(
    private readonly catalog: StrategyCatalog,
    private readonly timeouts: HostTimeouts,
  ) {}

  open(spec: SessionSpec): Promise<StrategySession> {
    const def = this.catalog.get(spec.strategyId);
    if (!def) return Promise.reject(new Error(`Unknown strategy ${spec.strategyId}`));
    let evaluator: StrategyEvaluator;
    try {
      evaluator = new StrategyEvaluator(def, resolveParams(def, spec.params), spec.symbols);
    } catch (err) {
      return Promise.reject(err);
    }
    let answeredAt: number | null = Date.now();
    const budget = (started: number, limit: number, what: string) => {
      const took = performance.now() - started;
      answeredAt = Date.now();
      if (took > limit) {
        throw new StrategyFault(`The strategy took ${Math.round(took)} ms to ${what}, more than the ${limit} ms allowed`, null);
      }
    };
    return Promise.resolve({
      warm: async (symbol, bars) => {
        const started = performance.now();
        evaluator.warm(symbol, bars);
        budget(started, this.timeouts.warmMs, `warm up on ${symbol}`);
      },
      evaluate: async (items) => {
        const started = performance.now();
        const out = items.map((item) => evaluator.evaluate(item));
        budget(started, this.timeouts.evalMs, 'decide');
        return out;
      },
      lastAnswerAt: () => answeredAt,
      close: () => {},
    });
  }

  ping(): Promise<void> {
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
