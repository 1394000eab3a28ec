/**
 * `npm run --silent optimize -- --csv FILE --strategy ID --range fast=5:50:5 --range slow=20:200:10
 *    --objective sharpe --method grid|random|tpe --trials N --seed S --workers W [--json]`
 *
 * With --db FILE the run and its trials are stored as they finish (SQLite, migration 0006):
 * Ctrl-C (or a crash) leaves a run that `--resume RUN_ID --db FILE --csv FILE` completes,
 * running only the trials that had not reached the store.
 */
import { availableParallelism } from 'node:os';
import { openDatabase } from '../../store/database';
import { loadBarsCsv } from '../csv';
import { resumeOptimization, startOptimization, type OptimizationHandle, type OptimizeProgress, type OptimizeSpec } from '../optimizer';
import { splitRangeArg } from '../paramSpace';
import { SAMPLER_METHODS, type SamplerMethod } from '../samplers';
import { SqliteTrialStore, type TrialStore } from '../trialStore';
import type { WalkForwardMode } from '../walkForward';
import { backtestConfigFromFlags, backtestFlagOptions, BACKTEST_FLAGS_HELP, keyValues, numberFlag, parseFlags, processIo, runCommand, UsageError, windowFromFlags, type Io } from './args';
import { optimizeText } from './format';
import { barsOverBuffer, allocateBars, type Bars } from '../bars';

export const OPTIMIZE_HELP = `Usage: npm run --silent optimize -- --csv FILE --strategy ID --range name=min:max[:step] ... [options] [--json]

Search:
  --range name=min:max[:step] | name=a,b,c    a parameter to vary (repeat)
  --param name=value      a parameter held fixed (repeat)
  --objective O           sharpe (default) | sortino | calmar | profit_factor | net_profit | total_return,
                          or a weighted sum like sharpe:0.7,calmar:0.3
  --min-trades N          trials with fewer trades have no objective (default 1)
  --method M              grid (default) | random | tpe
  --trials N              trials per search for random and tpe (default 100)
  --seed S                seed of the samplers and Monte Carlo (default 1)
  --batch N               TPE proposals per batch (default 8)
  --workers W             worker threads (default: one per CPU; the main thread mostly waits); 0 runs in this thread
  --prune-drawdown P      stop a trial once its equity is P% below its peak
Validation:
  --holdout F             keep the last fraction F (e.g. 0.2) of the bars out of the search; test the best on it
  --walk-forward N        N walk-forward folds (each searched with the same budget)
  --wf-mode M             rolling (default) | anchored
  --wf-train-ratio R      train length / test length (default 3)
  --heatmap a,b | none    params of the sensitivity heatmap (default: the first two numeric ranges)
  --heatmap-radius N      grid steps either side of the best (default 3)
  --monte-carlo N         resamples of the best's trades (default 1000; 0: none)
Store and output:
  --db FILE               keep the run and its trials in this SQLite database (resumable)
  --resume RUN_ID         finish a stored run (needs --db and the same --csv, --from, --to)
  --run-id ID             name the run (default: a random UUID)
  --strategies-module F   a module exporting getStrategy(id) or strategies
  --top N                 leaderboard rows (default 20)
  --progress              progress lines on stderr (at most 2 a second)
  --json                  one JSON object on stdout
${BACKTEST_FLAGS_HELP}
`;

function restrict(bars: Bars, from: number, to: number): Bars {
  if (from === 0 && to === bars.length) return bars;
  // The optimizer works on the window as its whole data set (walk-forward and holdout split it).
  const out = allocateBars(to - from, true);
  for (const k of ['t', 'o', 'h', 'l', 'c', 'v'] as const) out[k].set(bars[k].subarray(from, to));
  return barsOverBuffer(out.t.buffer, to - from);
}

function progressLine(p: OptimizeProgress): string {
  const eta = p.etaMs === null ? '?' : `${Math.round(p.etaMs / 1000)}s`;
  const best = p.best ? ` best ${p.best.objective}` : '';
  return `[${p.phase}] ${p.done}/${p.total} trials, ${p.trialsPerSec}/s, eta ${eta}${best}${p.paused ? ' (paused)' : ''}\n`;
}

