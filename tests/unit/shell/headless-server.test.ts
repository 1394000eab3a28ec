import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { networkInterfaces, tmpdir } from 'node:os';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import type { Envelope } from '../../../shared/contract';
import type { ApiHost, EventListener } from '../../../electron/core/api/host';
import { startHeadlessHost } from '../../../electron/headless/server';
import type { HeadlessHost } from '../../../electron/headless/server';

// ---- a fake engine and a renderer folder --------------------------------------------------

function fakeApi() {
  const listeners = new Set<EventListener>();
  const api = {
    invoke: vi.fn(async (channel: string, rawInput: unknown, ctx: { caller: string }): Promise<Envelope<unknown>> => ({
      ok: true,
      value: { channel, rawInput, caller: ctx.caller },
    })),
    subscribe: vi.fn((l: EventListener) => {
      listeners.add(l);
      return () => listeners.delete(l);
    }),
    close: vi.fn(async () => {}),
  } satisfies ApiHost;
  const emit = (event: string, payload: unknown) => {
    for (const l of listeners) (l as (e: string, p: unknown) => void)(event, payload);
  };
  return { api, emit, listenerCount: () => listeners.size };
}

const base = mkdtempSync(join(tmpdir(), 'tw-headless-'));
const rendererDir = join(base, 'renderer');
mkdirSync(join(rendererDir, 'assets'), { recursive: true });
writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>tw-index</title>');
writeFileSync(join(rendererDir, 'assets', 'main-1a2b.js'), 'export {}');
writeFileSync(join(rendererDir, 'assets', 'main-1a2b.css'), 'body{}');
writeFileSync(join(rendererDir, 'assets', 'font.woff2'), 'x');
writeFileSync(join(base, 'secret.txt'), 'TOP SECRET');

let host: HeadlessHost;
let engine: ReturnType<typeof fakeApi>;
const clients: WebSocket[] = [];

beforeAll(async () => {
  engine = fakeApi();
  host = await startHeadlessHost({ api: engine.api, port: 0, rendererDir, version: '9.9.9', limits: { maxInFlight: 3 } });
});
afterEach(() => {
  for (const c of clients.splice(0)) c.terminate();
  engine.api.invoke.mockClear();
});
afterAll(async () => {
  await host.close();
  rmSync(base, { recursive: true, force: true });
});

// ---- helpers ------------------------------------------------------------------------------

type Message = Record<string, unknown>;

/** Opens a client and collects every message from the start, so the hello is never missed. */
function open(url: string, options: WebSocket.ClientOptions = {}) {
  const ws = new WebSocket(url, options);
  clients.push(ws);
  const inbox: Message[] = [];
  const waiters: Array<() => void> = [];
  ws.on('message', (data) => {
    inbox.push(JSON.parse(data.toString()) as Message);
    for (const w of waiters.splice(0)) w();
  });
  const next = async (match: (m: Message) => boolean = () => true, timeoutMs = 2000): Promise<Message> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = inbox.findIndex(match);
      if (i >= 0) return inbox.splice(i, 1)[0]!;
      if (Date.now() > deadline) throw new Error(`no matching message; inbox: ${JSON.stringify(inbox)}`);
      await new Promise<void>((r) => {
        waiters.push(r);
        setTimeout(r, 50);
      });
    }
  };
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return { ws, inbox, next, opened };
}

/** Resolves with the HTTP status of a refused handshake; rejects if a socket opened. */
function refusedStatus(url: string, options: WebSocket.ClientOptions = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, options);
    clients.push(ws);
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('open', () => reject(new Error('handshake was accepted')));
    ws.on('error', () => {});
  });
}

function rawGet(path: string, headers: Record<string, string> = {}, method = 'GET') {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>(
    (resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: host.port, path, method, headers }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on('error', reject);
      req.end();
    },
  );
}

const wsBase = () => `ws://127.0.0.1:${host.port}/api`;

// ---- the handshake ------------------------------------------------------------------------

