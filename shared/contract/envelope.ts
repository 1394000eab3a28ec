import { z } from 'zod';

/**
 * Every reply crosses the boundary as an envelope; exceptions never do.
 * The codes are few on purpose: the UI decides what to show from the code, the
 * message is for the human.
 */
export const ErrorCode = z.enum([
  'BAD_REQUEST', // the payload did not match the channel's schema
  'INVALID_ORDER', // the order itself is wrong (qty, price, symbol, tick, notional)
  'DENIED', // risk said no
  'REJECTED', // the venue said no
  'NOT_FOUND',
  'CONFLICT', // e.g. cancelling an order that is already filled
  'RATE_LIMITED',
  'UNAVAILABLE', // a venue or the store cannot be reached right now
  'UNKNOWN_CHANNEL',
  'FORBIDDEN', // wrong sender frame, missing token
  'INTERNAL',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ApiErrorShape = z.object({
  code: ErrorCode,
  message: z.string(),
  /** Field name -> message, for forms that show errors inline. */
  fields: z.record(z.string(), z.string()).optional(),
});
export type ApiErrorShape = z.infer<typeof ApiErrorShape>;

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ApiErrorShape };

export const EnvelopeShape = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: ApiErrorShape }),
]);

export function ok<T>(value: T): Envelope<T> {
  return { ok: true, value };
}

export function fail(code: ErrorCode, message: string, fields?: Record<string, string>): Envelope<never> {
  return { ok: false, error: fields ? { code, message, fields } : { code, message } };
}
