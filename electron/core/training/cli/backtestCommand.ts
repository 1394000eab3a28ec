/**
 * `npm run --silent backtest -- --csv FILE --strategy ID [--param k=v ...] [settings] [--json]`
 *
 * One backtest of one strategy over a CSV of bars. With --json: ONE JSON object on stdout
 * (bars, trades, final_equity, elapsed_ms, trade_list, metrics, ...); without: a summary.
 * Errors: a message on stderr, exit 2 for bad flags, 1 for everything else.
 */
import { resolveParams } from '../../strategies/api';
import { runBacktest } from '../backtester';
import { backtestConfig } from '../config';
import { loadBarsCsv } from '../csv';
import { backtestReport } from '../report';
import { loadStrategy } from '../strategySource';
import { backtestConfigFromFlags, backtestFlagOptions, BACKTEST_FLAGS_HELP, keyValues, numberFlag, parseFlags, processIo, runCommand, UsageError, windowFromFlags, type Io } from './args';
import { backtestText, paramsText } from './format';

export const BACKTEST_HELP = `Usage: npm run --silent backtest -- --csv FILE --strategy ID [--param name=value ...] [options] [--json]

  --csv FILE              bars: a header with timestamp (or date + time), open, high, low, close[, volume]
  --strategy ID           a built-in strategy (e.g. ma-cross), or one from --strategies-module
  --strategies-module F   a module exporting getStrategy(id) or strategies
  --param name=value      a strategy parameter (repeat); others take their defaults
  --json                  one JSON object on stdout
  --trades N              trades listed in the summary (default 20)
${BACKTEST_FLAGS_HELP}
`;

export async function backtestCommand(argv: readonly string[], io: Io = processIo): Promise<number> {
  return runCommand('backtest', io, async () => {
    const v = parseFlags(argv, {
      csv: { type: 'string' },
      strategy: { type: 'string' },
      'strategies-module': { type: 'string' },
      param: { type: 'string', multiple: true },
      json: { type: 'boolean' },
      trades: { type: 'string' },
      help: { type: 'boolean' },
      ...backtestFlagOptions,
    });
    if (v.help) {
      io.stdout(BACKTEST_HELP);
      return 0;
    }
    if (!v.csv) throw new UsageError('--csv FILE is required');
    if (!v.strategy) throw new UsageError('--strategy ID is required');
    const cfg = backtestConfig(backtestConfigFromFlags(v));
    const maxTrades = numberFlag('trades', v.trades, { min: 0, integer: true }) ?? 20;
    const def = await loadStrategy({ id: v.strategy, module: v['strategies-module'] });
    const params = resolveParams(def, keyValues('param', v.param));

    const loadStarted = performance.now();
    const bars = loadBarsCsv(v.csv);
    const loadMs = performance.now() - loadStarted;
    const window = windowFromFlags(bars, v.from, v.to);

    const result = runBacktest(bars, def.create(params), cfg, { from: window.from, to: window.to, feedFrom: 0 });
    const report = backtestReport(bars, result);
    if (v.json) {
      io.stdout(`${JSON.stringify({ strategy: def.id, params, csv: v.csv, load_ms: Math.round(loadMs * 1000) / 1000, config: cfg, ...report })}\n`);
    } else {
      io.stdout(backtestText(`${def.id} ${paramsText(params)} on ${v.csv}`, report, maxTrades));
    }
    return 0;
  });
}
