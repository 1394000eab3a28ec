import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { dec } from '../../../electron/core/domain/decimal';
import { accountJson, assetJson, fillActivityJson, orderJson, positionJson, type Json } from './payloads';
import { AlpacaRefusal, isOpen, type FakeOrder, type FakeOrderClass, type FakeVenue, type NewOrderInput } from './venue';

/** One request as it reached the fake, for tests to assert what the adapter sent. */
export interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  /** The status sent, or 'dropped' when the reply was lost on purpose. */
  status: number | 'dropped';
}

export interface RequestMatcher {
  method?: string;
  path?: string | RegExp;
}

export interface FailureRule extends RequestMatcher {
  remaining: number;
  status: number;
  retryAfter?: number;
}

export interface HttpState {
  venue: FakeVenue;
  keyId: string;
  secret: string;
  accountNumber: string;
  accountId: string;
  log: LoggedRequest[];
  failures: FailureRule[];
  loseReplies: Array<RequestMatcher & { remaining: number }>;
  /** Told about each request once its reply went out (or was dropped). */
  onAnswered: (entry: LoggedRequest) => void;
}

const NumberOrString = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const text = String(v).trim();
  if (!/^-?\d+(\.\d+)?$/.test(text)) {
    ctx.addIssue({ code: 'custom', message: `not a number: ${text}` });
    return z.NEVER;
  }
  return dec(text);
});

/** The body of POST /v2/orders, as Alpaca reads it (amounts as strings or numbers). */
const PostOrderBody = z.object({
  symbol: z.string().min(1),
  qty: NumberOrString.optional(),
  notional: NumberOrString.optional(),
  side: z.enum(['buy', 'sell']),
  type: z.enum(['market', 'limit', 'stop', 'stop_limit', 'trailing_stop']),
  time_in_force: z.enum(['day', 'gtc', 'opg', 'cls', 'ioc', 'fok']),
  limit_price: NumberOrString.optional(),
  stop_price: NumberOrString.optional(),
  trail_price: NumberOrString.optional(),
  trail_percent: NumberOrString.optional(),
  extended_hours: z.boolean().optional(),
  client_order_id: z.string().optional(),
  order_class: z.enum(['simple', 'bracket', 'oco', 'oto', '']).optional(),
  take_profit: z.object({ limit_price: NumberOrString }).optional(),
  stop_loss: z.object({ stop_price: NumberOrString, limit_price: NumberOrString.optional() }).optional(),
});

const PatchOrderBody = z.object({
  qty: NumberOrString.optional(),
  time_in_force: z.enum(['day', 'gtc', 'opg', 'cls', 'ioc', 'fok']).optional(),
  limit_price: NumberOrString.optional(),
  stop_price: NumberOrString.optional(),
  trail: NumberOrString.optional(),
  client_order_id: z.string().optional(),
});

class HttpReply {
  constructor(
    readonly status: number,
    readonly body: Json | undefined,
    readonly headers: Record<string, string> = {},
  ) {}
}

const ok = (body: Json) => new HttpReply(200, body);
const error = (status: number, code: number | undefined, message: string, extra: Record<string, string> = {}) =>
  new HttpReply(status, code === undefined ? { message, ...extra } : { code, message, ...extra });

