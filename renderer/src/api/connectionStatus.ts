/**
 * The state of the link to the engine, shown by the connection indicator.
 * - connecting:   first attempt, nothing received yet
 * - connected:    the engine answers
 * - reconnecting: the link dropped; retrying with backoff (cached data stays on screen)
 * - down:         several attempts failed in a row; still retrying, but orders cannot be sent
 */
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'down';

export interface ConnectionStatus {
  state: ConnectionState;
  /** When the next attempt is due (epoch ms), while reconnecting or down. */
  nextRetryAt: number | null;
  /** Consecutive failed attempts since the link was last up. */
  failedAttempts: number;
  /** Increments each time the link comes back, so data that may have missed events is refetched. */
  connectedEpoch: number;
}

type Listener = (status: ConnectionStatus) => void;

/** A tiny observable value, read by React through useSyncExternalStore. */
export class ConnectionStatusStore {
  private status: ConnectionStatus;
  private readonly listeners = new Set<Listener>();

  constructor(initial: ConnectionStatus) {
    this.status = initial;
  }

  get = (): ConnectionStatus => this.status;

  set(next: Partial<ConnectionStatus>): void {
    this.status = { ...this.status, ...next };
    for (const listener of this.listeners) listener(this.status);
  }

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}
