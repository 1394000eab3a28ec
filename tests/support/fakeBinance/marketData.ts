/**
 * A fake Binance spot market data API on 127.0.0.1 (public endpoints only, no keys), for
 * the real ccxt `binance` class: exchangeInfo (the same fixture as the trading fake), time,
 * klines (startTime / endTime inclusive, limit up to 1000), trades (the most recent first
 * by id, up to limit), depth. Binance's error bodies: 429 with code -1003 and Retry-After,
 * 5xx, and a whole outage that tests switch on and off.
 *
 * Candles are deterministic per (symbol, minute) and exist for every minute up to the
 * current one (crypto never sleeps), except minutes removed for good (`noTradeMinutes`) or
 * only from the first answer covering them (`hideOnce`).
 */
import { readFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { makeBar, type FakeBarSpec } from '../fakeAlpaca/marketData';

export interface FakeBinanceDataOptions {
  now?: () => number;
  exchangeInfo?: { symbols: unknown[] };
  /** Requests per second above which the server answers 429 with Retry-After: 1. */
  rateLimitPerSecond?: number;
}

export interface BinanceDataRequest {
  path: string;
  params: Record<string, string>;
  status: number;
  at: number;
}

export type KlineCorruption = 'high_below_low' | 'out_of_order' | 'duplicate' | 'not_a_number';

export interface FakeBinanceDataControls {
  failNext(n: number, status: number, opts?: { retryAfter?: number; path?: string }): void;
  /** Every market data request fails with this status until called with null. */
  outage(status: number | null): void;
  noTradeMinutes(symbol: string, fromMs: number, toMs: number): void;
  hideOnce(symbol: string, fromMs: number, toMs: number): void;
  corruptNext(kind: KlineCorruption): void;
  barAt(symbol: string, tSec: number): FakeBarSpec | null;
  addTrade(symbol: string, t: { price: number; qty: number; isBuyerMaker?: boolean; time?: number }): void;
  setBook(symbol: string, bids: Array<[number, number]>, asks: Array<[number, number]>): void;
  requests(): BinanceDataRequest[];
  requestsTo(path: string): BinanceDataRequest[];
  clearRequests(): void;
}

export interface FakeBinanceData {
  url: string;
  /** ccxt binance `urls.api` entries pointing here. */
  ccxtUrls: Record<string, string>;
  controls: FakeBinanceDataControls;
  close(): Promise<void>;
}

const DEFAULT_EXCHANGE_INFO = fileURLToPath(new URL('../../fixtures/binance/exchangeInfo.json', import.meta.url));

export async function startFakeBinanceData(opts: FakeBinanceDataOptions = {}): Promise<FakeBinanceData> {
  const now = opts.now ?? Date.now;
  const exchangeInfo = opts.exchangeInfo ?? (JSON.parse(readFileSync(DEFAULT_EXCHANGE_INFO, 'utf8')) as { symbols: unknown[] });
  const known = new Set(exchangeInfo.symbols.map((s) => String((s as { symbol?: unknown }).symbol)));
  const failures: Array<{ remaining: number; status: number; retryAfter?: number; path?: string }> = [];
  const corruptions: KlineCorruption[] = [];
  const noTrade = new Map<string, Array<[number, number]>>();
  const hidden = new Map<string, Array<[number, number]>>();
  const trades = new Map<string, Array<{ id: number; price: number; qty: number; time: number; isBuyerMaker: boolean }>>();
  const books = new Map<string, { bids: Array<[number, number]>; asks: Array<[number, number]> }>();
  const log: BinanceDataRequest[] = [];
  const recent: number[] = [];
  let outageStatus: number | null = null;
  let tradeId = 1_000;

  const inRanges = (ranges: Array<[number, number]> | undefined, t: number) => !!ranges?.some(([a, b]) => t >= a && t < b);
  const barAt = (symbol: string, tSec: number): FakeBarSpec | null => {
    if (tSec * 1000 > Math.floor(now() / 60_000) * 60_000) return null; // the current minute is forming; later ones do not exist
    if (inRanges(noTrade.get(symbol), tSec)) return null;
    return makeBar(symbol, tSec);
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    const params = Object.fromEntries(url.searchParams);
    const entry: BinanceDataRequest = { path, params, status: 0, at: Date.now() };
    log.push(entry);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      entry.status = status;
      reply(res, status, body, headers);
    };
    try {
      if (outageStatus !== null && path !== '/api/v3/exchangeInfo') {
        send(outageStatus, { code: -1001, msg: 'Internal error; unable to process your request. Please try again.' });
        return;
      }
      if (opts.rateLimitPerSecond !== undefined) {
        const t = Date.now();
        while (recent.length && recent[0]! <= t - 1000) recent.shift();
        if (recent.length >= opts.rateLimitPerSecond) {
          send(429, { code: -1003, msg: 'Too many requests; please use the websocket for live updates.' }, { 'Retry-After': '1' });
          return;
        }
        recent.push(t);
      }
      const failure = failures.find((f) => f.remaining > 0 && (!f.path || f.path === path));
      if (failure) {
        failure.remaining--;
        const headers: Record<string, string> = failure.retryAfter !== undefined ? { 'Retry-After': String(failure.retryAfter) } : {};
        const body = failure.status === 429 ? { code: -1003, msg: 'Too many requests.' } : { code: -1001, msg: 'Internal error; unable to process your request. Please try again.' };
        send(failure.status, body, headers);
        return;
      }
      const symbolParam = () => {
        const s = params.symbol;
        if (!s || !known.has(s)) throw Object.assign(new Error('Invalid symbol.'), { binance: { status: 400, code: -1121 } });
        return s;
      };
      switch (path) {
        case '/api/v3/ping':
          send(200, {});
          return;
        case '/api/v3/time':
          send(200, { serverTime: now() });
          return;
        case '/api/v3/exchangeInfo':
          send(200, { ...exchangeInfo, serverTime: now() });
          return;
        case '/api/v3/klines': {
          const symbol = symbolParam();
          if (params.interval !== '1m') {
            send(400, { code: -1120, msg: 'Invalid interval.' });
            return;
          }
          const limit = Math.min(Number(params.limit ?? 500), 1000);
          const start = params.startTime !== undefined ? Number(params.startTime) : now() - limit * 60_000;
          const end = params.endTime !== undefined ? Number(params.endTime) : now();
          const rows: unknown[][] = [];
          const hide = hidden.get(symbol);
          const revealed = new Set<[number, number]>();
          for (let t = Math.ceil(start / 60_000) * 60; t * 1000 <= end && rows.length < limit; t += 60) {
            const b = barAt(symbol, t);
            if (!b) continue;
            if (hide && inRanges(hide, t)) {
              for (const r of hide) if (t >= r[0] && t < r[1]) revealed.add(r);
              continue;
            }
            rows.push([t * 1000, s(b.o), s(b.h), s(b.l), s(b.c), s(b.v), t * 1000 + 59_999, s(b.v * b.c), 12, s(b.v / 2), s((b.v * b.c) / 2), '0']);
          }
          if (hide && revealed.size) hidden.set(symbol, hide.filter((r) => !revealed.has(r)));
          const corruption = corruptions.shift();
          if (corruption && rows.length >= 3) {
            if (corruption === 'high_below_low') rows[1]![2] = s(Number(rows[1]![3]) - 1);
            else if (corruption === 'out_of_order') [rows[0], rows[2]] = [rows[2]!, rows[0]!];
            else if (corruption === 'duplicate') rows[2]![0] = rows[1]![0];
            else rows[1]![4] = 'abc';
          }
          send(200, rows);
          return;
        }
        case '/api/v3/trades': {
          const symbol = symbolParam();
          const limit = Math.min(Number(params.limit ?? 500), 1000);
          send(
            200,
            (trades.get(symbol) ?? []).slice(-limit).map((t) => ({
              id: t.id,
              price: s(t.price),
              qty: s(t.qty),
              quoteQty: s(t.price * t.qty),
              time: t.time,
              isBuyerMaker: t.isBuyerMaker,
              isBestMatch: true,
            })),
          );
          return;
        }
        case '/api/v3/depth': {
          const symbol = symbolParam();
          const limit = Math.min(Number(params.limit ?? 100), 5000);
          const book = books.get(symbol) ?? { bids: [], asks: [] };
          send(200, { lastUpdateId: 1, bids: book.bids.slice(0, limit).map(([p, q]) => [s(p), s(q)]), asks: book.asks.slice(0, limit).map(([p, q]) => [s(p), s(q)]) });
          return;
        }
        default:
          entry.status = 404;
          res.writeHead(404, { 'Content-Type': 'text/html' }).end('<html><body><h2>404 Not found</h2></body></html>');
      }
    } catch (err) {
      const b = (err as { binance?: { status: number; code: number } }).binance;
      if (b) send(b.status, { code: b.code, msg: (err as Error).message });
      else send(500, { code: -1000, msg: `fake Binance data bug: ${String(err)}` });
    }
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  const controls: FakeBinanceDataControls = {
    failNext: (n, status, o = {}) => failures.push({ remaining: n, status, retryAfter: o.retryAfter, path: o.path }),
    outage: (status) => {
      outageStatus = status;
    },
    noTradeMinutes: (symbol, fromMs, toMs) => noTrade.set(symbol, [...(noTrade.get(symbol) ?? []), [fromMs / 1000, toMs / 1000]]),
    hideOnce: (symbol, fromMs, toMs) => hidden.set(symbol, [...(hidden.get(symbol) ?? []), [fromMs / 1000, toMs / 1000]]),
    corruptNext: (kind) => corruptions.push(kind),
    barAt,
    addTrade: (symbol, t) => {
      const list = trades.get(symbol) ?? [];
      list.push({ id: tradeId++, price: t.price, qty: t.qty, time: t.time ?? now(), isBuyerMaker: t.isBuyerMaker ?? false });
      trades.set(symbol, list);
    },
    setBook: (symbol, bids, asks) => books.set(symbol, { bids, asks }),
    requests: () => [...log],
    requestsTo: (path) => log.filter((r) => r.path === path),
    clearRequests: () => {
      log.length = 0;
    },
  };

  return {
    url,
    ccxtUrls: { public: `${url}/api/v3`, private: `${url}/api/v3`, v1: `${url}/api/v1`, sapi: `${url}/sapi/v1` },
    controls,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** Binance sends numbers as decimal strings. */
function s(n: number): string {
  return String(Math.round(n * 1e8) / 1e8);
}

function reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json;charset=UTF-8', 'x-mbx-used-weight-1m': '2', ...headers });
  res.end(JSON.stringify(body));
}

