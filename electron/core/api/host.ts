import type { Envelope, EventName, PayloadOf } from '../../../shared/contract';

/** Who is calling: used for rate limits and the audit log, never for trust. */
export interface CallContext {
  /** "ipc:<webContentsId>" in the app, "ws:<connection>" in the headless host, "test" in tests. */
  caller: string;
}

export type EventListener = <E extends EventName>(event: E, payload: PayloadOf<E>) => void;

/**
 * What a transport (Electron IPC in main, the WebSocket of the headless host, an
 * in-memory pair in tests) needs from the engine. It takes raw, untrusted input and
 * always answers with an envelope; it never throws.
 */
export interface ApiHost {
  invoke(channel: string, rawInput: unknown, ctx: CallContext): Promise<Envelope<unknown>>;
  /** Coalesced events; returns an unsubscribe function. */
  subscribe(listener: EventListener): () => void;
  close(): Promise<void>;
}
