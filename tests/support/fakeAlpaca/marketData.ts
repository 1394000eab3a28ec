/**
 * A fake Alpaca Market Data API on 127.0.0.1 (random port), for the real SDK's market data
 * clients: REST bars (v2 stocks single and multi-symbol, v1beta3 crypto) with Alpaca's
 * pagination (`limit`, `next_page_token`, inclusive `end`), its error bodies (429 with
 * Retry-After, 403 for recent SIP data on a plan without it, 401), the asset list
 * (GET /v2/assets, for the instrument search), and the market data WebSocket in msgpack
 * (/v2/iex, /v2/sip, /v1beta3/crypto/us: auth, subscribe/unsubscribe, bars, trades, quotes,
 * order books), which tests can drop and refuse.
 *
 * Bars are deterministic per (symbol, minute). Equities trade in the extended session of
 * NYSE days (04:00-20:00 New York, 17:00 on half days); crypto every minute. Tests remove
 * minutes for good (`noTradeMinutes`: nobody traded), or only from the first answer that
 * covers them (`hideOnce`: a venue hiccup that a second fetch repairs).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { decode, encode } from '@msgpack/msgpack';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { NyDayIndex } from '../../../electron/core/marketdata/sessions';
import { RuleCalendar } from '../../../electron/core/risk/marketCalendar';
import { defaultAssets, type FakeAsset } from './assets';
import { assetJson } from './payloads';

export interface FakeBarSpec {
  o: number;
  h: number;
  l: number;
  c: number;
  v: number;
}

export interface FakeAlpacaDataOptions {
  keyId?: string;
  secret?: string;
  assets?: FakeAsset[];
  /** What the account's plan allows: 'iex' refuses SIP data of the last 15 minutes with 403 (default 'sip'). */
  entitlement?: 'iex' | 'sip';
  /** Largest page the server sends, whatever `limit` asks (Alpaca: 10000). */
  maxPageSize?: number;
  /** Requests per second above which the server answers 429 with Retry-After: 1 (default: no limit). */
  rateLimitPerSecond?: number;
  /** The server's clock (epoch ms); no bar exists at or after the current minute. */
  now?: () => number;
}

export interface DataRequest {
  path: string;
  query: Record<string, string>;
  status: number;
  at: number;
}

export type Corruption = 'high_below_low' | 'out_of_order' | 'duplicate' | 'not_json' | 'missing_field';

export interface FakeAlpacaDataControls {
  /** The next n REST requests (optionally only those whose path matches) fail with this status. */
  failNext(n: number, status: number, opts?: { retryAfter?: number; path?: RegExp }): void;
  /** Minutes nobody traded: never in any answer. */
  noTradeMinutes(symbol: string, fromMs: number, toMs: number): void;
  /** Minutes missing from the first answer that covers them only (a second request has them). */
  hideOnce(symbol: string, fromMs: number, toMs: number): void;
  /** A bars answer (optionally only for a path, after `skip` good ones) is spoiled this way. */
  corruptNext(kind: Corruption, opts?: { path?: RegExp; skip?: number }): void;
  /** The bar the fake has for a minute (null if none). */
  barAt(symbol: string, tSec: number): FakeBarSpec | null;
  /** Sends a minute bar to stream clients subscribed to the symbol's bars. */
  pushBar(symbol: string, tSec: number, bar?: FakeBarSpec): void;
  pushTrade(symbol: string, t: { atMs: number; price: number; size: number; takerSide?: 'B' | 'S'; id?: number }): void;
  pushQuote(symbol: string, q: { atMs: number; bidPrice: number; bidSize: number; askPrice: number; askSize: number }): void;
  pushOrderbook(symbol: string, ob: { atMs: number; bids: Array<[number, number]>; asks: Array<[number, number]>; reset: boolean }): void;
  /** Kills every stream connection without a close handshake. */
  dropStreams(): void;
  /** While on, stream upgrades are refused (HTTP 503). */
  refuseStreams(on: boolean): void;
  /** Stream clients authenticated and subscribed to bars of the symbol. */
  streamSubscribers(symbol: string): number;
  streamConnections(): number;
  requests(): DataRequest[];
  barRequests(symbol?: string): DataRequest[];
  clearRequests(): void;
}

