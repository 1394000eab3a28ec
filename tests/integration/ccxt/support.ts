import { CcxtConnection, type CcxtConnectionOptions } from '../../../electron/core/brokers/ccxt/ccxtConnection';
import type { ExecutionReport, VenueFill } from '../../../electron/core/brokers/port';
import { startFakeBinance, type FakeBinance, type FakeBinanceOptions } from '../../support/fakeBinance';

/** Everything a test opened, closed in afterEach whatever the test did. */
export class Resources {
  private readonly closers: Array<() => Promise<void>> = [];

  add(close: () => Promise<void>): void {
    this.closers.push(close);
  }

  async closeAll(): Promise<void> {
    const closers = this.closers.splice(0).reverse();
    for (const close of closers) await close().catch(() => undefined);
  }
}

/** Execution reports as they arrive, with a way to await the next one that matches. */
export class ReportLog {
  readonly all: ExecutionReport[] = [];
  private readonly waiters: Array<{ match: (r: ExecutionReport) => boolean; resolve: (r: ExecutionReport) => void }> = [];

  constructor(conn: CcxtConnection) {
    conn.onReport((r) => {
      this.all.push(r);
      // Resolved waiters leave the list before they run, so a waiter may add another.
      const ready = this.waiters.filter((w) => w.match(r));
      for (const w of ready) this.waiters.splice(this.waiters.indexOf(w), 1);
      for (const w of ready) w.resolve(r);
    });
  }

  fills(clientOrderId?: string): VenueFill[] {
    return this.all.flatMap((r) => (r.kind === 'fill' && (clientOrderId === undefined || r.fill.clientOrderId === clientOrderId) ? [r.fill] : []));
  }

  /** The first report (already received or still to come) matching `match`; fails after timeoutMs. */
  next(match: (r: ExecutionReport) => boolean, timeoutMs = 5_000, what = 'a matching report'): Promise<ExecutionReport> {
    const seen = this.all.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${what} within ${timeoutMs} ms; got ${JSON.stringify(this.all.map((r) => r.kind))}`)), timeoutMs);
      this.waiters.push({
        match,
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
      });
    });
  }

  /** The n-th fill of an order (1-based), received or still to come. */
  async fill(clientOrderId: string, n = 1, timeoutMs = 5_000): Promise<VenueFill> {
    if (this.fills(clientOrderId).length < n) {
      await this.next((r) => r.kind === 'fill' && this.fills(clientOrderId).length >= n, timeoutMs, `fill #${n} of ${clientOrderId}`);
    }
    return this.fills(clientOrderId)[n - 1]!;
  }

  closing(clientOrderId: string, kind: 'canceled' | 'expired' | 'rejected', timeoutMs = 5_000): Promise<ExecutionReport> {
    return this.next((r) => r.kind === kind && r.clientOrderId === clientOrderId, timeoutMs, `${kind} report for ${clientOrderId}`);
  }
}

export async function startFake(resources: Resources, opts: FakeBinanceOptions = {}): Promise<FakeBinance> {
  const fake = await startFakeBinance({ balances: { USDT: '10000', BTC: '0.5', ETH: '2' }, ...opts });
  resources.add(() => fake.close());
  return fake;
}

/** A connection to the fake with test-sized timings; not connected yet. */
export function connectionTo(resources: Resources, fake: FakeBinance, opts: Partial<CcxtConnectionOptions> = {}): CcxtConnection {
  const conn = new CcxtConnection({
    exchangeId: 'binance',
    apiKey: fake.apiKey,
    secret: fake.secret,
    sandbox: false,
    urlsOverride: { ...fake.ccxtUrls, ws: fake.ccxtWsUrls },
    pollIntervalMs: 40,
    stream: false,
    retry: { attempts: 3, baseDelayMs: 20, maxDelayMs: 100 },
    breaker: { failureThreshold: 5, cooldownMs: 200, maxCooldownMs: 1_000 },
    timeoutMs: 3_000,
    ...opts,
  });
  resources.add(() => conn.close());
  return conn;
}

export async function connected(resources: Resources, opts: { fake?: FakeBinanceOptions; conn?: Partial<CcxtConnectionOptions> } = {}) {
  const fake = await startFake(resources, opts.fake);
  const conn = connectionTo(resources, fake, opts.conn);
  const reports = new ReportLog(conn);
  await conn.connect();
  fake.controls.clearRequests();
  return { fake, conn, reports };
}

let counter = 0;
/** Client order ids in our format (tw-<owner>-...), unique per test run. */
export function clientId(tag = 'm'): string {
  counter++;
  return `tw-${tag}-${Date.now().toString(36)}${counter.toString().padStart(4, '0')}`;
}
