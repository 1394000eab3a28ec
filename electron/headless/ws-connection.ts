import type { RawData, WebSocket } from 'ws';
import { fail, isEventName, isInvokeName } from '../../shared/contract';
import type { Envelope, EventName, PayloadOf, WsServerMessage } from '../../shared/contract';
import type { ApiHost } from '../core/api/host';
import { EventBacklog } from './event-backlog';

export interface ConnectionLimits {
  /** Requests of one connection awaiting their reply; more are answered RATE_LIMITED. */
  maxInFlight: number;
  /** Above this many unsent bytes, events are held and merged instead of written. */
  eventHighWaterBytes: number;
  /** A client that stays above the mark this long is not reading: it is disconnected. */
  stalledAfterMs: number;
  /** How often held events are retried. */
  retryEveryMs: number;
}

export const defaultLimits: ConnectionLimits = {
  maxInFlight: 64,
  eventHighWaterBytes: 4 * 1024 * 1024,
  stalledAfterMs: 30_000,
  retryEveryMs: 50,
};

/**
 * A reply whose request id could not be read (unparsable JSON, no numeric id) carries
 * id null, as in JSON-RPC. The contract's WsServerMessage only allows a number there;
 * see the report: it should become `number | null`.
 */
type OutgoingMessage = WsServerMessage | { id: null; reply: Envelope<never> };

type ParsedRequest =
  | { ok: true; id: number; channel: string; input: unknown }
  | { ok: false; id: number | null; message: string };

const MAX_CHANNEL_LENGTH = 128;

/** Reads `{id, channel, input}` without trusting anything about its shape. */
export function parseClientMessage(data: RawData, isBinary: boolean): ParsedRequest {
  if (isBinary) return { ok: false, id: null, message: 'expected a text message with JSON' };
  let value: unknown;
  try {
    value = JSON.parse(rawToString(data));
  } catch {
    return { ok: false, id: null, message: 'message is not valid JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, id: null, message: 'expected an object {id, channel, input}' };
  }
  const record = value as Record<string, unknown>;
  const id = Number.isSafeInteger(record['id']) && (record['id'] as number) >= 0 ? (record['id'] as number) : null;
  if (id === null) return { ok: false, id: null, message: '"id" must be a non-negative integer' };
  const channel = record['channel'];
  if (typeof channel !== 'string' || channel.length === 0 || channel.length > MAX_CHANNEL_LENGTH) {
    return { ok: false, id, message: '"channel" must be a channel name' };
  }
  return { ok: true, id, channel, input: record['input'] };
}

function rawToString(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

/**
 * One WebSocket client: requests go to the engine with the connection as caller,
 * replies come back with the request's id, and the engine's events are forwarded
 * (held and merged while the client is slow). Never throws into `ws`.
 */
export function serveConnection(
  socket: WebSocket,
  api: ApiHost,
  caller: string,
  limits: ConnectionLimits = defaultLimits,
  onError: (err: unknown) => void = () => {},
): () => void {
  let inFlight = 0;
  let closed = false;
  const backlog = new EventBacklog();
  let retryTimer: NodeJS.Timeout | null = null;
  let congestedSince: number | null = null;

  const send = (message: OutgoingMessage): void => {
    if (closed || socket.readyState !== socket.OPEN) return;
    socket.send(JSON.stringify(message), (err) => {
      if (err) onError(err);
    });
  };

  const congested = () => socket.bufferedAmount > limits.eventHighWaterBytes;

  const flushBacklog = (): void => {
    retryTimer = null;
    if (closed) return;
    if (congested()) {
      congestedSince ??= Date.now();
      if (Date.now() - congestedSince > limits.stalledAfterMs) {
        // 1013 "try again later": the client reconnects and refetches its state.
        socket.close(1013, 'not reading events');
        return;
      }
      retryTimer = setTimeout(flushBacklog, limits.retryEveryMs);
      return;
    }
    congestedSince = null;
    for (const { event, payload } of backlog.drain()) send({ event, payload });
  };

  const unsubscribe = api.subscribe(<E extends EventName>(event: E, payload: PayloadOf<E>) => {
    if (closed || !isEventName(event)) return;
    // Once anything is held, everything is held, so events never overtake each other.
    if (backlog.size > 0 || congested()) {
      backlog.add(event, payload);
      retryTimer ??= setTimeout(flushBacklog, limits.retryEveryMs);
      return;
    }
    send({ event, payload });
  });

  const handle = async (id: number, channel: string, input: unknown): Promise<void> => {
    if (!isInvokeName(channel)) {
      send({ id, reply: fail('UNKNOWN_CHANNEL', `Unknown channel "${channel}".`) });
      return;
    }
    if (inFlight >= limits.maxInFlight) {
      send({ id, reply: fail('RATE_LIMITED', `Too many requests in flight (limit ${limits.maxInFlight}).`) });
      return;
    }
    inFlight += 1;
    try {
      const reply = await api.invoke(channel, input, { caller });
      send({ id, reply });
    } catch (err) {
      // ApiHost promises never to throw; if it does, the client still gets an answer.
      onError(err);
      send({ id, reply: fail('INTERNAL', 'Internal error.') });
    } finally {
      inFlight -= 1;
    }
  };

  socket.on('message', (data, isBinary) => {
    const parsed = parseClientMessage(data, isBinary);
    if (!parsed.ok) {
      const reply = fail('BAD_REQUEST', parsed.message);
      send(parsed.id === null ? { id: null, reply } : { id: parsed.id, reply });
      return;
    }
    void handle(parsed.id, parsed.channel, parsed.input);
  });

  const dispose = (): void => {
    if (closed) return;
    closed = true;
    if (retryTimer) clearTimeout(retryTimer);
    unsubscribe();
  };
  socket.on('close', dispose);
  socket.on('error', (err) => {
    onError(err);
    dispose();
  });
  return dispose;
}
