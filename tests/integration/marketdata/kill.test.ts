// A backfill whose process is killed (SIGKILL: no cleanup of any kind) resumes at the next
// start where each symbol stopped and ends with every minute stored exactly once.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeAlpacaData, type FakeAlpacaData } from '../../support/fakeAlpaca/marketData';
import { tempDir } from '../../support/tempDir';
import { ALPACA_ID, harness, until, type Harness } from './harness';

const CHILD = fileURLToPath(new URL('./backfillChild.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const MIN = 60_000;
const MON = Date.UTC(2025, 2, 10);

describe('a backfill killed with SIGKILL', () => {
  let t: ReturnType<typeof tempDir>;
  let fake: FakeAlpacaData;
  let h: Harness | undefined;

  beforeEach(async () => {
    t = tempDir();
    fake = await startFakeAlpacaData();
  });
  afterEach(async () => {
    await h?.close();
    await fake.close();
    t.cleanup();
  });

  it('resumes after a restart and completes without duplicates', async () => {
    const dbPath = join(t.dir, 'ws.db');
    const symbols = ['BTC/USD', 'ETH/USD'];
    const config = { dbPath, url: fake.url, streamUrl: fake.streamUrl, keyId: fake.keyId, secret: fake.secret, from: MON, to: MON + 6_000 * MIN, symbols };
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(config)], { cwd: REPO_ROOT, env: { ...process.env, NODE_OPTIONS: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    const jobId = await until('the child to start the job', () => /"jobId":"([^"]+)"/.exec(out)?.[1] ?? (child.exitCode !== null ? `exit: ${err}` : undefined), 15_000);
    expect(jobId).toMatch(/^bf-/);
    const stored = () => {
      const db = new Database(dbPath, { readonly: true, fileMustExist: true });
      try {
        return (db.prepare(`SELECT count(*) AS n FROM bars WHERE source = ?`).get(ALPACA_ID) as { n: number }).n;
      } finally {
        db.close();
      }
    };
    await until('a third of the bars', () => stored() >= 4_000, 15_000);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const atKill = stored();
    expect(atKill).toBeLessThan(12_000);

    fake.controls.clearRequests();
    h = harness({ dbPath, alpaca: fake });
    expect(h.service.backfill.get(jobId).status).toBe('running');
    h.service.start();
    const done = await until('the resumed job', () => {
      const job = h!.service.backfill.get(jobId);
      return job.status === 'done' || job.status === 'failed' ? job : undefined;
    }, 15_000);
    expect(done).toMatchObject({ status: 'done', barsDone: 12_000, barsExpected: 12_000, gapsFound: 0 });
    expect(h.store.count(ALPACA_ID, 'BTC/USD', '1m')).toBe(6_000);
    expect(h.store.count(ALPACA_ID, 'ETH/USD', '1m')).toBe(6_000);
    const dupes = h.db.prepare(`SELECT count(*) AS n FROM (SELECT 1 FROM bars WHERE source = ? GROUP BY symbol, t HAVING count(*) > 1)`).get(ALPACA_ID) as { n: number };
    expect(dupes.n).toBe(0);
    // The restart did not start over: one request per missing 100-minute chunk, plus the few
    // chunks that were written past a cursor (or in flight) when the process died.
    expect(fake.controls.barRequests().length).toBeLessThanOrEqual(Math.ceil((12_000 - atKill) / 100) + 8);
  }, 40_000);
});
