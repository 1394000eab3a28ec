/**
 * Shared flag handling for `npm run backtest` and `npm run optimize`: parsing, numbers with
 * messages that name the flag, the backtest settings both commands take, and the rule for
 * errors (a message on stderr, no stack trace, a non-zero exit).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { BacktestConfigInput, SlippageModel, Sizing } from '../config';
import type { Bars } from '../bars';

/** Wrong or missing flags: exit code 2. Every other failure exits 1. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export const processIo: Io = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
};

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseFlags<O extends Options>(argv: readonly string[], options: O) {
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values;
  } catch (err) {
    throw new UsageError((err as Error).message.replace(/\. To specify.*$/s, ''));
  }
}

export function numberFlag(flag: string, raw: string | undefined, opts: { min?: number; max?: number; above?: number; integer?: boolean } = {}): number | undefined {
  if (raw === undefined) return undefined;
  const x = raw.trim() === '' ? Number.NaN : Number(raw);
  if (!Number.isFinite(x)) throw new UsageError(`--${flag} needs a number, got "${raw}"`);
  if (opts.integer && !Number.isInteger(x)) throw new UsageError(`--${flag} needs a whole number, got "${raw}"`);
  if (opts.min !== undefined && x < opts.min) throw new UsageError(`--${flag} must be at least ${opts.min}, got ${raw}`);
  if (opts.above !== undefined && x <= opts.above) throw new UsageError(`--${flag} must be above ${opts.above}, got ${raw}`);
  if (opts.max !== undefined && x > opts.max) throw new UsageError(`--${flag} must be at most ${opts.max}, got ${raw}`);
  return x;
}

/** --param name=value, repeated. */
export function keyValues(flag: string, items: readonly string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items ?? []) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UsageError(`--${flag} must look like name=value, got "${item}"`);
    const name = item.slice(0, eq).trim();
    if (name in out) throw new UsageError(`--${flag} ${name} is given twice`);
    out[name] = item.slice(eq + 1).trim();
  }
  return out;
}

/** The flags of the backtest settings (both commands). */
export const backtestFlagOptions = {
  qty: { type: 'string' },
  notional: { type: 'string' },
  'equity-pct': { type: 'string' },
  lot: { type: 'string' },
  cash: { type: 'string' },
  'fee-bps': { type: 'string' },
  'maker-bps': { type: 'string' },
  'taker-bps': { type: 'string' },
  'fee-per-unit': { type: 'string' },
  'slippage-bps': { type: 'string' },
  'slippage-model': { type: 'string' },
  'slippage-seed': { type: 'string' },
  participation: { type: 'string' },
  'stop-loss-pct': { type: 'string' },
  'take-profit-pct': { type: 'string' },
  'keep-open': { type: 'boolean' },
  from: { type: 'string' },
  to: { type: 'string' },
} as const satisfies Options;

export const BACKTEST_FLAGS_HELP = `Sizing (one unit of the strategy's target; default --qty 1):
  --qty N | --notional AMOUNT | --equity-pct P    fixed quantity, fixed notional, or P% of equity
  --lot N                 quantity step for notional / equity sizing (default 1; 0 = any fraction)
Costs:
  --cash N                starting cash (default 100000)
  --fee-bps N             maker and taker fee in basis points (or --maker-bps / --taker-bps)
  --fee-per-unit N        fee per unit traded
  --slippage-bps N        slippage in bps against you on market and stop fills (default 0)
  --slippage-model M      fixed (default) | spread (pays half of N) | volume (N * sqrt(qty / bar volume)) | random (uniform 0..2N)
  --slippage-seed S       seed of the random model (default 1)
  --participation P       fill at most P% of a bar's volume per bar; the rest waits for the next bar
Exits and window:
  --stop-loss-pct P / --take-profit-pct P    protective exits on every position, % from the entry
  --keep-open             do not liquidate an open position at the last bar's close
  --from TIME / --to TIME trade and measure only bars in [from, to] (ISO-8601); earlier bars warm up the strategy`;

type BacktestFlagValues = { [K in keyof typeof backtestFlagOptions]?: (typeof backtestFlagOptions)[K]['type'] extends 'boolean' ? boolean : string };

