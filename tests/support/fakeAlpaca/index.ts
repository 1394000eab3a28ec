import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Decimal, dec } from '../../../electron/core/domain/decimal';
import { defaultAssets, type FakeAsset } from './assets';
import { handleHttp, matches, type FailureRule, type LoggedRequest, type RequestMatcher } from './http';
import { fillActivityJson, orderJson, tradeUpdateJson, type Json } from './payloads';
import { TradeUpdatesServer } from './stream';
import { FakeVenue } from './venue';

export type { FakeAsset } from './assets';
export type { LoggedRequest, RequestMatcher } from './http';

export interface FakeAlpacaOptions {
  keyId?: string;
  secret?: string;
  cash?: string;
  assets?: FakeAsset[];
  /** Starting prices, e.g. { AAPL: '190' }. */
  prices?: Record<string, string>;
  accountNumber?: string;
}

export interface FakeAlpacaControls {
  /** Moves the market: market orders fill at it, limits and stops trigger when it crosses. */
  setPrice(symbol: string, price: string | number): void;
  /** Fills an open order by hand (venue or client id): all of it, or qty, at price or its limit / the last price. */
  fill(orderId: string, qty?: string | number, price?: string | number): { executionId: string };
  /** Ends an open order as Alpaca does at the close for day orders. */
  expire(orderId: string): void;
  /**
   * The next replace is answered but its replacement does not reach the market yet: the old
   * order keeps working, and if it fills first, the replacement is rejected (Alpaca's race).
   */
  deferNextReplace(): void;
  /** The next n requests (optionally only those matching) fail with this status. */
  failNext(n: number, status: number, opts?: { retryAfter?: number } & RequestMatcher): void;
  /** The next order POST (or matching request) is carried out, but its reply is lost: the socket is destroyed. */
  loseNextReply(match?: RequestMatcher): void;
  /** Kills the trade_updates connections abruptly (the client sees an abnormal close). */
  dropStream(): void;
  /** While on, new stream connections are refused (HTTP 503 on the upgrade). */
  refuseStreams(on: boolean): void;
  /** Clients currently listening to trade_updates. */
  streamListeners(): number;
  /** Stream connections accepted since start (a reconnect adds one). */
  streamConnections(): number;
  /** Every order, legs included, in Alpaca's JSON. */
  orders(): Array<{ [key: string]: Json }>;
  /** Every execution, as FILL activities. */
  fills(): Array<{ [key: string]: Json }>;
  /** Every request that reached the fake, in order. */
  requests(): LoggedRequest[];
  /** Resolves when the next request matching is answered (reply sent or dropped). */
  nextRequest(match: RequestMatcher): Promise<LoggedRequest>;
  cash(): Decimal;
}

export interface FakeAlpaca {
  baseUrl: string;
  streamUrl: string;
  keyId: string;
  secret: string;
  controls: FakeAlpacaControls;
  close(): Promise<void>;
}

/**
 * A fake Alpaca Trading API v2 on 127.0.0.1 (random port): REST with Alpaca's JSON shapes
 * and errors, and the trade_updates WebSocket as the SDK speaks it. Tests drive the
 * market and inject faults through `controls`.
 */
export async function startFakeAlpaca(opts: FakeAlpacaOptions = {}): Promise<FakeAlpaca> {
  const keyId = opts.keyId ?? 'PKTEST00000000000001';
  const secret = opts.secret ?? 'fake-secret-0000000000000000000000000001';
  const stream = new TradeUpdatesServer(keyId, secret);
  const venue: FakeVenue = new FakeVenue(opts.assets ?? defaultAssets(), dec(opts.cash ?? '100000'), (e) => stream.publish(tradeUpdateJson(e, venue)));
  for (const [symbol, price] of Object.entries(opts.prices ?? {})) venue.setPrice(symbol, dec(price));

  const log: LoggedRequest[] = [];
  const failures: FailureRule[] = [];
  const loseReplies: Array<RequestMatcher & { remaining: number }> = [];
  let requestWaiters: Array<{ match: RequestMatcher; resolve: (r: LoggedRequest) => void }> = [];
  const httpState = {
    onAnswered: (entry: LoggedRequest) => {
      requestWaiters = requestWaiters.filter((w) => {
        if (!matches(w.match, entry.method, entry.path)) return true;
        w.resolve(entry);
        return false;
      });
    },
    venue,
    keyId,
    secret,
    accountNumber: opts.accountNumber ?? 'PA3FAKE0ALPCA',
    accountId: '1d9eed04-be39-4e01-9b84-a48ac5bbafcf',
    log,
    failures,
    loseReplies,
  };

  const server: Server = createServer((req, res) => {
    handleHttp(httpState, req, res).catch((err: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ code: 50010000, message: `fake alpaca crashed: ${err instanceof Error ? err.message : String(err)}` }));
      }
    });
  });
  server.on('upgrade', (req, socket, head) => stream.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const controls: FakeAlpacaControls = {
    setPrice: (symbol, price) => venue.setPrice(symbol, dec(String(price))),
    fill: (orderId, qty, price) => {
      const e = venue.fillByHand(orderId, qty === undefined ? undefined : dec(String(qty)), price === undefined ? undefined : dec(String(price)));
      return { executionId: e.executionId };
    },
    expire: (orderId) => venue.expire(orderId),
    deferNextReplace: () => venue.deferNextReplace(),
    failNext: (n, status, o = {}) => failures.push({ remaining: n, status, retryAfter: o.retryAfter, method: o.method, path: o.path }),
    loseNextReply: (match = { method: 'POST', path: '/v2/orders' }) => loseReplies.push({ ...match, remaining: 1 }),
    dropStream: () => stream.drop(),
    refuseStreams: (on) => stream.refuse(on),
    streamListeners: () => stream.listeners(),
    streamConnections: () => stream.connectionsAccepted,
    orders: () => [...venue.orders.values()].map((o) => orderJson(o, venue, { nested: false })),
    fills: () => venue.executions.map(fillActivityJson),
    requests: () => [...log],
    nextRequest: (match) => new Promise((resolve) => requestWaiters.push({ match, resolve })),
    cash: () => venue.cash,
  };

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    streamUrl: `ws://127.0.0.1:${port}/stream`,
    keyId,
    secret,
    controls,
    close: async () => {
      await stream.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
export { makeBar, startFakeAlpacaData } from './marketData';