describe('WebSocket handshake', () => {
  it('reports its URLs with a 64-hex-digit token', () => {
    expect(host.token).toMatch(/^[0-9a-f]{64}$/);
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`);
    expect(host.wsUrl).toBe(`${wsBase()}?token=${host.token}`);
  });

  it('refuses a missing token with 401', async () => {
    expect(await refusedStatus(wsBase())).toBe(401);
  });

  it('refuses a wrong token with 401', async () => {
    expect(await refusedStatus(`${wsBase()}?token=${'0'.repeat(64)}`)).toBe(401);
    expect(await refusedStatus(`${wsBase()}?token=${host.token.slice(0, 63)}`)).toBe(401);
  });

  it.each(['http://evil.example', 'http://127.0.0.1.evil.example:8080', 'https://localhost:5173', 'null', 'file://'])(
    'refuses Origin %s with 403 even with the right token',
    async (origin) => {
      expect(await refusedStatus(host.wsUrl, { origin })).toBe(403);
    },
  );

  it('refuses a foreign Host header (DNS rebinding) with 403', async () => {
    expect(await refusedStatus(host.wsUrl, { headers: { Host: `evil.example:${host.port}` } })).toBe(403);
  });

  it('refuses other paths', async () => {
    expect(await refusedStatus(`ws://127.0.0.1:${host.port}/other?token=${host.token}`)).toBe(404);
  });

  it('never reaches the engine on a refused handshake', async () => {
    await refusedStatus(`${wsBase()}?token=nope`);
    expect(engine.api.invoke).not.toHaveBeenCalled();
  });

  it.each([undefined, 'http://127.0.0.1:5173', 'http://localhost:41234'])('accepts the token with Origin %s', async (origin) => {
    const c = open(host.wsUrl, origin ? { origin } : {});
    await c.opened;
    expect(await c.next()).toEqual({ hello: { version: '9.9.9' } });
  });
});

// ---- requests -----------------------------------------------------------------------------

describe('requests', () => {
  it('passes channel and raw input to the engine and replies with the id', async () => {
    const c = open(host.wsUrl);
    await c.opened;
    const input = { symbol: 'AAPL', side: 'buy', type: 'market', qty: '1', junk: [1, 2] };
    c.ws.send(JSON.stringify({ id: 7, channel: 'orders.submit', input }));
    const reply = await c.next((m) => m['id'] === 7);
    expect(reply['reply']).toMatchObject({ ok: true, value: { channel: 'orders.submit', rawInput: input } });
    const caller = (reply['reply'] as { value: { caller: string } }).value.caller;
    expect(caller).toMatch(/^ws:\d+$/);
  });

  it('answers malformed messages with BAD_REQUEST and stays usable', async () => {
    const c = open(host.wsUrl);
    await c.opened;
    c.ws.send('{not json');
    expect(await c.next((m) => 'reply' in m)).toEqual({ id: null, reply: { ok: false, error: { code: 'BAD_REQUEST', message: 'message is not valid JSON' } } });
    c.ws.send(JSON.stringify([1, 2, 3]));
    expect(await c.next((m) => 'reply' in m)).toMatchObject({ id: null, reply: { ok: false, error: { code: 'BAD_REQUEST' } } });
    c.ws.send(JSON.stringify({ id: 'x', channel: 'app.info' }));
    expect(await c.next((m) => 'reply' in m)).toMatchObject({ id: null, reply: { error: { code: 'BAD_REQUEST' } } });
    c.ws.send(JSON.stringify({ id: 3, channel: 42 }));
    expect(await c.next((m) => m['id'] === 3)).toMatchObject({ reply: { ok: false, error: { code: 'BAD_REQUEST' } } });
    c.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    expect(await c.next((m) => 'reply' in m)).toMatchObject({ id: null, reply: { error: { code: 'BAD_REQUEST' } } });
    expect(engine.api.invoke).not.toHaveBeenCalled();

    c.ws.send(JSON.stringify({ id: 4, channel: 'app.info', input: {} }));
    expect(await c.next((m) => m['id'] === 4)).toMatchObject({ reply: { ok: true } });
  });

  it('answers an undeclared channel with UNKNOWN_CHANNEL without calling the engine', async () => {
    const c = open(host.wsUrl);
    await c.opened;
    c.ws.send(JSON.stringify({ id: 1, channel: '__proto__', input: {} }));
    expect(await c.next((m) => m['id'] === 1)).toMatchObject({ reply: { ok: false, error: { code: 'UNKNOWN_CHANNEL' } } });
    expect(engine.api.invoke).not.toHaveBeenCalled();
  });

  it('caps the requests in flight per connection', async () => {
    const c = open(host.wsUrl);
    await c.opened;
    let release = () => {};
    const gate = new Promise<void>((r) => (release = r));
    engine.api.invoke.mockImplementation(async () => {
      await gate;
      return { ok: true, value: null };
    });
    try {
      for (let id = 1; id <= 4; id++) c.ws.send(JSON.stringify({ id, channel: 'app.info', input: {} }));
      expect(await c.next((m) => m['id'] === 4)).toMatchObject({ reply: { ok: false, error: { code: 'RATE_LIMITED' } } });
      release();
      for (let id = 1; id <= 3; id++) expect(await c.next((m) => m['id'] === id)).toMatchObject({ reply: { ok: true } });
    } finally {
      engine.api.invoke.mockReset();
      engine.api.invoke.mockImplementation(async (channel, rawInput, ctx) => ({ ok: true, value: { channel, rawInput, caller: ctx.caller } }));
    }
  });

  it('closes a connection that sends a message over 1 MiB (1009)', async () => {
    const c = open(host.wsUrl);
    await c.opened;
    const closed = new Promise<number>((r) => c.ws.on('close', (code) => r(code)));
    c.ws.send(JSON.stringify({ id: 1, channel: 'app.info', input: 'x'.repeat(1024 * 1024 + 10) }));
    expect(await closed).toBe(1009);
    expect(engine.api.invoke).not.toHaveBeenCalled();
  });
});