export function backtestConfigFromFlags(v: BacktestFlagValues): BacktestConfigInput {
  const sizingFlags = (['qty', 'notional', 'equity-pct'] as const).filter((f) => v[f] !== undefined);
  if (sizingFlags.length > 1) throw new UsageError(`give one of --qty, --notional, --equity-pct, not ${sizingFlags.map((f) => `--${f}`).join(' and ')}`);
  let sizing: Sizing | undefined;
  if (v.qty !== undefined) sizing = { kind: 'qty', qty: numberFlag('qty', v.qty, { above: 0 })! };
  if (v.notional !== undefined) sizing = { kind: 'notional', notional: numberFlag('notional', v.notional, { above: 0 })! };
  if (v['equity-pct'] !== undefined) sizing = { kind: 'equityPct', pct: numberFlag('equity-pct', v['equity-pct'], { above: 0 })! };
  const feeBps = numberFlag('fee-bps', v['fee-bps'], { min: 0 });
  const bps = numberFlag('slippage-bps', v['slippage-bps'], { min: 0 }) ?? 0;
  const modelName = v['slippage-model'] ?? 'fixed';
  let slippage: SlippageModel;
  if (modelName === 'fixed') slippage = { kind: 'fixed', bps };
  else if (modelName === 'spread') slippage = { kind: 'spread', spreadBps: bps };
  else if (modelName === 'volume') slippage = { kind: 'volume', bps };
  else if (modelName === 'random') slippage = { kind: 'random', bps, seed: numberFlag('slippage-seed', v['slippage-seed'], { integer: true }) ?? 1 };
  else throw new UsageError(`--slippage-model is fixed, spread, volume or random; got "${modelName}"`);
  const participation = numberFlag('participation', v.participation, { above: 0, max: 100 });
  return {
    initialCash: numberFlag('cash', v.cash, { above: 0 }),
    sizing,
    lotSize: numberFlag('lot', v.lot, { min: 0 }),
    slippage,
    fees: {
      makerBps: numberFlag('maker-bps', v['maker-bps'], { min: 0 }) ?? feeBps,
      takerBps: numberFlag('taker-bps', v['taker-bps'], { min: 0 }) ?? feeBps,
      perUnit: numberFlag('fee-per-unit', v['fee-per-unit'], { min: 0 }),
    },
    participation: participation === undefined ? null : participation / 100,
    protection: {
      stopLossPct: numberFlag('stop-loss-pct', v['stop-loss-pct'], { above: 0, max: 99.999 }) ?? null,
      takeProfitPct: numberFlag('take-profit-pct', v['take-profit-pct'], { above: 0 }) ?? null,
    },
    closeAtEnd: !v['keep-open'],
  };
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

function timeFlag(flag: string, raw: string): number {
  const ms = Date.parse(DATE_ONLY.test(raw) ? `${raw}T00:00:00Z` : raw);
  if (!Number.isFinite(ms)) throw new UsageError(`--${flag} needs an ISO-8601 time, got "${raw}"`);
  return ms / 1000;
}

/** First index with t >= x. */
function lowerBound(t: Float64Array, x: number): number {
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (t[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The bar window of --from / --to (inclusive times); refuses a range without bars. */
export function windowFromFlags(bars: Bars, from: string | undefined, to: string | undefined): { from: number; to: number } {
  const fromT = from === undefined ? Number.NEGATIVE_INFINITY : timeFlag('from', from);
  // --to is inclusive: a time includes the bar at that time; a date includes that whole day.
  const toExclusive = to === undefined ? Number.POSITIVE_INFINITY : timeFlag('to', to) + (DATE_ONLY.test(to) ? 86_400 : 1e-6);
  if (fromT >= toExclusive) throw new UsageError(`--from ${from} is after --to ${to}`);
  const a = lowerBound(bars.t, fromT);
  const b = lowerBound(bars.t, toExclusive);
  if (b <= a) {
    const first = new Date(bars.t[0]! * 1000).toISOString();
    const last = new Date(bars.t[bars.length - 1]! * 1000).toISOString();
    throw new UsageError(`no bars between ${from ?? 'the start'} and ${to ?? 'the end'}: the data covers ${first} to ${last}`);
  }
  return { from: a, to: b };
}

/** Runs a command body: prints the error's message (never a stack) and returns the exit code. */
export async function runCommand(name: string, io: Io, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    io.stderr(`${name}: ${message}\n`);
    if (err instanceof UsageError) io.stderr(`Run with --help for the flags.\n`);
    return err instanceof UsageError ? 2 : 1;
  }
}
