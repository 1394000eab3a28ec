import { z } from 'zod';

/** Money and quantities cross the boundary as decimal strings, never binary floats. */
export const DecimalString = z.string().regex(/^-?\d+(\.\d+)?$/, 'expected a decimal number as a string');
export type DecimalString = z.infer<typeof DecimalString>;

/**
 * What a form may send for a number: a string as typed, or a number. Whether it is a
 * sensible quantity or price is decided by the engine's order validation, which gives
 * the user a precise message and writes the refusal to the audit log.
 */
export const NumberLike = z.union([z.string().max(64), z.number()]);

/** Milliseconds since the Unix epoch, UTC. */
export const EpochMs = z.number().int().nonnegative();

export const Symbol = z
  .string()
  .min(1)
  .max(32)
  .regex(/^[A-Za-z0-9./:_-]+$/, 'symbol may contain letters, digits and . / : _ -');

export const Side = z.enum(['buy', 'sell']);
export type Side = z.infer<typeof Side>;

export const Empty = z.object({}).strict().optional();
