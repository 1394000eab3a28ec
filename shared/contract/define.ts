import { z } from 'zod';

/**
 * The contract's building blocks. Every channel is declared exactly once with its
 * kind and zod schemas; main, preload, the headless host and the renderer client are
 * all driven from these declarations, so a channel cannot exist in one place only.
 */
export interface InvokeChannel<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly kind: 'invoke';
  readonly input: I;
  readonly output: O;
  /** Order-entry channels are rate limited per caller (see electron/core/api). */
  readonly rateLimited?: boolean;
  readonly summary: string;
}

export interface EventChannel<P extends z.ZodType = z.ZodType> {
  readonly kind: 'event';
  readonly payload: P;
  readonly summary: string;
}

export function invoke<I extends z.ZodType, O extends z.ZodType>(
  summary: string,
  input: I,
  output: O,
  options: { rateLimited?: boolean } = {},
): InvokeChannel<I, O> {
  return { kind: 'invoke', input, output, summary, ...options };
}

export function event<P extends z.ZodType>(summary: string, payload: P): EventChannel<P> {
  return { kind: 'event', payload, summary };
}