export interface FakeAlpacaData {
  /** REST base for both the data and the trading (assets) clients: http://127.0.0.1:<port> */
  url: string;
  /** Market data stream host: ws://127.0.0.1:<port> (the adapter appends /v2/<feed> or /v1beta3/crypto/us). */
  streamUrl: string;
  keyId: string;
  secret: string;
  controls: FakeAlpacaDataControls;
  close(): Promise<void>;
}

const MINUTE = 60;
const RECENT_SIP_MS = 15 * 60_000;

export async function startFakeAlpacaData(opts: FakeAlpacaDataOptions = {}): Promise<FakeAlpacaData> {
  const keyId = opts.keyId ?? 'PKDATA0000000000001';
  const secret = opts.secret ?? 'fake-data-secret-00000000000000000001';
  const now = opts.now ?? Date.now;
  const assets = opts.assets ?? defaultAssets();
  const assetBySymbol = new Map(assets.map((a) => [a.symbol, a]));
  const maxPage = opts.maxPageSize ?? 10_000;
  const days = new NyDayIndex(new RuleCalendar(), 'extended');
  const noTrade = new Map<string, Array<[number, number]>>();
  const hidden = new Map<string, Array<[number, number]>>();
  const failures: Array<{ remaining: number; status: number; retryAfter?: number; path?: RegExp }> = [];
  const corruptions: Array<{ kind: Corruption; path?: RegExp; skip: number }> = [];
  const log: DataRequest[] = [];
  const recent: number[] = [];

  const isCrypto = (symbol: string) => assetBySymbol.get(symbol)?.class === 'crypto' || symbol.includes('/');
  const inRanges = (ranges: Array<[number, number]> | undefined, t: number) => !!ranges?.some(([a, b]) => t >= a && t < b);

  function tradedAt(symbol: string, tSec: number): boolean {
    if (tSec * 1000 >= Math.floor(now() / 60_000) * 60_000) return false;
    if (inRanges(noTrade.get(symbol), tSec)) return false;
    if (isCrypto(symbol)) return true;
    const d = days.dayOf(tSec);
    return tSec >= d.windowStart && tSec < d.windowEnd;
  }

  function barAt(symbol: string, tSec: number): FakeBarSpec | null {
    if (!tradedAt(symbol, tSec)) return null;
    return makeBar(symbol, tSec);
  }

  /** Bars of a symbol in [startSec, endSec] (inclusive, as Alpaca's `end`), hiding the hide-once minutes of this answer. */
  function barsBetween(symbol: string, startSec: number, endSec: number, afterSec: number | null, limit: number): { rows: Array<[number, FakeBarSpec]>; more: number | null } {
    const rows: Array<[number, FakeBarSpec]> = [];
    const first = Math.ceil(Math.max(startSec, afterSec ?? Number.NEGATIVE_INFINITY) / MINUTE) * MINUTE;
    const hide = hidden.get(symbol);
    const revealed: Array<[number, number]> = [];
    let t = first;
    for (; t <= endSec; t += MINUTE) {
      const bar = barAt(symbol, t);
      if (!bar) continue;
      if (hide && inRanges(hide, t)) {
        // Hidden from this answer only: the range is revealed for the next one.
        for (const r of hide) if (t >= r[0] && t < r[1] && !revealed.includes(r)) revealed.push(r);
        continue;
      }
      if (rows.length === limit) return finish(rows, t);
      rows.push([t, bar]);
    }
    return finish(rows, null);
    function finish(r: Array<[number, FakeBarSpec]>, more: number | null) {
      if (hide && revealed.length) hidden.set(symbol, hide.filter((x) => !revealed.includes(x)));
      return { rows: r, more };
    }
  }

  const server = createServer((req, res) => {
    try {
      serve(req, res);
    } catch (err) {
      reply(res, 500, { code: 50010000, message: `fake alpaca data crashed: ${err instanceof Error ? err.message : String(err)}` });
    }
  });

  function serve(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    const query = Object.fromEntries(url.searchParams);
    const entry: DataRequest = { path, query, status: 0, at: Date.now() };
    log.push(entry);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      entry.status = status;
      reply(res, status, body, headers);
    };
    // Crypto market data is public at Alpaca (the SDK sends no keys for it); everything else needs them.
    const keysSent = req.headers['apca-api-key-id'] !== undefined || req.headers['apca-api-secret-key'] !== undefined;
    const publicPath = path.startsWith('/v1beta3/crypto/');
    if ((keysSent || !publicPath) && (req.headers['apca-api-key-id'] !== keyId || req.headers['apca-api-secret-key'] !== secret)) {
      send(401, { code: 40110000, message: 'request is not authorized' });
      return;
    }
    if (opts.rateLimitPerSecond !== undefined) {
      const t = Date.now();
      while (recent.length && recent[0]! <= t - 1000) recent.shift();
      if (recent.length >= opts.rateLimitPerSecond) {
        send(429, { code: 42910000, message: 'rate limit exceeded' }, { 'Retry-After': '1' });
        return;
      }
      recent.push(t);
    }
    const failure = failures.find((f) => f.remaining > 0 && (!f.path || f.path.test(path)));
    if (failure) {
      failure.remaining--;
      const headers: Record<string, string> = failure.retryAfter !== undefined ? { 'Retry-After': String(failure.retryAfter) } : {};
      send(failure.status, { code: failure.status * 100_000, message: failure.status === 429 ? 'rate limit exceeded' : 'internal server error' }, headers);
      return;
    }
    if (req.method !== 'GET') {
      send(405, { code: 40510000, message: 'method not allowed' });
      return;
    }
    if (path === '/v2/assets') {
      const wantedClass = query.asset_class;
      send(200, assets.filter((a) => (!wantedClass || a.class === wantedClass) && (!query.status || a.status === query.status)).map(assetJson));
      return;
    }
    const single = /^\/v2\/stocks\/([^/]+)\/bars$/.exec(path);
    if (single || path === '/v2/stocks/bars' || path === '/v1beta3/crypto/us/bars') {
      const symbols = single ? [decodeURIComponent(single[1]!)] : (query.symbols ?? '').split(',').filter(Boolean);
      if (query.timeframe !== '1Min') {
        send(422, { code: 42210000, message: `invalid timeframe: ${query.timeframe ?? ''}` });
        return;
      }
      const feed = query.feed ?? opts.entitlement ?? 'sip';
      const endMs = query.end ? Date.parse(query.end) : now();
      if (!path.startsWith('/v1beta3') && feed === 'sip' && opts.entitlement === 'iex' && endMs > now() - RECENT_SIP_MS) {
        send(403, { message: 'subscription does not permit querying recent SIP data' });
        return;
      }
      const startSec = query.start ? Date.parse(query.start) / 1000 : 0;
      const endSec = endMs / 1000;
      const limit = Math.min(Number(query.limit ?? 1000), maxPage);
      const token = query.page_token ? decodeToken(query.page_token) : null;
      let remaining = limit;
      const bySymbol: Record<string, unknown[]> = {};
      let next: string | null = null;
      for (const symbol of symbols.sort()) {
        if (token && symbol < token.symbol) continue;
        const after = token && symbol === token.symbol ? token.t : null;
        const { rows, more } = barsBetween(symbol, startSec, endSec, after, remaining);
        if (rows.length) bySymbol[symbol] = rows.map(([t, b]) => barJson(t, b));
        remaining -= rows.length;
        if (more !== null) {
          next = encodeToken(symbol, more);
          break;
        }
        if (remaining === 0) {
          const idx = symbols.indexOf(symbol);
          if (idx < symbols.length - 1) next = encodeToken(symbols[idx + 1]!, 0);
          break;
        }
      }
      const corruption = corruptions.findIndex((c) => !c.path || c.path.test(path));
      if (corruption >= 0 && corruptions[corruption]!.skip > 0) corruptions[corruption]!.skip--;
      else if (corruption >= 0) {
        const [c] = corruptions.splice(corruption, 1);
        if (c!.kind === 'not_json') {
          entry.status = 200;
          res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"bars": [ {"t": "2024-');
          return;
        }
        spoil(bySymbol, c!.kind);
      }
      if (single) send(200, { bars: bySymbol[symbols[0]!] ?? null, symbol: symbols[0], next_page_token: next });
      else send(200, { bars: bySymbol, next_page_token: next });
      return;
    }
    send(404, { code: 40410000, message: 'endpoint not found' });
  }

  // ---- stream ----------------------------------------------------------------------

  interface StreamClient {
    socket: WebSocket;
    kind: 'stocks' | 'crypto';
    authenticated: boolean;
    subs: Record<'bars' | 'trades' | 'quotes' | 'orderbooks', Set<string>>;
  }
  const wss = new WebSocketServer({ noServer: true });
  const clients = new Set<StreamClient>();
  let refusing = false;
  let connections = 0;

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const kind = path === '/v2/iex' || path === '/v2/sip' ? 'stocks' : path === '/v1beta3/crypto/us' ? 'crypto' : null;
    if (refusing || !kind) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => accept(ws, kind));
  });

  function accept(ws: WebSocket, kind: 'stocks' | 'crypto'): void {
    connections++;
    const client: StreamClient = { socket: ws, kind, authenticated: false, subs: { bars: new Set(), trades: new Set(), quotes: new Set(), orderbooks: new Set() } };
    clients.add(client);
    ws.on('message', (raw) => onMessage(client, raw));
    ws.on('close', () => clients.delete(client));
    ws.on('error', () => clients.delete(client));
    sendFrames(client, [{ T: 'success', msg: 'connected' }]);
  }

  function onMessage(client: StreamClient, raw: RawData): void {
    let msg: Record<string, unknown>;
    try {
      msg = decode(toBuffer(raw)) as Record<string, unknown>;
    } catch {
      sendFrames(client, [{ T: 'error', code: 400, msg: 'invalid syntax' }]);
      return;
    }
    if (msg.action === 'auth') {
      if (msg.key === keyId && msg.secret === secret) {
        client.authenticated = true;
        sendFrames(client, [{ T: 'success', msg: 'authenticated' }]);
      } else {
        sendFrames(client, [{ T: 'error', code: 402, msg: 'auth failed' }]);
        client.socket.close();
      }
      return;
    }
    if (!client.authenticated) {
      sendFrames(client, [{ T: 'error', code: 401, msg: 'not authenticated' }]);
      return;
    }
    if (msg.action === 'subscribe' || msg.action === 'unsubscribe') {
      for (const channel of ['bars', 'trades', 'quotes', 'orderbooks'] as const) {
        const list = msg[channel];
        if (!Array.isArray(list)) continue;
        for (const s of list) {
          if (typeof s !== 'string') continue;
          if (msg.action === 'subscribe') client.subs[channel].add(s);
          else client.subs[channel].delete(s);
        }
      }
      sendFrames(client, [
        {
          T: 'subscription',
          trades: [...client.subs.trades],
          quotes: [...client.subs.quotes],
          bars: [...client.subs.bars],
          orderbooks: [...client.subs.orderbooks],
          updatedBars: [],
          dailyBars: [],
          statuses: [],
          lulds: [],
        },
      ]);
    }
  }

  function publish(channel: keyof StreamClient['subs'], symbol: string, frame: Record<string, unknown>): void {
    const kind = isCrypto(symbol) ? 'crypto' : 'stocks';
    for (const c of clients) if (c.authenticated && c.kind === kind && c.subs[channel].has(symbol)) sendFrames(c, [frame]);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const controls: FakeAlpacaDataControls = {
    failNext: (n, status, o = {}) => failures.push({ remaining: n, status, retryAfter: o.retryAfter, path: o.path }),
    noTradeMinutes: (symbol, fromMs, toMs) => noTrade.set(symbol, [...(noTrade.get(symbol) ?? []), [fromMs / 1000, toMs / 1000]]),
    hideOnce: (symbol, fromMs, toMs) => hidden.set(symbol, [...(hidden.get(symbol) ?? []), [fromMs / 1000, toMs / 1000]]),
    corruptNext: (kind, o = {}) => corruptions.push({ kind, path: o.path, skip: o.skip ?? 0 }),
    barAt,
    pushBar: (symbol, tSec, bar) => {
      const b = bar ?? makeBar(symbol, tSec);
      publish('bars', symbol, { T: 'b', S: symbol, o: b.o, h: b.h, l: b.l, c: b.c, v: b.v, t: new Date(tSec * 1000), n: 10, vw: b.c });
    },
    pushTrade: (symbol, t) =>
      publish('trades', symbol, { T: 't', S: symbol, i: t.id ?? Math.floor(Math.random() * 1e9), x: 'V', p: t.price, s: t.size, t: new Date(t.atMs), c: ['@'], z: 'C', ...(t.takerSide && { tks: t.takerSide }) }),
    pushQuote: (symbol, q) =>
      publish('quotes', symbol, { T: 'q', S: symbol, bx: 'V', bp: q.bidPrice, bs: q.bidSize, ax: 'V', ap: q.askPrice, as: q.askSize, t: new Date(q.atMs), c: ['R'], z: 'C' }),
    pushOrderbook: (symbol, ob) =>
      publish('orderbooks', symbol, {
        T: 'o',
        S: symbol,
        t: new Date(ob.atMs),
        b: ob.bids.map(([p, s]) => ({ p, s })),
        a: ob.asks.map(([p, s]) => ({ p, s })),
        r: ob.reset,
      }),
    dropStreams: () => {
      for (const c of clients) c.socket.terminate();
      clients.clear();
    },
    refuseStreams: (on) => {
      refusing = on;
    },
    streamSubscribers: (symbol) => [...clients].filter((c) => c.authenticated && c.subs.bars.has(symbol)).length,
    streamConnections: () => connections,
    requests: () => [...log],
    barRequests: (symbol) =>
      log.filter((r) => r.path.endsWith('/bars') && (symbol === undefined || r.path.includes(`/${encodeURIComponent(symbol)}/`) || (r.query.symbols ?? '').split(',').includes(symbol))),
    clearRequests: () => {
      log.length = 0;
    },
  };

  return {
    url: `http://127.0.0.1:${port}`,
    streamUrl: `ws://127.0.0.1:${port}`,
    keyId,
    secret,
    controls,
    close: async () => {
      controls.dropStreams();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A plausible, deterministic bar for (symbol, minute): a slow wave around a level set by the symbol. */
export function makeBar(symbol: string, tSec: number): FakeBarSpec {
  let hash = 0;
  for (const ch of symbol) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  const level = 50 + (hash % 400);
  const x = tSec / MINUTE;
  const price = (k: number) => Math.round((level + level * 0.02 * Math.sin((x + k) / 97) + level * 0.003 * Math.sin((x + k) / 7)) * 100) / 100;
  const o = price(0);
  const c = price(1);
  const h = Math.round((Math.max(o, c) + 0.05) * 100) / 100;
  const l = Math.round((Math.min(o, c) - 0.05) * 100) / 100;
  return { o, h, l, c, v: 100 + (Math.abs(Math.round(x)) % 13) * 10 };
}

function barJson(tSec: number, b: FakeBarSpec): Record<string, unknown> {
  return { t: new Date(tSec * 1000).toISOString().replace('.000Z', 'Z'), o: b.o, h: b.h, l: b.l, c: b.c, v: b.v, n: 12, vw: Math.round(((b.o + b.c) / 2) * 100) / 100 };
}

function spoil(bySymbol: Record<string, unknown[]>, kind: Corruption): void {
  const rows = Object.values(bySymbol).find((r) => r.length >= 3) as Array<Record<string, unknown>> | undefined;
  if (!rows) return;
  if (kind === 'high_below_low') rows[1]!.h = (rows[1]!.l as number) - 1;
  else if (kind === 'out_of_order') [rows[0], rows[2]] = [rows[2]!, rows[0]!];
  else if (kind === 'duplicate') rows[2]!.t = rows[1]!.t;
  else if (kind === 'missing_field') delete rows[1]!.c;
}

function encodeToken(symbol: string, tSec: number): string {
  return Buffer.from(`${symbol}|${tSec}`).toString('base64url');
}

function decodeToken(token: string): { symbol: string; t: number } | null {
  const [symbol, t] = Buffer.from(token, 'base64url').toString('utf8').split('|');
  return symbol && t !== undefined ? { symbol, t: Number(t) } : null;
}

function reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'X-Request-ID': `fake-${Date.now().toString(36)}`, ...headers });
  res.end(JSON.stringify(body));
}

function sendFrames(client: { socket: WebSocket }, frames: unknown[]): void {
  if (client.socket.readyState !== client.socket.OPEN) return;
  client.socket.send(encode(frames), { binary: true });
}

function toBuffer(raw: RawData): Buffer {
  if (Buffer.isBuffer(raw)) return raw;
  if (Array.isArray(raw)) return Buffer.concat(raw);
  return Buffer.from(raw);
}
