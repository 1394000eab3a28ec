/**
 * Bots, in the real engine (Workstation on a temp SQLite file).
 *
 * bot_eval_per_bar_us (= the p50) and bot_eval_per_bar_p99_us: one decision of a bot
 * (ma-cross 10/30, one symbol, paper mode, strategies in the worker pool): from the closed
 * 1-minute bar handed to the bot to its decision written in the log. It covers the
 * aggregation, the round trip to the strategy worker and the evaluation there, sizing, the
 * gates (order validation, riskEngine.evaluate, the bot's books) and the log write (decision
 * and symbol state in one transaction). The bars are stored sample bars replayed one at a time
 * through a manual feed, so nothing else runs meanwhile. The _inline_ figures are the same
 * with the strategy in the main thread: the difference is the price of the worker isolation.
 *
 * bots_20x10_cpu_pct / bots_20x10_rss_mb: the sample market has 6 symbols and the engine
 * builds it itself (bench-only listings would need a change to the composition root), so this
 * is 20 bots over the 6 sample symbols: every bot trades all 6 (120 bot-symbol pairs, four
 * built-in strategies in turn), 1-minute bars, the sample replay at 100x (every symbol closes
 * a bar every 0.6 s), measured over `windowMs` of wall clock after every bot has warmed up.
 * CPU is process.cpuUsage() (all threads of the process, the strategy workers included) over
 * the window, in % of one core; RSS is process.memoryUsage().rss at the end of the window.
 * bots_20x10_decisions_per_s says how much work that was. bots_engine_only_* is the same
 * replay with no bot, for comparison. Each replay runs in a child process of its own
 * (`node --import tsx`), so its RSS is its own and not what the earlier figures left behind.
 */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { BotDetail, BotSummary, Timeframe } from '../../shared/contract';
import { utcBucketer, type BarFeed, type Bucketer } from '../../electron/core/bots/barFeed';
import type { NewDecision } from '../../electron/core/bots/decisionLog';
import type { WireBar } from '../../electron/core/bots/evaluator';
import type { WorkstationConfig } from '../../electron/core/config';
import { createWorkstation, type Workstation } from '../../electron/core/workstation';
import { tempDir } from '../support/tempDir';
import { percentile, type Figure } from './figures';

const ctx = { caller: 'bench' };
const SYMBOLS = ['ACME', 'BOLT', 'CRUX', 'DYNA', 'ORB/USD', 'VYX/USD'];

