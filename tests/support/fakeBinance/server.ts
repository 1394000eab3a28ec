import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { BinanceError, binanceErrors as E, defaultFailure } from './errors';
import { SpotVenue } from './spotVenue';
import { D, canceledOrderJson, isOpen, newOrderJson, orderJson, tradeJson, wire, type FakeOrder, type FakeTrade } from './wire';

export interface FakeBinanceOptions {
  apiKey?: string;
  secret?: string;
  /** An exchangeInfo payload; defaults to tests/fixtures/binance/exchangeInfo.json. */
  exchangeInfo?: { symbols: unknown[] };
  /** Starting balances, e.g. { USDT: '10000', BTC: '0.5' }. */
  balances?: Record<string, string>;
  /** Commission rate, default 0.001 (0.1 %), charged in the asset received unless commissionAsset is set. */
  commissionRate?: string;
  commissionAsset?: 'received' | string;
}

export interface LoggedRequest {
  method: string;
  path: string;
  /** Query and body parameters, without the signature. */
  params: Record<string, string>;
  at: number;
  status?: number;
}

export interface FailureSpec {
  code?: number;
  msg?: string;
  /** Seconds, sent as Retry-After. */
  retryAfter?: number;
  /** Only requests with this method (GET, POST, DELETE) and/or this path (/api/v3/order) fail. */
  method?: string;
  path?: string;
}

export interface OrderView {
  orderId: string;
  clientOrderId: string;
  symbol: string;
  side: string;
  type: string;
  status: string;
  origQty: string;
  executedQty: string;
  price: string;
}

export interface FakeBinanceControls {
  /** The last trade price: market orders fill at it, resting limits fill when it reaches them. `available` caps the quantity that trades at it. */
  setPrice(symbol: string, price: string | number, opts?: { available?: string | number }): void;
  /** Fills an open order (by Binance orderId or client order id); qty defaults to the rest, price to its limit or the last price. */
  fill(order: string | number, qty?: string | number, price?: string | number): void;
  /** The venue ends an open order by itself (status EXPIRED). */
  expire(order: string | number): void;
  /** The next n matching requests fail with this HTTP status and a Binance error body, before being processed. */
  failNext(n: number, status: number, spec?: FailureSpec): void;
  /** Forgets failures set with failNext that have not happened yet. */
  clearFailures(): void;
  /** The next matching request (default POST /api/v3/order) is processed, then its connection is destroyed without a reply. */
  loseNextReply(match?: { method?: string; path?: string }): void;
  setBalance(asset: string, free: string | number, locked?: string | number): void;
  balances(): Record<string, { free: string; locked: string }>;
  setCommission(rate: string | number, asset?: 'received' | string): void;
  /** Moves the server clock (ms) relative to the machine's, to test recvWindow handling. */
  setClockSkew(ms: number): void;
  orders(): OrderView[];
  order(ref: string | number): OrderView | undefined;
  trades(): Array<{ id: string; orderId: string; qty: string; price: string; commission: string; commissionAsset: string; isMaker: boolean }>;
  /** Every request received, oldest first. */
  readonly requests: readonly LoggedRequest[];
  requestsTo(method: string, path: string): LoggedRequest[];
  clearRequests(): void;
}

export interface FakeBinance {
  /** http://127.0.0.1:<port> */
  url: string;
  /** ccxt binance `urls.api` entries pointing at this server, for spot REST. */
  ccxtUrls: Record<string, string>;
  /** ccxt.pro `urls.api.ws` entries pointing here; this fake serves no websockets, so streams fail fast. */
  ccxtWsUrls: { spot: string; margin: string; 'ws-api': { spot: string } };
  apiKey: string;
  secret: string;
  controls: FakeBinanceControls;
  close(): Promise<void>;
}

type Handler = (ctx: { params: Record<string, string>; venue: SpotVenue; now: number }) => unknown;
interface Route {
  signed: boolean;
  handle: Handler;
}

const DEFAULT_EXCHANGE_INFO = fileURLToPath(new URL('../../fixtures/binance/exchangeInfo.json', import.meta.url));