// ---- events -------------------------------------------------------------------------------

describe('events', () => {
  it('forwards engine events and unsubscribes when the client leaves', async () => {
    const before = engine.listenerCount();
    const c = open(host.wsUrl);
    await c.opened;
    await c.next((m) => 'hello' in m);
    expect(engine.listenerCount()).toBe(before + 1);
    engine.emit('orders.changed', { orders: [] });
    expect(await c.next((m) => 'event' in m)).toEqual({ event: 'orders.changed', payload: { orders: [] } });
    const closed = new Promise<void>((r) => c.ws.on('close', () => r()));
    c.ws.close();
    await closed;
    await new Promise((r) => setTimeout(r, 50));
    expect(engine.listenerCount()).toBe(before);
  });
});

// ---- static files -------------------------------------------------------------------------

describe('static renderer', () => {
  it('serves index.html with the security headers and no caching', async () => {
    const res = await rawGet('/?token=abc');
    expect(res.status).toBe(200);
    expect(res.body).toContain('tw-index');
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${host.port} ws://localhost:${host.port}`);
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it.each([
    ['/assets/main-1a2b.js', 'text/javascript; charset=utf-8'],
    ['/assets/main-1a2b.css', 'text/css; charset=utf-8'],
    ['/assets/font.woff2', 'font/woff2'],
  ])('serves %s as %s', async (path, type) => {
    const res = await rawGet(path);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(type);
  });

  it('falls back to index.html for app routes only', async () => {
    const route = await rawGet('/orders/42');
    expect(route.status).toBe(200);
    expect(route.body).toContain('tw-index');
    expect((await rawGet('/assets/missing.js')).status).toBe(404);
  });

  it.each([
    '/../secret.txt',
    '/../../secret.txt',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E/secret.txt',
    '/..%2fsecret.txt',
    '/%2e%2e%2fsecret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/..%5csecret.txt',
    '/..\\secret.txt',
    '/%2e%2e%5csecret.txt',
    '/%c0%ae%c0%ae/secret.txt',
    '/%00/secret.txt',
    '/%',
  ])('refuses traversal %s', async (path) => {
    const res = await rawGet(path);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.body).not.toContain('TOP SECRET');
  });

  it('refuses a foreign Host header and anything but GET/HEAD', async () => {
    expect((await rawGet('/', { Host: 'evil.example' })).status).toBe(403);
    expect((await rawGet('/', {}, 'POST')).status).toBe(405);
    expect((await rawGet('/', {}, 'HEAD')).status).toBe(200);
  });
});

// ---- the socket ---------------------------------------------------------------------------

describe('listening socket', () => {
  function canConnect(address: string): Promise<boolean> {
    return new Promise((resolve) => {
      const s = connect({ host: address, port: host.port });
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
  }

  it('binds 127.0.0.1 only', async () => {
    expect(await canConnect('127.0.0.1')).toBe(true);
    expect(await canConnect('::1')).toBe(false);
    const external = Object.values(networkInterfaces())
      .flat()
      .filter((i) => i !== undefined && !i.internal)
      .map((i) => i!.address);
    for (const address of external) expect(await canConnect(address)).toBe(false);
  });

  it('close() disconnects clients and stops listening', async () => {
    const { api } = fakeApi();
    const other = await startHeadlessHost({ api, rendererDir });
    const c = open(other.wsUrl);
    await c.opened;
    const closed = new Promise<number>((r) => c.ws.on('close', (code) => r(code)));
    await other.close();
    expect(await closed).toBe(1001);
    const refused = await new Promise<boolean>((resolve) => {
      const s = connect({ host: '127.0.0.1', port: other.port });
      s.once('connect', () => {
        s.destroy();
        resolve(false);
      });
      s.once('error', () => resolve(true));
    });
    expect(refused).toBe(true);
  });
});
