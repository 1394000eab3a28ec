// A market data engine in a child process, for the kill test: it starts (or resumes) a
// backfill against the fake Alpaca data server of the parent, prints the job id, and runs
// until it is killed. Started as `node --import tsx <this file> '<json config>'`.
import { ALPACA_ID, harness } from './harness';

interface ChildConfig {
  dbPath: string;
  url: string;
  streamUrl: string;
  keyId: string;
  secret: string;
  from: number;
  to: number;
  symbols: string[];
}

const cfg = JSON.parse(process.argv[2] ?? '{}') as ChildConfig;
const h = harness({
  dbPath: cfg.dbPath,
  alpaca: { url: cfg.url, streamUrl: cfg.streamUrl, keyId: cfg.keyId, secret: cfg.secret },
  // Slow enough that the parent can kill it halfway: 20 requests a second, 100-minute chunks.
  config: { backfill: { chunkMinutes: 100, concurrency: 3 }, rateLimits: { alpaca: { perSecond: 20, burst: 2 } } },
});
const job = await h.service.backfill.start({ source: ALPACA_ID, symbols: cfg.symbols, from: cfg.from, to: cfg.to, session: 'regular' });
process.stdout.write(`${JSON.stringify({ jobId: job.id })}\n`);
// Runs until killed.
setInterval(() => undefined, 1_000);
