// `npm run --silent backtest -- --help`: one backtest of a strategy over a CSV of bars.
// The command lives in electron/core/training/cli (type-checked and tested there).
import { backtestCommand } from '../electron/core/training/cli/backtestCommand';

process.exitCode = await backtestCommand(process.argv.slice(2));
