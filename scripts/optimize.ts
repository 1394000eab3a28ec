// `npm run --silent optimize -- --help`: search a strategy's params over a CSV of bars,
// with walk-forward / holdout validation, stored and resumable with --db.
// The command lives in electron/core/training/cli (type-checked and tested there).
import { optimizeCommand } from '../electron/core/training/cli/optimizeCommand';

process.exitCode = await optimizeCommand(process.argv.slice(2));
