/**
 * One optimizer trial: a backtest of one param set over one window, its metrics and its
 * objective. The same code runs inside workers and in the calling thread (workers: 0), and
 * reuses one scratch buffer (revealed view, equity curve) for every trial on the same bars.
 */
import type { Metrics } from '../../../shared/contract/portfolio';
import type { StrategyDefinition } from '../strategies/api';
import { createScratch, runBacktest, type BacktestScratch } from './backtester';
import type { Bars } from './bars';
import type { BacktestConfig } from './config';
import { evaluateObjective, type Objective } from './objectives';
import type { ParamSet } from './paramSpace';
import { barTimesMs, round10 } from './report';
import { trialMetrics } from './trialMetrics';
import type { TrialStatus } from './trialStore';
import type { BarRange } from './walkForward';

export interface TrialTask {
  readonly params: ParamSet;
  readonly window: BarRange;
}

export interface TrialOutcome {
  readonly status: Exclude<TrialStatus, 'invalid'>;
  readonly objective: number | null;
  readonly reason: string | null;
  readonly metrics: Metrics | null;
  readonly netProfit: number | null;
  readonly elapsedMs: number;
}

export class TrialEvaluator {
  private readonly scratch: BacktestScratch;
  private readonly timesMs: Float64Array;

  constructor(
    private readonly bars: Bars,
    private readonly def: StrategyDefinition,
    private readonly cfg: BacktestConfig,
    private readonly objective: Objective,
  ) {
    this.scratch = createScratch(bars);
    this.timesMs = barTimesMs(bars);
  }

  /** Never throws: a failing strategy is an outcome with status 'error'. */
  evaluate(task: TrialTask): TrialOutcome {
    const started = performance.now();
    try {
      const instance = this.def.create(task.params);
      const result = runBacktest(this.bars, instance, this.cfg, { from: task.window.from, to: task.window.to, feedFrom: 0 }, this.scratch);
      const metrics = trialMetrics(result, this.timesMs);
      const netProfit = round10(result.finalEquity - result.initialCash);
      const elapsedMs = performance.now() - started;
      if (result.pruned) {
        const reason = `pruned: equity fell ${(result.pruned.drawdown * 100).toFixed(1)}% below its peak at bar ${result.pruned.bar}`;
        return { status: 'pruned', objective: null, reason, metrics, netProfit, elapsedMs };
      }
      const { value, reason } = evaluateObjective(this.objective, metrics, netProfit);
      return { status: value === null ? 'undefined' : 'ok', objective: value === null ? null : round10(value), reason, metrics, netProfit, elapsedMs };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      return { status: 'error', objective: null, reason: message, metrics: null, netProfit: null, elapsedMs: performance.now() - started };
    }
  }
}