async function call<T>(ws: Workstation, channel: string, input: unknown): Promise<T> {
  const r = await ws.invoke(channel, input, ctx);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

/** Bars handed to the bots by hand: stored history for the warm-up, then one closed minute at a time. */
class ManualFeed implements BarFeed {
  readonly source = 'bench';
  private readonly listeners = new Set<(symbol: string, bar: WireBar) => void>();
  private clock = 0;

  constructor(private readonly history: Map<string, WireBar[]>) {}

  timeframes(): readonly Timeframe[] {
    return ['1m', '5m', '15m', '1h'];
  }
  hasSymbol(symbol: string): boolean {
    return this.history.has(symbol);
  }
  onClosedMinute(listener: (symbol: string, bar: WireBar) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  minutes(symbol: string, limit: number): WireBar[] {
    return (this.history.get(symbol) ?? []).slice(-limit);
  }
  bucketer(_symbol: string, tf: Timeframe): Bucketer {
    return utcBucketer(tf);
  }
  now(): number {
    return this.clock;
  }
  lastPrice(symbol: string): number | null {
    return this.history.get(symbol)?.at(-1)?.c ?? null;
  }
  closeBefore(): number | null {
    return null;
  }
  emit(symbol: string, bar: WireBar): void {
    this.history.get(symbol)!.push(bar);
    this.clock = (bar.t + 60) * 1000;
    for (const l of this.listeners) l(symbol, bar);
  }
}

async function evalPerBar(isolation: 'worker' | 'inline', bars = 2_000, warmupBars = 300): Promise<{ p50: number; p99: number }> {
  const t = tempDir('tw-bench-bots-');
  let feed: ManualFeed | null = null;
  const ws = await createWorkstation({
    dataDir: t.dir,
    paused: true,
    historyDays: 3,
    log: () => {},
    bots: { isolation, workers: 1, heartbeatMs: 60_000, feedFor: (a) => (a === 'paper' ? feed : null) },
  });
  try {
    const stored = ws.bars.range({ source: 'sample', symbol: 'ACME', timeframe: '1m', limit: warmupBars + bars + 100 });
    const all: WireBar[] = stored.t.map((tt, i) => ({ t: tt, o: stored.o[i]!, h: stored.h[i]!, l: stored.l[i]!, c: stored.c[i]!, v: stored.v[i]! }));
    feed = new ManualFeed(new Map([['ACME', all.slice(0, warmupBars)]]));
    const bot = await call<BotDetail>(ws, 'bots.create', {
      name: 'Bench cross',
      strategyId: 'ma-cross',
      params: { fast: 10, slow: 30 },
      symbols: ['ACME'],
      timeframe: '1m',
      accountId: 'paper',
      mode: 'paper',
      sizing: { method: 'fixed_qty', params: { qty: 1 } },
    });
    await call(ws, 'bots.start', { botId: bot.config.id });
    await ws.bots.idle();

    // The moment each decision is written: the end of the measured path.
    let written: ((at: number) => void) | null = null;
    const log = ws.bots.decisions as unknown as { append: (d: NewDecision) => unknown };
    const append = log.append.bind(log);
    log.append = (d) => {
      const out = append(d);
      written?.(performance.now());
      return out;
    };
    const times: number[] = [];
    for (const bar of all.slice(warmupBars, warmupBars + bars)) {
      const done = new Promise<number>((resolve) => (written = resolve));
      const t0 = performance.now();
      feed.emit('ACME', bar);
      times.push(((await done) - t0) * 1000);
      await ws.bots.idle();
    }
    const warm = times.slice(100); // the first decisions pay for JIT warm-up on both sides
    return { p50: percentile(warm, 50), p99: percentile(warm, 99) };
  } finally {
    await ws.close();
    t.cleanup();
  }
}

async function replay(botCount: number, windowMs: number): Promise<{ cpuPct: number; rssMb: number; decisionsPerSec: number }> {
  const t = tempDir('tw-bench-bots-');
  const config: WorkstationConfig = { dataDir: t.dir, speed: 100, historyDays: 2, log: () => {}, equityObserveMs: 1_000 };
  const ws = await createWorkstation(config);
  try {
    const strategies = ['ma-cross', 'rsi-reversion', 'donchian-breakout', 'bollinger-reversion'];
    const ids: string[] = [];
    for (let i = 0; i < botCount; i++) {
      const bot = await call<BotDetail>(ws, 'bots.create', {
        name: `Bench ${i}`,
        strategyId: strategies[i % strategies.length],
        symbols: SYMBOLS,
        timeframe: '1m',
        accountId: 'paper',
        mode: 'paper',
        sizing: { method: 'fixed_notional', params: { notional: 500 } },
      });
      ids.push(bot.config.id);
      await call(ws, 'bots.start', { botId: bot.config.id });
    }
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const list = await call<BotSummary[]>(ws, 'bots.list', {});
      if (list.every((b) => b.status.state === 'running')) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const countDecisions = () => ids.reduce((n, id) => n + ws.bots.decisions.count(id), 0);
    const before = countDecisions();
    const cpu0 = process.cpuUsage();
    const wall0 = performance.now();
    await new Promise((r) => setTimeout(r, windowMs));
    const cpu = process.cpuUsage(cpu0);
    const wall = performance.now() - wall0;
    const rss = process.memoryUsage().rss;
    const decided = countDecisions() - before;
    return {
      cpuPct: Math.round(((cpu.user + cpu.system) / 1000 / wall) * 1000) / 10,
      rssMb: Math.round(rss / 1e5) / 10,
      decisionsPerSec: Math.round((decided / wall) * 10_000) / 10,
    };
  } finally {
    await ws.close();
    t.cleanup();
  }
}

type Replay = Awaited<ReturnType<typeof replay>>;

/** One replay in a fresh process: its RSS is its own. */
function replayInChild(botCount: number, windowMs: number): Promise<Replay> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), 'replay', String(botCount), String(windowMs)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`bench replay exited with ${code}`));
      resolve(JSON.parse(out.trim().split('\n').at(-1)!) as Replay);
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] === 'replay') {
  const result = await replay(Number(process.argv[3]), Number(process.argv[4]));
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}

export async function benchBots(windowMs = Number(process.env.BOTS_BENCH_WINDOW_MS ?? 30_000)): Promise<Figure[]> {
  const worker = await evalPerBar('worker');
  const inline = await evalPerBar('inline');
  const baseline = await replayInChild(0, windowMs);
  const bots = await replayInChild(20, windowMs);
  const note = '20 bots x 6 sample symbols';
  return [
    { name: 'bot_eval_per_bar_us', value: worker.p50, unit: 'us (p50, worker)' },
    { name: 'bot_eval_per_bar_p99_us', value: worker.p99, unit: 'us (worker)' },
    { name: 'bot_eval_per_bar_inline_us', value: inline.p50, unit: 'us (p50, main thread)' },
    { name: 'bot_eval_per_bar_inline_p99_us', value: inline.p99, unit: 'us (main thread)' },
    { name: 'bots_20x10_cpu_pct', value: bots.cpuPct, unit: `% of one core (${note}, 100x)` },
    { name: 'bots_20x10_rss_mb', value: bots.rssMb, unit: `MB (${note})` },
    { name: 'bots_20x10_decisions_per_s', value: bots.decisionsPerSec, unit: `decisions/s (${note})` },
    { name: 'bots_engine_only_cpu_pct', value: baseline.cpuPct, unit: '% of one core (same replay, no bot)' },
    { name: 'bots_engine_only_rss_mb', value: baseline.rssMb, unit: 'MB (same replay, no bot)' },
  ];
}