/**
 * A fake Binance spot REST API v3 on 127.0.0.1, speaking the real JSON shapes and error
 * codes, enough for ccxt's `binance` class: loadMarkets, fetchTime, fetchBalance,
 * createOrder, fetchOrder, fetchOpenOrders, fetchClosedOrders / fetchOrders, cancelOrder,
 * fetchMyTrades / fetchOrderTrades. Signed endpoints check X-MBX-APIKEY, the HMAC-SHA256
 * signature and timestamp/recvWindow like Binance does.
 */
export async function startFakeBinance(opts: FakeBinanceOptions = {}): Promise<FakeBinance> {
  const apiKey = opts.apiKey ?? 'fake-binance-api-key-0000000000000000000000000000000000000000000000';
  const secret = opts.secret ?? 'fake-binance-secret-0000000000000000000000000000000000000000000000';
  let skewMs = 0;
  const now = () => Date.now() + skewMs;
  const exchangeInfo = opts.exchangeInfo ?? (JSON.parse(readFileSync(DEFAULT_EXCHANGE_INFO, 'utf8')) as { symbols: unknown[] });
  const venue = new SpotVenue(exchangeInfo, now);
  for (const [asset, free] of Object.entries(opts.balances ?? { USDT: '10000' })) venue.balance(asset).free = new D(free);
  venue.commission = { rate: new D(opts.commissionRate ?? '0.001'), asset: opts.commissionAsset ?? 'received' };

  const requests: LoggedRequest[] = [];
  const failures: Array<{ remaining: number; status: number; spec: FailureSpec }> = [];
  const lostReplies: Array<{ method?: string; path?: string }> = [];
  const routes = buildRoutes(exchangeInfo);

  const server = createServer((req, res) => {
    readBody(req)
      .then((body) => serve(req, res, body))
      .catch((err: unknown) => {
        if (!res.headersSent) send(res, 500, { code: -1000, msg: String(err) });
      });
  });

  function serve(req: IncomingMessage, res: ServerResponse, rawBody: string): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const path = url.pathname;
    const rawQuery = url.search.startsWith('?') ? url.search.slice(1) : '';
    const params = { ...Object.fromEntries(new URLSearchParams(rawQuery)), ...Object.fromEntries(new URLSearchParams(rawBody)) };
    const { signature, ...loggedParams } = params;
    const entry: LoggedRequest = { method, path, params: loggedParams, at: Date.now() };
    requests.push(entry);
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      entry.status = status;
      send(res, status, body, headers);
    };

    const failure = failures.find((f) => f.remaining > 0 && matches(f.spec, method, path));
    if (failure) {
      failure.remaining--;
      const base = defaultFailure(failure.status);
      const headers: Record<string, string> = {};
      if (failure.spec.retryAfter !== undefined) headers['Retry-After'] = String(failure.spec.retryAfter);
      reply(failure.status, { code: failure.spec.code ?? base.code, msg: failure.spec.msg ?? base.msg }, headers);
      return;
    }

    const route = routes.get(`${method} ${path}`);
    if (!route) {
      entry.status = 404;
      res.writeHead(404, { 'Content-Type': 'text/html' }).end('<html><body><h2>404 Not found</h2></body></html>');
      return;
    }
    try {
      if (route.signed) authenticate(req, rawQuery, rawBody, signature, params);
      const result = route.handle({ params, venue, now: now() });
      const lost = lostReplies.findIndex((m) => matches(m, method, path));
      if (lost >= 0) {
        lostReplies.splice(lost, 1);
        // Processed, then the connection drops: the client cannot know the outcome.
        entry.status = 0;
        res.socket?.destroy();
        return;
      }
      reply(200, result);
    } catch (err) {
      if (err instanceof BinanceError) reply(err.status, err.body());
      else reply(500, { code: -1000, msg: `fake Binance bug: ${String(err)}` });
    }
  }

  function authenticate(req: IncomingMessage, rawQuery: string, rawBody: string, signature: string | undefined, params: Record<string, string>): void {
    const key = req.headers['x-mbx-apikey'];
    if (typeof key !== 'string' || key.length === 0) throw E.apiKeyFormat();
    if (key !== apiKey) throw E.invalidApiKey();
    if (params.timestamp === undefined) throw E.mandatoryParam('timestamp');
    if (signature === undefined) throw E.mandatoryParam('signature');
    // Binance signs "totalParams": the query string followed by the body, without the signature itself.
    const strip = (s: string) => s.split('&').filter((kv) => kv !== '' && !kv.startsWith('signature=')).join('&');
    const payload = strip(rawQuery) + strip(rawBody);
    const expected = createHmac('sha256', secret).update(payload).digest();
    const given = Buffer.from(signature, 'hex');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw E.badSignature();
    const recvWindow = params.recvWindow === undefined ? 5000 : Number(params.recvWindow);
    if (!(recvWindow > 0) || recvWindow > 60_000) throw E.recvWindowTooLarge();
    const timestamp = Number(params.timestamp);
    const serverTime = now();
    if (timestamp > serverTime + 1000) throw E.aheadOfServer();
    if (serverTime - timestamp > recvWindow) throw E.outsideRecvWindow();
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  const orderByRef = (ref: string | number): FakeOrder => {
    const key = String(ref);
    const o = venue.orders.find((x) => String(x.orderId) === key) ?? [...venue.orders].reverse().find((x) => x.clientOrderId === key);
    if (!o) throw new Error(`fake Binance: no order ${key}`);
    return o;
  };
  const view = (o: FakeOrder): OrderView => ({
    orderId: String(o.orderId),
    clientOrderId: o.clientOrderId,
    symbol: o.symbol,
    side: o.side,
    type: o.type,
    status: o.status,
    origQty: o.origQty.toFixed(),
    executedQty: o.executedQty.toFixed(),
    price: o.price.toFixed(),
  });
  const optionalDecimal = (v: string | number | undefined) => (v === undefined ? undefined : new D(v));

  const controls: FakeBinanceControls = {
    setPrice: (symbol, price, o) => venue.setPrice(symbol, new D(price), optionalDecimal(o?.available)),
    fill: (ref, qty, price) => {
      venue.fill(orderByRef(ref), optionalDecimal(qty), optionalDecimal(price));
    },
    expire: (ref) => venue.expire(orderByRef(ref)),
    failNext: (n, status, spec = {}) => {
      failures.push({ remaining: n, status, spec });
    },
    clearFailures: () => {
      failures.length = 0;
    },
    loseNextReply: (match = { method: 'POST', path: '/api/v3/order' }) => {
      lostReplies.push(match);
    },
    setBalance: (asset, free, locked = 0) => {
      const b = venue.balance(asset);
      b.free = new D(free);
      b.locked = new D(locked);
    },
    balances: () => Object.fromEntries([...venue.balances].map(([a, b]) => [a, { free: b.free.toFixed(), locked: b.locked.toFixed() }])),
    setCommission: (rate, asset = 'received') => {
      venue.commission = { rate: new D(rate), asset };
    },
    setClockSkew: (ms) => {
      skewMs = ms;
    },
    orders: () => venue.orders.map(view),
    order: (ref) => {
      try {
        return view(orderByRef(ref));
      } catch {
        return undefined;
      }
    },
    trades: () =>
      venue.trades.map((t: FakeTrade) => ({
        id: String(t.id),
        orderId: String(t.orderId),
        qty: t.qty.toFixed(),
        price: t.price.toFixed(),
        commission: t.commission.toFixed(),
        commissionAsset: t.commissionAsset,
        isMaker: t.isMaker,
      })),
    requests,
    requestsTo: (method, path) => requests.filter((r) => r.method === method && r.path === path),
    clearRequests: () => {
      requests.length = 0;
    },
  };

  return {
    url,
    // ccxt's binance reads spot REST from urls.api.public / private (both /api/v3) and v1;
    // sapi is only reached for margin / currencies, which the adapter switches off.
    ccxtUrls: { public: `${url}/api/v3`, private: `${url}/api/v3`, v1: `${url}/api/v1`, sapi: `${url}/sapi/v1` },
    // ccxt.pro's binance streams (none served here: a stream client finds nothing to talk to).
    ccxtWsUrls: {
      spot: `ws://127.0.0.1:${port}/ws`,
      margin: `ws://127.0.0.1:${port}/ws`,
      'ws-api': { spot: `ws://127.0.0.1:${port}/ws-api/v3` },
    },
    apiKey,
    secret,
    controls,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // Keep-alive sockets from the client would hold the server open.
        server.closeAllConnections();
      }),
  };
}

