import type {
  ApiErrorShape,
  Envelope,
  EventName,
  InputOf,
  InvokeName,
  OutputOf,
  PayloadOf,
  WorkstationBridge,
} from '../../../shared/contract';
import { ApiError } from './ApiError';

function isEnvelope(reply: unknown): reply is Envelope<unknown> {
  if (typeof reply !== 'object' || reply === null || !('ok' in reply)) return false;
  const candidate = reply as { ok: unknown; error?: unknown };
  if (candidate.ok === true) return 'value' in candidate;
  return candidate.ok === false && typeof candidate.error === 'object' && candidate.error !== null;
}

export interface Api {
  /** Calls a declared channel; resolves with its value or throws an ApiError. */
  invoke<N extends InvokeName>(name: N, input: InputOf<N>): Promise<OutputOf<N>>;
  /** Listens to a declared event; returns the unsubscribe function. */
  subscribe<E extends EventName>(event: E, listener: (payload: PayloadOf<E>) => void): () => void;
}

/**
 * The typed face of the bridge. The engine validates every input and owns the schemas, so
 * the renderer trusts reply shapes (the engine is the trusted side) and only checks that a
 * reply is an envelope at all.
 */
export function createApi(bridge: WorkstationBridge): Api {
  return {
    async invoke<N extends InvokeName>(name: N, input: InputOf<N>): Promise<OutputOf<N>> {
      let reply: unknown;
      try {
        reply = await bridge.invoke(name, input);
      } catch (error) {
        throw new ApiError({
          code: 'UNAVAILABLE',
          message: error instanceof Error ? error.message : 'The trading engine could not be reached.',
        });
      }
      if (!isEnvelope(reply)) {
        throw new ApiError({ code: 'INTERNAL', message: `Unexpected reply from ${name}.` });
      }
      if (!reply.ok) throw new ApiError(reply.error as ApiErrorShape);
      return reply.value as OutputOf<N>;
    },
    subscribe<E extends EventName>(event: E, listener: (payload: PayloadOf<E>) => void): () => void {
      return bridge.subscribe(event, (payload) => listener(payload as PayloadOf<E>));
    },
  };
}
