import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../support/tempDir';

const repo = join(import.meta.dirname, '..', '..', '..');
const fixture = join(repo, 'tests', 'fixtures', 'training', 'bars-300.csv');
const fixtureModule = join(repo, 'tests', 'fixtures', 'training', 'strategies.ts');
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const env = { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}` };

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function collect(child: ChildProcess): Promise<Run> {
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** The scripts as npm runs them (tsx), but without npm in between (faster; the pid is the script's). */
function script(name: 'backtest' | 'optimize', args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', tsx, join(repo, 'scripts', `${name}.ts`), ...args], { cwd: repo, env });
}

const run = (name: 'backtest' | 'optimize', args: string[]) => collect(script(name, args));

/** Reference ma-cross over the fixture, written plainly: naive SMAs, fills at the next open. */
function referenceTrades(fast: number, slow: number, qty: number) {
  const rows = readFileSync(fixture, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
  const t = rows.map((r) => r[0]!);
  const o = rows.map((r) => Number(r[1]));
  const c = rows.map((r) => Number(r[4]));
  const sma = (i: number, n: number) => (i + 1 < n ? Number.NaN : c.slice(i + 1 - n, i + 1).reduce((a, b) => a + b, 0) / n);
  const trades: { entry_time: string; entry_price: number; exit_time: string; exit_price: number; pnl: number }[] = [];
  let pending: 'buy' | 'sell' | null = null;
  let entry: { time: string; price: number } | null = null;
  for (let i = 0; i < c.length; i++) {
    if (pending === 'buy' && !entry) entry = { time: t[i]!, price: o[i]! };
    else if (pending === 'sell' && entry) {
      trades.push({ entry_time: entry.time, entry_price: entry.price, exit_time: t[i]!, exit_price: o[i]!, pnl: qty * (o[i]! - entry.price) });
      entry = null;
    }
    pending = null;
    const [f0, s0, f1, s1] = [sma(i - 1, fast), sma(i - 1, slow), sma(i, fast), sma(i, slow)];
    if (f0 <= s0 && f1 > s1) pending = 'buy';
    else if (f0 >= s0 && f1 < s1) pending = 'sell';
  }
  if (entry) {
    const last = c.length - 1;
    trades.push({ entry_time: entry.time, entry_price: entry.price, exit_time: t[last]!, exit_price: c[last]!, pnl: qty * (c[last]! - entry.price) });
  }
  return trades;
}

const iso = (s: string) => new Date(s).toISOString();

describe('backtest CLI', () => {
  it('npm run backtest --json prints one JSON object matching a plain reference ma-cross', async () => {
    const child = spawn('npm', ['run', '--silent', 'backtest', '--', '--csv', fixture, '--strategy', 'ma-cross', '--param', 'fast=5', '--param', 'slow=20', '--qty', '10', '--cash', '100000', '--fee-bps', '0', '--slippage-bps', '0', '--json'], { cwd: repo, env });
    const out = await collect(child);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(out.stdout.trim().split('\n')).toHaveLength(1);
    const r = JSON.parse(out.stdout);
    expect(r.bars).toBe(300);
    expect(typeof r.elapsed_ms).toBe('number');
    expect(r.metrics).toMatchObject({ tradeCount: r.trades });
    const expected = referenceTrades(5, 20, 10);
    expect(r.trades).toBe(expected.length);
    expect(expected.length).toBeGreaterThan(3);
    r.trade_list.forEach((tr: { entry_time: string; entry_price: number; exit_time: string; exit_price: number; pnl: number; qty: number }, k: number) => {
      const e = expected[k]!;
      expect(tr.qty).toBe(10);
      expect(tr.entry_time).toBe(iso(e.entry_time));
      expect(tr.exit_time).toBe(iso(e.exit_time));
      expect(tr.entry_price).toBeCloseTo(e.entry_price, 8);
      expect(tr.exit_price).toBeCloseTo(e.exit_price, 8);
      expect(tr.pnl).toBeCloseTo(e.pnl, 6);
    });
    const sum = expected.reduce((a, e) => a + e.pnl, 0);
    expect(r.final_equity).toBeCloseTo(100_000 + sum, 6);
  });

  it('--strategies-module loads strategies from a module of your own', async () => {
    const args = ['--csv', fixture, '--param', 'fast=5', '--param', 'slow=20', '--qty', '10', '--json'];
    const own = await run('backtest', [...args, '--strategy', 'sma-cross', '--strategies-module', fixtureModule]);
    const builtIn = await run('backtest', [...args, '--strategy', 'ma-cross']);
    expect(own.code).toBe(0);
    // The test SMA cross and the built-in ma-cross trade alike.
    expect(JSON.parse(own.stdout).trade_list.map((t: { pnl: number }) => t.pnl)).toEqual(JSON.parse(builtIn.stdout).trade_list.map((t: { pnl: number }) => t.pnl));
    const missing = await run('backtest', [...args, '--strategy', 'nope', '--strategies-module', fixtureModule]);
    expect(missing.stderr).toMatch(/Unknown strategy "nope" in .*strategies.ts; it has: sma-cross, empty, peeker, hill/);
  });

  it('without --json prints a readable summary', async () => {
    const out = await run('backtest', ['--csv', fixture, '--strategy', 'ma-cross', '--param', 'fast=5', '--param', 'slow=20', '--qty', '10', '--trades', '2']);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^ma-cross fast=5 slow=20/);
    expect(out.stdout).toMatch(/300 bars/);
    expect(out.stdout).toMatch(/final equity/);
    expect(out.stdout).toMatch(/more \(--json for all\)/);
  });

  describe('bad inputs: a clear message on stderr, no stack, a non-zero exit', () => {
    let t: ReturnType<typeof tempDir>;
    beforeAll(() => (t = tempDir('tw-cli-')));
    afterAll(() => t.cleanup());

    const cases: [string, () => string[], number, RegExp][] = [
      ['a bad flag', () => ['--csv', fixture, '--strategy', 'ma-cross', '--bogus'], 2, /Unknown option '--bogus'/],
      ['a missing --csv', () => ['--strategy', 'ma-cross'], 2, /--csv FILE is required/],
      ['a bad number', () => ['--csv', fixture, '--strategy', 'ma-cross', '--qty', 'ten'], 2, /--qty needs a number, got "ten"/],
      ['two sizings', () => ['--csv', fixture, '--strategy', 'ma-cross', '--qty', '1', '--notional', '5'], 2, /give one of --qty, --notional, --equity-pct/],
      ['an unknown strategy', () => ['--csv', fixture, '--strategy', 'nope'], 1, /Unknown strategy "nope"; the strategies are: ma-cross/],
      ['bad params', () => ['--csv', fixture, '--strategy', 'ma-cross', '--param', 'fast=30', '--param', 'slow=10'], 1, /fast period \(30\) must be shorter than the slow period \(10\)/],
      ['an unknown param', () => ['--csv', fixture, '--strategy', 'ma-cross', '--param', 'speed=3'], 1, /has no parameter "speed"/],
      ['a missing file', () => ['--csv', join(t.dir, 'none.csv'), '--strategy', 'ma-cross'], 1, /no such file/],
      ['an empty file', () => [`--csv=${write('empty.csv', '')}`, '--strategy', 'ma-cross'], 1, /the file is empty/],
      ['a malformed row', () => [`--csv=${write('bad.csv', 'timestamp,open,high,low,close\n2024-01-02T00:00:00Z,1,2,1,2\n2024-01-02T00:01:00Z,1,x,1,2\n')}`, '--strategy', 'ma-cross'], 1, /line 3: high "x" is not a number/],
      ['rows out of order', () => [`--csv=${write('order.csv', 'timestamp,open,high,low,close\n2024-01-02T00:01:00Z,1,2,1,2\n2024-01-02T00:00:00Z,1,2,1,2\n')}`, '--strategy', 'ma-cross'], 1, /line 3: time .* is before the previous row's/],
      ['a range with no data', () => ['--csv', fixture, '--strategy', 'ma-cross', '--from', '2030-01-01'], 2, /no bars between 2030-01-01 and the end: the data covers 2024-01-02T14:30:00.000Z/],
    ];
    function write(name: string, content: string): string {
      const path = join(t.dir, name);
      writeFileSync(path, content);
      return path;
    }
    it.each(cases)('%s', async (_name, args, code, message) => {
      const out = await run('backtest', args());
      expect(out.code).toBe(code);
      expect(out.stdout).toBe('');
      expect(out.stderr).toMatch(message);
      expect(out.stderr).not.toMatch(/\n\s+at /);
    });
  });
});

describe('optimize CLI', () => {
  let t: ReturnType<typeof tempDir>;
  beforeAll(() => (t = tempDir('tw-opt-')));
  afterAll(() => t.cleanup());

  it('--json: leaderboard, best params, in-sample vs out-of-sample (holdout and walk-forward), with workers', async () => {
    const out = await run('optimize', ['--csv', fixture, '--strategy', 'ma-cross', '--range', 'fast=2:8:2', '--range', 'slow=10:40:10', '--objective', 'net_profit', '--method', 'grid', '--workers', '2', '--qty', '10', '--holdout', '0.25', '--walk-forward', '2', '--monte-carlo', '100', '--json']);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const r = JSON.parse(out.stdout);
    expect(r.status).toBe('done');
    expect(r.trials.ok + r.trials.undefined).toBeGreaterThan(0);
    expect(r.leaderboard[0].rank).toBe(1);
    expect(r.best.params).toEqual(r.leaderboard[0].params);
    expect(r.holdout).toMatchObject({ params: r.best.params, in_sample: r.best.objective });
    expect(r.walk_forward.folds).toHaveLength(2);
    expect(Array.isArray(r.warnings)).toBe(true);
    expect(out.stdout).not.toMatch(/NaN/);
  });

  it('refuses empty and inverted ranges, an unknown method, --resume without --db', async () => {
    const base = ['--csv', fixture, '--strategy', 'ma-cross'];
    const inverted = await run('optimize', [...base, '--range', 'fast=50:5']);
    expect(inverted.code).toBe(1);
    expect(inverted.stderr).toMatch(/range for fast is inverted \(50 > 5\)/);
    const empty = await run('optimize', [...base, '--range', 'fast=']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/range for fast is empty/);
    const none = await run('optimize', base);
    expect(none.stderr).toMatch(/at least one --range/);
    const method = await run('optimize', [...base, '--range', 'fast=2:4', '--method', 'annealing']);
    expect(method.stderr).toMatch(/--method is grid, random, tpe/);
    const resume = await run('optimize', ['--csv', fixture, '--resume', 'x']);
    expect(resume.stderr).toMatch(/--resume needs the --db/);
    for (const r of [inverted, empty, none, method, resume]) expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('killed mid-run (SIGKILL), then --resume completes exactly the remaining trials', async () => {
    // 120k one-minute bars: each trial takes a few tens of ms, so the run is still going when killed.
    const n = 120_000;
    const lines = ['timestamp,open,high,low,close,volume'];
    let p = 100;
    let s = 7;
    for (let i = 0; i < n; i++) {
      s = (Math.imul(s, 1_103_515_245) + 12_345) >>> 0;
      const o = p;
      p = Math.round(p * (1 + (s / 2 ** 32 - 0.5) * 0.004) * 100) / 100;
      lines.push(`${1_704_067_200 + 60 * i},${o},${Math.max(o, p)},${Math.min(o, p)},${p},1000`);
    }
    const csv = join(t.dir, 'big.csv');
    writeFileSync(csv, `${lines.join('\n')}\n`);
    const dbPath = join(t.dir, 'train.db');
    const args = ['--csv', csv, '--strategy', 'ma-cross', '--range', 'fast=5:50:5', '--range', 'slow=60:240:10', '--method', 'grid', '--objective', 'net_profit', '--heatmap', 'none', '--monte-carlo', '0', '--db', dbPath, '--run-id', 'killed', '--workers', '1'];
    const total = 10 * 19;

    const child = script('optimize', args);
    const exited = collect(child);
    const storedCount = () => {
      try {
        const db = new Database(dbPath, { readonly: true, fileMustExist: true });
        try {
          return (db.prepare("SELECT count(*) AS n FROM training_trials WHERE run_id = 'killed'").get() as { n: number }).n;
        } finally {
          db.close();
        }
      } catch {
        return 0;
      }
    };
    const deadline = Date.now() + 40_000;
    while (storedCount() < 20 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGKILL');
    const killed = await exited;
    expect(killed.code).toBeNull();
    const stored = storedCount();
    expect(stored).toBeGreaterThanOrEqual(20);
    expect(stored).toBeLessThan(total);

    const out = await run('optimize', ['--csv', csv, '--db', dbPath, '--resume', 'killed', '--workers', '2', '--json']);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const r = JSON.parse(out.stdout);
    expect(r.status).toBe('done');
    expect(r.trials.reused).toBe(stored);
    expect(r.trials.executed).toBe(total - stored);
    expect(storedCount()).toBe(total);
  }, 120_000);
});