function buildRoutes(exchangeInfo: object): Map<string, Route> {
  const routes = new Map<string, Route>();
  const add = (method: string, path: string, signed: boolean, handle: Handler) => routes.set(`${method} ${path}`, { signed, handle });
  const int = (p: Record<string, string>, name: string): number | undefined => {
    const v = p[name];
    if (v === undefined) return undefined;
    if (!/^-?\d+$/.test(v)) throw E.illegalChars(name);
    return Number(v);
  };
  const limitOf = (p: Record<string, string>, max: number) => Math.min(int(p, 'limit') ?? 500, max);
  const symbolOf = (p: Record<string, string>, venue: SpotVenue) => {
    const symbol = p.symbol;
    if (symbol === undefined || symbol === '') throw E.mandatoryParam('symbol');
    if (!venue.rules.has(symbol)) throw E.invalidSymbol();
    return symbol;
  };
  const orderRef = (p: Record<string, string>, venue: SpotVenue) => {
    const symbol = symbolOf(p, venue);
    if (p.orderId === undefined && p.origClientOrderId === undefined) throw E.mandatoryParam('orderId');
    return venue.findOrder(symbol, p.orderId, p.origClientOrderId);
  };

  add('GET', '/api/v3/ping', false, () => ({}));
  add('GET', '/api/v3/time', false, ({ now }) => ({ serverTime: now }));
  add('GET', '/api/v3/exchangeInfo', false, ({ now }) => ({ ...exchangeInfo, serverTime: now }));
  add('GET', '/api/v3/account', true, ({ venue, now }) => ({
    makerCommission: 10,
    takerCommission: 10,
    buyerCommission: 0,
    sellerCommission: 0,
    commissionRates: { maker: '0.00100000', taker: '0.00100000', buyer: '0.00000000', seller: '0.00000000' },
    canTrade: true,
    canWithdraw: true,
    canDeposit: true,
    brokered: false,
    requireSelfTradePrevention: false,
    preventSor: false,
    updateTime: now,
    accountType: 'SPOT',
    balances: [...venue.balances].map(([asset, b]) => ({ asset, free: wire(b.free), locked: wire(b.locked) })),
    permissions: ['SPOT'],
    uid: 354937868,
  }));
  add('POST', '/api/v3/order', true, ({ params, venue }) => {
    const { order, fills } = venue.placeOrder(params);
    const respType = params.newOrderRespType ?? (order.type === 'MARKET' || order.type === 'LIMIT' ? 'FULL' : 'ACK');
    return newOrderJson(order, respType, fills);
  });
  add('GET', '/api/v3/order', true, ({ params, venue }) => {
    const o = orderRef(params, venue);
    if (!o) throw E.orderDoesNotExist();
    return orderJson(o);
  });
  add('DELETE', '/api/v3/order', true, ({ params, venue, now }) => {
    const o = orderRef(params, venue);
    if (!o || !isOpen(o)) throw E.unknownOrderSent();
    venue.cancelOrder(o);
    return canceledOrderJson(o, params.newClientOrderId ?? randomBytes(11).toString('base64url'), now);
  });
  add('GET', '/api/v3/openOrders', true, ({ params, venue }) => {
    if (params.symbol !== undefined && !venue.rules.has(params.symbol)) throw E.invalidSymbol();
    return venue.openOrders(params.symbol).map(orderJson);
  });
  add('GET', '/api/v3/allOrders', true, ({ params, venue }) =>
    venue
      .allOrders(symbolOf(params, venue), {
        orderId: int(params, 'orderId'),
        startTime: int(params, 'startTime'),
        endTime: int(params, 'endTime'),
        limit: limitOf(params, 1000),
      })
      .map(orderJson),
  );
  add('GET', '/api/v3/myTrades', true, ({ params, venue }) =>
    venue
      .myTrades(symbolOf(params, venue), {
        orderId: int(params, 'orderId'),
        fromId: int(params, 'fromId'),
        startTime: int(params, 'startTime'),
        endTime: int(params, 'endTime'),
        limit: limitOf(params, 1000),
      })
      .map(tradeJson),
  );
  return routes;
}

function matches(m: { method?: string; path?: string }, method: string, path: string): boolean {
  return (m.method === undefined || m.method === method) && (m.path === undefined || m.path === path);
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json;charset=UTF-8', 'x-mbx-used-weight-1m': '1', ...headers });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
