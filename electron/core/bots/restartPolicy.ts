/**
 * When an errored bot starts again by itself. By default a strategy error waits for the
 * user (the same bars would fail the same way), and a venue that could not be reached is
 * tried again with exponential backoff (it usually comes back).
 */
import type { ErrorKind } from './botStore';

export interface Backoff {
  /** First delay, ms; doubled after each failed attempt up to maxMs. */
  baseMs: number;
  maxMs: number;
  /** Attempts before giving up and waiting for the user. */
  maxAttempts: number;
}

export type RestartPolicy = Record<ErrorKind, Backoff | null>;

export const DEFAULT_RESTART_POLICY: RestartPolicy = {
  strategy: null,
  venue: { baseMs: 5_000, maxMs: 300_000, maxAttempts: 10 },
  internal: null,
};

/** The delay before attempt `attempt` (1-based), or null when there is none. */
export function restartDelay(policy: RestartPolicy, kind: ErrorKind, attempt: number): number | null {
  const b = policy[kind];
  if (!b || attempt > b.maxAttempts) return null;
  return Math.min(b.maxMs, b.baseMs * 2 ** (attempt - 1));
}
