import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { z } from 'zod';
import type { Json } from './payloads';

/**
 * Alpaca's trading stream (wss://paper-api.alpaca.markets/stream): JSON messages, which
 * Alpaca sends as binary frames. The client authenticates, then listens to
 * trade_updates; only listening clients get order events. Nothing is replayed to a
 * client that was away, exactly like Alpaca.
 */

const ClientMessage = z.union([
  z.object({ action: z.literal('authenticate'), data: z.object({ key_id: z.string(), secret_key: z.string() }) }),
  z.object({ action: z.literal('auth'), key: z.string(), secret: z.string() }),
  z.object({ action: z.literal('listen'), data: z.object({ streams: z.array(z.string()) }) }),
]);

interface Client {
  socket: WebSocket;
  authenticated: boolean;
  streams: Set<string>;
}

export class TradeUpdatesServer {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly clients = new Set<Client>();
  private refusing = false;
  connectionsAccepted = 0;

  constructor(
    private readonly keyId: string,
    private readonly secret: string,
  ) {}

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (this.refusing || new URL(req.url ?? '/', 'http://x').pathname !== '/stream') {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
  }

  /** Sends one trade update to every client listening to trade_updates. */
  publish(data: Json): void {
    for (const c of this.clients) if (c.authenticated && c.streams.has('trade_updates')) this.send(c, { stream: 'trade_updates', data });
  }

  listeners(): number {
    return [...this.clients].filter((c) => c.authenticated && c.streams.has('trade_updates')).length;
  }

  /** Kills every connection without a close handshake, as a network failure would. */
  drop(): void {
    for (const c of this.clients) c.socket.terminate();
    this.clients.clear();
  }

  refuse(on: boolean): void {
    this.refusing = on;
  }

  close(): Promise<void> {
    this.drop();
    return new Promise((resolve) => this.wss.close(() => resolve()));
  }

  private accept(ws: WebSocket): void {
    this.connectionsAccepted++;
    const client: Client = { socket: ws, authenticated: false, streams: new Set() };
    this.clients.add(client);
    ws.on('message', (raw) => this.onMessage(client, raw));
    ws.on('close', () => this.clients.delete(client));
    ws.on('error', () => this.clients.delete(client));
  }

  private onMessage(client: Client, raw: RawData): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(rawText(raw));
    } catch {
      this.send(client, { stream: 'error', data: { error_message: 'invalid syntax' } });
      return;
    }
    const msg = ClientMessage.safeParse(parsed);
    if (!msg.success) {
      this.send(client, { stream: 'error', data: { error_message: 'invalid syntax' } });
      return;
    }
    const m = msg.data;
    if (m.action === 'authenticate' || m.action === 'auth') {
      const [key, secret] = m.action === 'auth' ? [m.key, m.secret] : [m.data.key_id, m.data.secret_key];
      if (key === this.keyId && secret === this.secret) {
        client.authenticated = true;
        this.send(client, { stream: 'authorization', data: { action: 'authenticate', status: 'authorized' } });
      } else {
        this.send(client, { stream: 'authorization', data: { action: 'authenticate', status: 'unauthorized' } });
        client.socket.close(1008, 'unauthorized');
      }
      return;
    }
    if (!client.authenticated) {
      this.send(client, { stream: 'authorization', data: { action: 'listen', status: 'unauthorized' } });
      return;
    }
    client.streams = new Set(m.data.streams.filter((s) => s === 'trade_updates'));
    this.send(client, { stream: 'listening', data: { streams: [...client.streams] } });
  }

  private send(client: Client, message: Json): void {
    if (client.socket.readyState !== client.socket.OPEN) return;
    client.socket.send(Buffer.from(JSON.stringify(message)), { binary: true });
  }
}

function rawText(raw: RawData): string {
  if (Buffer.isBuffer(raw)) return raw.toString('utf8');
  if (Array.isArray(raw)) return Buffer.concat(raw).toString('utf8');
  return Buffer.from(raw).toString('utf8');
}
