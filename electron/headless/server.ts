import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Duplex } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import type { ApiHost } from '../core/api/host';
import { isAllowedOrigin, isLoopbackHost, newToken, tokenMatches } from './access';
import { contentSecurityPolicy, fileHeaders, resolveRequestPath, securityHeaders } from './renderer-files';
import { defaultLimits, serveConnection } from './ws-connection';
import type { ConnectionLimits } from './ws-connection';

export interface HeadlessHostOptions {
  api: ApiHost;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** The built renderer; default `out/renderer` under the current directory. */
  rendererDir?: string;
  /** Default: 32 random bytes, hex. Pass one only to reconnect a test to a known value. */
  token?: string;
  /** Sent to each client in the `hello` message. */
  version?: string;
  limits?: Partial<ConnectionLimits>;
  /** Where transport errors go (a client that vanished mid-write ...). */
  onError?: (err: unknown) => void;
}

export interface HeadlessHost {
  /** For a human: open it in a browser. Carries the token. */
  url: string;
  /** For a client: `ws://127.0.0.1:PORT/api?token=TOKEN`. */
  wsUrl: string;
  token: string;
  port: number;
  /** Stops listening and closes every client; the engine itself is the caller's to close. */
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
const API_PATH = '/api';
const MAX_MESSAGE_BYTES = 1024 * 1024;
const CLOSE_GRACE_MS = 1_000;

/**
 * Serves the built renderer and the engine's API over a WebSocket on loopback, for the
 * browser during development and for the end-to-end tests. The packaged app never
 * starts it: the app talks over Electron IPC.
 */
export async function startHeadlessHost(opts: HeadlessHostOptions): Promise<HeadlessHost> {
  const token = opts.token ?? newToken();
  if (token.length < 16) throw new Error('headless host token must be at least 16 characters');
  const rendererDir = resolve(opts.rendererDir ?? 'out/renderer');
  const limits: ConnectionLimits = { ...defaultLimits, ...opts.limits };
  const onError = opts.onError ?? (() => {});
  let csp = contentSecurityPolicy();
  let closing: Promise<void> | null = null;

  const httpServer = createServer((req, res) => {
    serveStatic(req, res, rendererDir, csp).catch((err: unknown) => {
      onError(err);
      if (!res.headersSent) res.writeHead(500, securityHeaders(csp));
      res.end();
    });
  });
  // A message over the cap closes its connection (1009) before any of it is parsed.
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES, perMessageDeflate: false });
  const connections = new Map<WebSocket, () => void>();
  let connectionCount = 0;

  httpServer.on('upgrade', (req, socket, head) => {
    const refusal = closing ? { status: 503, text: 'Service Unavailable' } : refuseUpgrade(req, token);
    if (refusal) {
      rejectUpgrade(socket, refusal.status, refusal.text);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      connectionCount += 1;
      ws.send(JSON.stringify({ hello: { version: opts.version ?? '0' } }));
      const dispose = serveConnection(ws, opts.api, `ws:${connectionCount}`, limits, onError);
      connections.set(ws, dispose);
      ws.on('close', () => connections.delete(ws));
    });
  });
  httpServer.on('clientError', (_err, socket) => socket.destroy());

  await new Promise<void>((resolveListen, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(opts.port ?? 0, HOST, () => {
      httpServer.off('error', reject);
      resolveListen();
    });
  });
  const address = httpServer.address();
  if (address === null || typeof address === 'string') throw new Error('headless host has no TCP address');
  const port = address.port;
  csp = contentSecurityPolicy([`ws://${HOST}:${port}`, `ws://localhost:${port}`]);

  return {
    url: `http://${HOST}:${port}/?token=${token}`,
    wsUrl: `ws://${HOST}:${port}${API_PATH}?token=${token}`,
    token,
    port,
    close: () => {
      closing ??= (async () => {
        const stopped = new Promise<void>((done) => httpServer.close(() => done()));
        for (const [ws, dispose] of connections) {
          dispose();
          ws.close(1001, 'server shutting down');
        }
        // A polite close waits for the client's answer; one that never answers is cut off.
        const deadline = Date.now() + CLOSE_GRACE_MS;
        while (connections.size > 0 && Date.now() < deadline) await delay(20);
        for (const ws of connections.keys()) ws.terminate();
        connections.clear();
        await new Promise<void>((done) => wss.close(() => done()));
        httpServer.closeAllConnections();
        await stopped;
      })();
      return closing;
    },
  };
}

function refuseUpgrade(req: IncomingMessage, token: string): { status: number; text: string } | null {
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://placeholder');
  } catch {
    return { status: 400, text: 'Bad Request' };
  }
  if (url.pathname !== API_PATH) return { status: 404, text: 'Not Found' };
  if (!isLoopbackHost(req.headers.host)) return { status: 403, text: 'Forbidden' };
  if (!isAllowedOrigin(req.headers.origin)) return { status: 403, text: 'Forbidden' };
  if (!tokenMatches(url.searchParams.get('token'), token)) return { status: 401, text: 'Unauthorized' };
  return null;
}

/** Answers a refused handshake in plain HTTP: the client never gets a WebSocket. */
function rejectUpgrade(socket: Duplex, status: number, text: string): void {
  socket.on('error', () => {});
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}

async function serveStatic(req: IncomingMessage, res: ServerResponse, rootDir: string, csp: string): Promise<void> {
  const reply = (status: number, body: string) => {
    res.writeHead(status, { ...securityHeaders(csp), 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  if (!isLoopbackHost(req.headers.host)) return reply(403, 'Forbidden');
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    return reply(405, 'Method Not Allowed');
  }
  const target = resolveRequestPath(rootDir, req.url ?? '/');
  if (target.kind === 'refused') return reply(400, 'Bad Request');

  const file = (await isFile(target.path)) ? target.path : target.fallback && (await isFile(target.fallback)) ? target.fallback : null;
  if (file === null) {
    const hint = target.fallback ? ' (the renderer is not built: run `npm run build`)' : '';
    return reply(404, `Not Found${hint}`);
  }
  const body = await readFile(file);
  res.writeHead(200, { ...fileHeaders(file, rootDir, csp), 'Content-Length': String(body.length) });
  res.end(req.method === 'HEAD' ? undefined : body);
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