export async function optimizeCommand(argv: readonly string[], io: Io = processIo, signals: NodeJS.Process | null = process): Promise<number> {
  return runCommand('optimize', io, async () => {
    const v = parseFlags(argv, {
      csv: { type: 'string' },
      strategy: { type: 'string' },
      'strategies-module': { type: 'string' },
      range: { type: 'string', multiple: true },
      param: { type: 'string', multiple: true },
      objective: { type: 'string' },
      'min-trades': { type: 'string' },
      method: { type: 'string' },
      trials: { type: 'string' },
      seed: { type: 'string' },
      batch: { type: 'string' },
      workers: { type: 'string' },
      'prune-drawdown': { type: 'string' },
      holdout: { type: 'string' },
      'walk-forward': { type: 'string' },
      'wf-mode': { type: 'string' },
      'wf-train-ratio': { type: 'string' },
      heatmap: { type: 'string' },
      'heatmap-radius': { type: 'string' },
      'monte-carlo': { type: 'string' },
      db: { type: 'string' },
      resume: { type: 'string' },
      'run-id': { type: 'string' },
      top: { type: 'string' },
      progress: { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean' },
      ...backtestFlagOptions,
    });
    if (v.help) {
      io.stdout(OPTIMIZE_HELP);
      return 0;
    }
    if (!v.csv) throw new UsageError('--csv FILE is required');
    const workers = numberFlag('workers', v.workers, { min: 0, integer: true }) ?? availableParallelism();
    if (v.resume && !v.db) throw new UsageError('--resume needs the --db the run was stored in');

    let spec: OptimizeSpec | null = null;
    if (!v.resume) {
      if (!v.strategy) throw new UsageError('--strategy ID is required');
      const method = (v.method ?? 'grid') as SamplerMethod;
      if (!SAMPLER_METHODS.includes(method)) throw new UsageError(`--method is ${SAMPLER_METHODS.join(', ')}; got "${v.method}"`);
      const wfMode = (v['wf-mode'] ?? 'rolling') as WalkForwardMode;
      if (wfMode !== 'rolling' && wfMode !== 'anchored') throw new UsageError(`--wf-mode is rolling or anchored; got "${v['wf-mode']}"`);
      const folds = numberFlag('walk-forward', v['walk-forward'], { min: 1, integer: true });
      const prune = numberFlag('prune-drawdown', v['prune-drawdown'], { above: 0, max: 100 });
      const heatmap = v.heatmap === undefined ? null : v.heatmap === 'none' ? [] : v.heatmap.split(',').map((s) => s.trim());
      let ranges;
      try {
        ranges = (v.range ?? []).map(splitRangeArg);
      } catch (err) {
        throw new UsageError((err as Error).message);
      }
      if (ranges.length === 0) throw new UsageError('give at least one --range name=min:max[:step]');
      spec = {
        strategy: { id: v.strategy, module: v['strategies-module'] },
        ranges,
        fixed: keyValues('param', v.param),
        method,
        trials: numberFlag('trials', v.trials, { min: 1, integer: true }) ?? 100,
        seed: numberFlag('seed', v.seed, { integer: true }) ?? 1,
        batch: numberFlag('batch', v.batch, { min: 1, integer: true }),
        objective: v.objective ?? 'sharpe',
        minTrades: numberFlag('min-trades', v['min-trades'], { min: 1, integer: true }),
        backtest: { ...backtestConfigFromFlags(v), pruneDrawdown: prune === undefined ? null : prune / 100 },
        holdout: numberFlag('holdout', v.holdout, { above: 0, max: 0.95 }) ?? null,
        walkForward: folds === undefined ? null : { folds, mode: wfMode, trainRatio: numberFlag('wf-train-ratio', v['wf-train-ratio'], { above: 0 }) },
        heatmap,
        heatmapRadius: numberFlag('heatmap-radius', v['heatmap-radius'], { min: 1, integer: true }),
        monteCarloRuns: numberFlag('monte-carlo', v['monte-carlo'], { min: 0, integer: true }),
        leaderboardSize: numberFlag('top', v.top, { min: 1, integer: true }),
      };
    }

    const loaded = loadBarsCsv(v.csv, { shared: true });
    const window = windowFromFlags(loaded, v.from, v.to);
    const bars = restrict(loaded, window.from, window.to);

    let store: TrialStore | undefined;
    let db: ReturnType<typeof openDatabase> | undefined;
    if (v.db) {
      db = openDatabase(v.db);
      store = new SqliteTrialStore(db);
    }
    const onProgress = v.progress ? throttledProgress(io) : undefined;
    let handle: OptimizationHandle;
    if (v.resume) handle = resumeOptimization(bars, v.resume, { workers, store: store!, dataSource: v.csv, onProgress });
    else handle = startOptimization(bars, spec!, { workers, store, runId: v['run-id'], dataSource: v.csv, onProgress });

    const onSignal = () => {
      io.stderr(`optimize: stopping; resume with --resume ${handle.runId}${v.db ? ` --db ${v.db}` : ' (only with --db)'}\n`);
      handle.cancel();
    };
    signals?.once('SIGINT', onSignal);
    signals?.once('SIGTERM', onSignal);
    try {
      const report = await handle.done;
      io.stdout(v.json ? `${JSON.stringify(report)}\n` : optimizeText(report));
      return report.status === 'cancelled' ? 130 : 0;
    } finally {
      signals?.off('SIGINT', onSignal);
      signals?.off('SIGTERM', onSignal);
      store?.close();
      db?.close();
    }
  });
}

function throttledProgress(io: Io): (p: OptimizeProgress) => void {
  let last = 0;
  return (p) => {
    const now = Date.now();
    if (now - last < 500 && p.done < p.total) return;
    last = now;
    io.stderr(progressLine(p));
  };
}