export function matches(rule: RequestMatcher, method: string, path: string): boolean {
  if (rule.method && rule.method.toUpperCase() !== method) return false;
  if (rule.path === undefined) return true;
  return typeof rule.path === 'string' ? rule.path === path : rule.path.test(path);
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Handles one HTTP request: log, injected faults, auth, then Alpaca's routes. */
export async function handleHttp(state: HttpState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://fake-alpaca');
  const method = (req.method ?? 'GET').toUpperCase();
  const path = decodeURIComponent(url.pathname);
  const query = Object.fromEntries(url.searchParams.entries());
  const body = await readBody(req);
  const entry: LoggedRequest = { method, path, query, body, status: 0 };
  state.log.push(entry);

  const failure = state.failures.find((f) => f.remaining > 0 && matches(f, method, path));
  if (failure) {
    failure.remaining--;
    const reply =
      failure.status === 429
        ? error(429, 42910000, 'rate limit exceeded')
        : failure.status >= 500
          ? error(failure.status, 50010000, 'internal server error occurred')
          : error(failure.status, undefined, 'injected failure');
    const headers: Record<string, string> = failure.retryAfter !== undefined ? { 'Retry-After': String(failure.retryAfter) } : {};
    send(res, entry, new HttpReply(reply.status, reply.body, headers));
    state.onAnswered(entry);
    return;
  }

  const auth = checkAuth(state, req);
  const reply = auth ?? route(state, method, path, url.searchParams, body);

  const lose = state.loseReplies.find((l) => l.remaining > 0 && matches(l, method, path));
  if (lose && reply.status < 300) {
    // The venue did the work; the answer never reaches the client.
    lose.remaining--;
    entry.status = 'dropped';
    req.socket.destroy();
    state.onAnswered(entry);
    return;
  }
  send(res, entry, reply);
  state.onAnswered(entry);
}

function send(res: ServerResponse, entry: LoggedRequest, reply: HttpReply): void {
  entry.status = reply.status;
  const headers: Record<string, string> = { ...reply.headers, 'X-Request-ID': Math.random().toString(16).slice(2, 18) };
  if (reply.body === undefined) {
    res.writeHead(reply.status, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(reply.body);
  res.writeHead(reply.status, { ...headers, 'Content-Type': 'application/json; charset=UTF-8', 'Content-Length': String(Buffer.byteLength(text)) });
  res.end(text);
}

function checkAuth(state: HttpState, req: IncomingMessage): HttpReply | null {
  const keyId = req.headers['apca-api-key-id'];
  const secret = req.headers['apca-api-secret-key'];
  if (keyId === undefined || secret === undefined) return error(401, 40110000, 'request is not authorized');
  // Alpaca answers wrong keys with a bare 403 "forbidden.".
  if (keyId !== state.keyId || secret !== state.secret) return error(403, undefined, 'forbidden.');
  return null;
}

function route(state: HttpState, method: string, path: string, q: URLSearchParams, body: unknown): HttpReply {
  const { venue } = state;
  try {
    if (method === 'GET' && path === '/v2/account') return ok(accountJson(venue, state.accountNumber, state.accountId));
    if (path === '/v2/orders' && method === 'POST') return postOrder(venue, body);
    if (path === '/v2/orders' && method === 'GET') return ok(listOrders(venue, q));
    if (path === '/v2/orders' && method === 'DELETE') return cancelAll(venue);
    if (path === '/v2/orders:by_client_order_id' && method === 'GET') {
      const o = venue.orderByClientId(q.get('client_order_id') ?? '');
      return o ? ok(orderJson(o, venue, { nested: true })) : error(404, 40410000, 'order not found');
    }
    const orderPath = /^\/v2\/orders\/([^/]+)$/.exec(path);
    if (orderPath) {
      const id = orderPath[1]!;
      if (method === 'GET') {
        const o = venue.orders.get(id);
        return o ? ok(orderJson(o, venue, { nested: q.get('nested') === 'true' })) : error(404, 40410000, 'order not found');
      }
      if (method === 'DELETE') {
        venue.cancel(id);
        return new HttpReply(204, undefined);
      }
      if (method === 'PATCH') return patchOrder(venue, id, body);
    }
    if (method === 'GET' && path === '/v2/positions') return ok([...venue.positions.values()].map((p) => positionJson(p, venue)));
    if (method === 'GET' && path === '/v2/account/activities/FILL') return ok(listFills(venue, q));
    if (method === 'GET' && path === '/v2/account/activities') {
      const types = (q.get('activity_types') ?? 'FILL').split(',');
      return ok(types.includes('FILL') ? listFills(venue, q) : []);
    }
    if (method === 'GET' && path === '/v2/assets') {
      const status = q.get('status');
      const cls = q.get('asset_class');
      return ok(venue.assets.filter((a) => (!status || a.status === status) && (!cls || a.class === cls)).map(assetJson));
    }
    const assetPath = /^\/v2\/assets\/(.+)$/.exec(path);
    if (method === 'GET' && assetPath) {
      const a = venue.asset(assetPath[1]!);
      return a ? ok(assetJson(a)) : error(404, 40410000, 'asset not found');
    }
    if (method === 'GET' && path === '/v2/clock') return ok(clock());
    if (method === 'GET' && path === '/v2/calendar') return ok(calendar(q));
    return error(404, 40410000, 'endpoint not found');
  } catch (err) {
    if (err instanceof AlpacaRefusal) return error(err.status, err.code, err.message, err.extra);
    throw err;
  }
}

function postOrder(venue: FakeVenue, body: unknown): HttpReply {
  const parsed = PostOrderBody.safeParse(body);
  if (!parsed.success) return error(422, 40010001, `invalid order request: ${parsed.error.issues[0]?.message ?? 'malformed'}`);
  const b = parsed.data;
  if (b.notional !== undefined) return error(422, 40010001, 'notional orders are not supported by this fake');
  const input: NewOrderInput = {
    symbol: b.symbol,
    qty: b.qty ?? null,
    side: b.side,
    type: b.type,
    tif: b.time_in_force,
    limitPrice: b.limit_price ?? null,
    stopPrice: b.stop_price ?? null,
    trailPrice: b.trail_price ?? null,
    trailPercent: b.trail_percent ?? null,
    clientOrderId: b.client_order_id ?? null,
    orderClass: (b.order_class ?? '') as FakeOrderClass,
    takeProfit: b.take_profit ? { limitPrice: b.take_profit.limit_price } : null,
    stopLoss: b.stop_loss ? { stopPrice: b.stop_loss.stop_price, limitPrice: b.stop_loss.limit_price ?? null } : null,
    extendedHours: b.extended_hours ?? false,
  };
  if (input.orderClass === 'simple') input.orderClass = '';
  if (input.type === 'trailing_stop') input.stopPrice = null;
  const order = venue.submit(input);
  return ok(orderJson(order, venue, { nested: true }));
}

function patchOrder(venue: FakeVenue, id: string, body: unknown): HttpReply {
  const parsed = PatchOrderBody.safeParse(body ?? {});
  if (!parsed.success) return error(422, 40010001, `invalid replace request: ${parsed.error.issues[0]?.message ?? 'malformed'}`);
  const b = parsed.data;
  const next = venue.replace(id, {
    qty: b.qty ?? null,
    limitPrice: b.limit_price ?? null,
    stopPrice: b.stop_price ?? null,
    trail: b.trail ?? null,
    tif: b.time_in_force ?? null,
    clientOrderId: b.client_order_id ?? null,
  });
  return ok(orderJson(next, venue, { nested: true }));
}

function cancelAll(venue: FakeVenue): HttpReply {
  const out: Json[] = [];
  for (const o of venue.orders.values()) {
    if (!isOpen(o) || o.parentId !== null) continue;
    venue.cancel(o.id);
    out.push({ id: o.id, status: 200, body: orderJson(o, venue, { nested: true }) });
  }
  return new HttpReply(207, out);
}

const CLOSED = new Set(['filled', 'canceled', 'expired', 'replaced', 'rejected']);

function listOrders(venue: FakeVenue, q: URLSearchParams): Json[] {
  const status = q.get('status') ?? 'open';
  const limit = Math.min(Number(q.get('limit') ?? 50), 500);
  const nested = q.get('nested') === 'true';
  const direction = q.get('direction') ?? 'desc';
  const after = q.get('after') ? Date.parse(q.get('after')!) : null;
  const until = q.get('until') ? Date.parse(q.get('until')!) : null;
  const symbols = q.get('symbols')?.split(',');
  const side = q.get('side');
  const wanted = (o: FakeOrder) =>
    (status === 'all' || (status === 'open' ? isOpen(o) : CLOSED.has(o.status))) &&
    (after === null || o.submittedAt > after) &&
    (until === null || o.submittedAt < until) &&
    (!symbols || symbols.includes(o.asset.symbol)) &&
    (!side || o.side === side);
  // Nested lists carry legs inside their parent; flat lists carry every order on its own.
  const rows = [...venue.orders.values()].filter((o) => wanted(o) && (!nested || o.parentId === null));
  rows.sort((a, b) => (direction === 'asc' ? a.submittedAt - b.submittedAt : b.submittedAt - a.submittedAt));
  return rows.slice(0, limit).map((o) => orderJson(o, venue, { nested }));
}

function listFills(venue: FakeVenue, q: URLSearchParams): Json[] {
  const direction = q.get('direction') ?? 'desc';
  const pageSize = Math.min(Number(q.get('page_size') ?? 100), 100);
  const after = q.get('after') ? Date.parse(q.get('after')!) : null;
  const until = q.get('until') ? Date.parse(q.get('until')!) : null;
  const date = q.get('date');
  let rows = venue.executions.filter(
    (e) => (after === null || e.at > after) && (until === null || e.at < until) && (!date || new Date(e.at).toISOString().startsWith(date)),
  );
  if (direction === 'desc') rows = [...rows].reverse();
  const token = q.get('page_token');
  if (token) {
    const at = rows.findIndex((e) => e.activityId === token);
    rows = at >= 0 ? rows.slice(at + 1) : rows;
  }
  return rows.slice(0, pageSize).map(fillActivityJson);
}

function clock(): Json {
  const now = new Date();
  const day = now.toISOString().slice(0, 10);
  return {
    timestamp: now.toISOString(),
    is_open: true,
    next_open: `${day}T13:30:00Z`,
    next_close: `${day}T20:00:00Z`,
  };
}

function calendar(q: URLSearchParams): Json[] {
  const start = new Date(`${q.get('start') ?? new Date().toISOString().slice(0, 10)}T00:00:00Z`);
  const end = new Date(`${q.get('end') ?? start.toISOString().slice(0, 10)}T00:00:00Z`);
  const out: Json[] = [];
  for (let d = new Date(start); d <= end && out.length < 1000; d.setUTCDate(d.getUTCDate() + 1)) {
    const weekday = d.getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    const date = d.toISOString().slice(0, 10);
    const settle = new Date(d);
    settle.setUTCDate(settle.getUTCDate() + 1);
    out.push({ date, open: '09:30', close: '16:00', session_open: '0400', session_close: '2000', settlement_date: settle.toISOString().slice(0, 10) });
  }
  return out;
}
