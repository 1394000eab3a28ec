/**
 * Training: backtests and optimisation of the strategies in ../strategies, over bar columns.
 *
 *   loadBarsCsv / parseBarsCsv    CSV -> Bars (csv.ts)
 *   runBacktest                   one strategy instance over Bars, honest fills (backtester.ts, fills.ts)
 *   backtestReport                metrics (analytics' computeMetrics) and a rounded trade list (report.ts)
 *   startOptimization / resumeOptimization
 *                                 grid / random / TPE search, walk-forward, holdout, sensitivity,
 *                                 Monte Carlo, overfitting warnings; worker pool; pause, cancel,
 *                                 resume from SQLite (optimizer.ts, pool.ts, trialStore.ts)
 *
 * The CLIs over all this are cli/backtestCommand.ts and cli/optimizeCommand.ts
 * (`npm run backtest`, `npm run optimize`).
 */
export { allocateBars, barsFromArrays, copyBars, fingerprintBars, type Bars } from './bars';
export { createScratch, END_OF_DATA, runBacktest, STOP_LOSS_REASON, TAKE_PROFIT_REASON, type BacktestResult, type BacktestScratch, type BacktestWindow } from './backtester';
export { backtestConfig, DEFAULT_CASH, type BacktestConfig, type BacktestConfigInput, type Fees, type Protection, type Sizing, type SlippageModel } from './config';
export { CsvError, loadBarsCsv, parseBarsCsv } from './csv';
export { OBJECTIVE_METRICS, parseObjective, type Objective, type ObjectiveMetric } from './objectives';
export { rankTrials, resumeOptimization, startOptimization, type OptimizationHandle, type OptimizationReport, type OptimizeOptions, type OptimizeProgress, type OptimizeSpec } from './optimizer';
export { defaultWorkerEntry, type WorkerEntry } from './pool';
export { backtestMetrics, backtestReport, type BacktestReport, type TradeRow } from './report';
export { SAMPLER_METHODS, type SamplerMethod } from './samplers';
export { MemoryTrialStore, SqliteTrialStore, type RunRecord, type RunStatus, type TrialRecord, type TrialStore } from './trialStore';
export { splitHoldout, walkForwardFolds, type BarRange, type WalkForwardFold, type WalkForwardMode, type WalkForwardSpec } from './walkForward';
