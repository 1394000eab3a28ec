import type { Envelope, WorkstationBridge, WsClientMessage, WsServerMessage } from '../../../shared/contract';
import { ConnectionStatusStore } from './connectionStatus';

/** A failed envelope made on this side, when the engine could not be asked at all. */
function unavailable(message: string): Envelope<never> {
  return { ok: false, error: { code: 'UNAVAILABLE', message } };
}

interface PendingInvoke {
  resolve: (reply: unknown) => void;
}

export interface WebSocketBridgeOptions {
  url: string;
  /** Backoff: first retry after `minDelayMs`, doubling up to `maxDelayMs`, with jitter. */
  minDelayMs?: number;
  maxDelayMs?: number;
  /** After this many failed attempts in a row the link is reported as down. */
  attemptsBeforeDown?: number;
  /** How long an invoke made while the link is being (re)established waits for it. */
  connectWaitMs?: number;
}

/**
 * The browser transport (tests, development): the headless host's WebSocket, speaking the
 * same contract as Electron IPC. It reconnects with backoff on its own; event listeners are
 * kept on this side, so they survive reconnects (the host pushes every event to every
 * connection, there is nothing to re-send). Invokes that are in flight when the link drops
 * settle with an UNAVAILABLE envelope: the caller decides whether to retry, and an order
 * submission is never replayed behind the user's back.
 */
export class WebSocketBridge implements WorkstationBridge {
  readonly status: ConnectionStatusStore;
  private socket: WebSocket | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, PendingInvoke>();
  private readonly listeners = new Map<string, Set<(payload: unknown) => void>>();
  private readonly openWaiters = new Set<() => void>();
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;
  private readonly minDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly attemptsBeforeDown: number;
  private readonly connectWaitMs: number;

  constructor(private readonly options: WebSocketBridgeOptions) {
    this.minDelayMs = options.minDelayMs ?? 500;
    this.maxDelayMs = options.maxDelayMs ?? 8_000;
    this.attemptsBeforeDown = options.attemptsBeforeDown ?? 3;
    this.connectWaitMs = options.connectWaitMs ?? 4_000;
    this.status = new ConnectionStatusStore({
      state: 'connecting',
      nextRetryAt: null,
      failedAttempts: 0,
      connectedEpoch: 0,
    });
    this.connect();
  }

  async invoke(channel: string, input: unknown): Promise<unknown> {
    const socket = await this.openSocket();
    if (!socket) return unavailable('The trading engine is not reachable. Retrying the connection…');
    const id = this.nextId++;
    const message: WsClientMessage = { id, channel, input };
    return new Promise<unknown>((resolve) => {
      this.pending.set(id, { resolve });
      try {
        socket.send(JSON.stringify(message));
      } catch {
        this.pending.delete(id);
        resolve(unavailable('The connection to the trading engine dropped before the request was sent.'));
      }
    });
  }

  subscribe(event: string, listener: (payload: unknown) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  /** Ask for an immediate attempt instead of waiting for the backoff timer. */
  retryNow(): void {
    if (this.closed || this.socket) return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.connect();
  }

  close(): void {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.socket?.close();
  }

  /** The open socket, waiting a little while one is being established; null if none comes. */
  private openSocket(): Promise<WebSocket | null> {
    const current = this.socket;
    if (current && current.readyState === WebSocket.OPEN) return Promise.resolve(current);
    if (this.status.get().state === 'down') return Promise.resolve(null);
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.openWaiters.delete(done);
        const socket = this.socket;
        resolve(socket && socket.readyState === WebSocket.OPEN ? socket : null);
      };
      const timer = setTimeout(done, this.connectWaitMs);
      this.openWaiters.add(done);
    });
  }

  private connect(): void {
    if (this.closed) return;
    let socket: WebSocket;
    try {
      socket = new WebSocket(this.options.url);
    } catch {
      this.scheduleRetry();
      return;
    }
    this.socket = socket;
    let opened = false;

    socket.addEventListener('open', () => {
      opened = true;
      const previous = this.status.get();
      this.status.set({
        state: 'connected',
        nextRetryAt: null,
        failedAttempts: 0,
        connectedEpoch: previous.connectedEpoch + 1,
      });
      for (const wake of this.openWaiters) wake();
    });

    socket.addEventListener('message', (event) => this.handleMessage(event.data));

    socket.addEventListener('close', () => {
      if (this.socket === socket) this.socket = null;
      this.failPending('The connection to the trading engine dropped; the request may not have been processed.');
      // A socket that never opened counts as a failed attempt; one that was up starts the count afresh.
      const failedAttempts = opened ? 0 : this.status.get().failedAttempts + 1;
      this.status.set({ failedAttempts });
      this.scheduleRetry();
      for (const wake of this.openWaiters) wake();
    });
  }

  private scheduleRetry(): void {
    if (this.closed) return;
    const { failedAttempts } = this.status.get();
    const base = Math.min(this.maxDelayMs, this.minDelayMs * 2 ** failedAttempts);
    const delay = Math.round(base * (0.75 + Math.random() * 0.5));
    this.status.set({
      state: failedAttempts >= this.attemptsBeforeDown ? 'down' : 'reconnecting',
      nextRetryAt: Date.now() + delay,
    });
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connect();
    }, delay);
  }

  private failPending(message: string): void {
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const { resolve } of waiting) resolve(unavailable(message));
  }

  private handleMessage(data: unknown): void {
    if (typeof data !== 'string') return;
    let message: WsServerMessage;
    try {
      message = JSON.parse(data) as WsServerMessage;
    } catch {
      return;
    }
    if ('id' in message) {
      // A reply without a readable id answers no request of ours: there is nothing to resolve.
      if (message.id === null) return;
      const pending = this.pending.get(message.id);
      if (!pending) return;
      this.pending.delete(message.id);
      pending.resolve(message.reply);
    } else if ('event' in message) {
      const listeners = this.listeners.get(message.event);
      if (!listeners) return;
      for (const listener of listeners) {
        try {
          listener(message.payload);
        } catch (error) {
          // One faulty listener must not starve the others of events.
          console.error(`listener for ${message.event} failed`, error);
        }
      }
    }
  }
}
