import type { z } from 'zod';
import {
  fail,
  invokeChannels,
  isInvokeName,
  ok,
  type Envelope,
  type InvokeName,
  type OutputOf,
  type ParsedInputOf,
} from '../../../shared/contract';
import type { Logger } from '../log/logger';
import { ApiError } from './errors';
import type { CallContext } from './host';
import { TokenBuckets } from './rateLimit';

export type Handlers = {
  [N in InvokeName]: (input: ParsedInputOf<N>, ctx: CallContext) => Promise<OutputOf<N>> | OutputOf<N>;
};

export type Dispatch = (channel: string, rawInput: unknown, ctx: CallContext) => Promise<Envelope<unknown>>;

function zodFields(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join('.') : '_';
    fields[key] ??= issue.message;
  }
  return fields;
}

/**
 * The one entry point from any transport into the engine. The renderer is untrusted:
 * the channel must be declared, the input must parse with the channel's schema, order
 * entry is rate limited per caller, and whatever happens the answer is an envelope.
 * Unexpected errors are logged in full here and cross the boundary only as INTERNAL.
 */
export function createDispatcher(
  handlers: Handlers,
  opts: { log: Logger; ratePerSecond?: number; burst?: number; now?: () => number },
): Dispatch {
  const buckets = new TokenBuckets(opts.ratePerSecond ?? 10, opts.burst ?? 20, opts.now ?? Date.now);
  return async (channel, rawInput, ctx) => {
    if (!isInvokeName(channel)) return fail('UNKNOWN_CHANNEL', `There is no channel called ${String(channel).slice(0, 64)}`);
    const def = invokeChannels[channel];
    if (def.rateLimited && !buckets.take(`${ctx.caller}:${channel}`)) {
      return fail('RATE_LIMITED', 'Too many orders too fast: wait a moment and try again');
    }
    const parsed = def.input.safeParse(rawInput);
    if (!parsed.success) {
      const fields = zodFields(parsed.error);
      const first = Object.entries(fields)[0];
      const detail = first ? `${first[0] === '_' ? '' : `${first[0]}: `}${first[1]}` : 'malformed payload';
      return fail('BAD_REQUEST', `Invalid request for ${channel}: ${detail}`, fields);
    }
    try {
      const handler = handlers[channel] as (input: unknown, ctx: CallContext) => unknown;
      const value = await handler(parsed.data, ctx);
      const out = def.output.safeParse(value);
      if (!out.success) {
        opts.log.error('handler returned a value that breaks the contract', { channel, issues: out.error.issues.slice(0, 5) });
        return fail('INTERNAL', 'The engine produced an answer it should not have; details are in the log');
      }
      return ok(out.data);
    } catch (err) {
      if (err instanceof ApiError) return fail(err.code, err.message, err.fields);
      opts.log.error('handler failed', { channel, caller: ctx.caller, error: err });
      return fail('INTERNAL', 'Something went wrong in the engine; details are in the log');
    }
  };
}
