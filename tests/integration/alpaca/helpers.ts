import { randomBytes } from 'node:crypto';
import { AlpacaConnection, type AlpacaConnectionOptions } from '../../../electron/core/brokers/alpaca/alpacaConnection';
import type { AlpacaSubmitRequest } from '../../../electron/core/brokers/alpaca/orderMapping';
import type { ConnectionState, ExecutionReport, VenueFill } from '../../../electron/core/brokers/port';
import { dec } from '../../../electron/core/domain/decimal';
import type { Logger } from '../../../electron/core/log/logger';
import type { FakeAlpaca } from '../../support/fakeAlpaca';

/** Fast retry, reconnect and polling so fault tests finish in well under a second each. */
export const FAST: Partial<AlpacaConnectionOptions> = {
  timeoutMs: 2_000,
  retry: { maxRetries: 2, baseDelayMs: 10, maxDelayMs: 2_000 },
  reconnect: { initialMs: 20, maxMs: 200, jitter: 0.2 },
  pollIntervalMs: 50,
  streamConnectTimeoutMs: 2_000,
  breaker: { failureThreshold: 5, coolDownMs: 500 },
};

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  fields?: Record<string, unknown>;
}

export function memoryLog(): Logger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at = (level: LogLine['level']) => (message: string, fields?: Record<string, unknown>) => {
    lines.push({ level, message, fields });
  };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** Collects reports and lets a test await the next one that matches, without sleeping. */
export class ReportRecorder {
  readonly all: ExecutionReport[] = [];
  private waiters: Array<{ test: (r: ExecutionReport) => boolean; resolve: (r: ExecutionReport) => void }> = [];

  constructor(conn: AlpacaConnection) {
    conn.onReport((r) => {
      this.all.push(r);
      this.waiters = this.waiters.filter((w) => {
        if (!w.test(r)) return true;
        w.resolve(r);
        return false;
      });
    });
  }

  fills(clientOrderId?: string): VenueFill[] {
    return this.all.flatMap((r) => (r.kind === 'fill' && (!clientOrderId || r.fill.clientOrderId === clientOrderId) ? [r.fill] : []));
  }

  /** Resolves with the first report, already received or still to come, that passes the test. */
  waitFor(test: (r: ExecutionReport) => boolean, what: string, timeoutMs = 5_000): Promise<ExecutionReport> {
    const seen = this.all.find(test);
    if (seen) return Promise.resolve(seen);
    return withTimeout(new Promise((resolve) => this.waiters.push({ test, resolve })), timeoutMs, what);
  }

  /** Resolves when `count` fills of this order were reported. */
  async waitForFills(clientOrderId: string, count: number, timeoutMs = 5_000): Promise<VenueFill[]> {
    let n = 0;
    await this.waitFor((r) => r.kind === 'fill' && r.fill.clientOrderId === clientOrderId && ++n >= count, `${count} fills of ${clientOrderId}`, timeoutMs);
    return this.fills(clientOrderId);
  }
}

export function waitForState(conn: AlpacaConnection, state: ConnectionState, timeoutMs = 5_000): Promise<string | undefined> {
  if (conn.state() === state) return Promise.resolve(undefined);
  return withTimeout(
    new Promise((resolve) => {
      const off = conn.onState((s, detail) => {
        if (s !== state) return;
        off();
        resolve(detail);
      });
    }),
    timeoutMs,
    `connection state ${state} (now ${conn.state()})`,
  );
}

export async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function newConnection(fake: FakeAlpaca, over: Partial<AlpacaConnectionOptions> = {}): AlpacaConnection {
  return new AlpacaConnection({
    accountId: 'alpaca-paper',
    keyId: fake.keyId,
    secret: fake.secret,
    baseUrl: fake.baseUrl,
    streamUrl: fake.streamUrl,
    ...FAST,
    ...over,
  });
}

export function clientId(tag = 't'): string {
  return `tw-m-${tag}${randomBytes(6).toString('hex')}`;
}

export function order(over: Partial<AlpacaSubmitRequest> & Pick<AlpacaSubmitRequest, 'symbol'>): AlpacaSubmitRequest {
  return {
    clientOrderId: clientId(),
    side: 'buy',
    type: 'market',
    tif: 'day',
    qty: dec(1),
    limitPrice: null,
    stopPrice: null,
    ...over,
  };
}

export function requestsTo(fake: FakeAlpaca, method: string, path: string | RegExp) {
  return fake.controls.requests().filter((r) => r.method === method && (typeof path === 'string' ? r.path === path : path.test(r.path)));
}
