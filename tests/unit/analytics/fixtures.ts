/** Shared hand-computed fixtures for the analytics tests. */

export const DAY = 86_400_000;
export const HOUR = 3_600_000;
export const MINUTE = 60_000;
/** 2026-03-02T00:00:00Z, a Monday. */
export const T0 = Date.UTC(2026, 2, 2);
export const utcDay = (t: number) => new Date(t).toISOString().slice(0, 10);

/**
 * Six daily closes (one point per day at 21:00 UTC) whose returns are
 *   r = [+0.02, -0.02, +0.02, -0.01, +0.03]
 * E0 = 100
 * E1 = 100 * 1.02         = 102
 * E2 = 102 * 0.98         = 99.96
 * E3 = 99.96 * 1.02       = 101.9592
 * E4 = 101.9592 * 0.99    = 100.939608
 * E5 = 100.939608 * 1.03  = 103.96779624
 */
export const SIX_DAYS = {
  t: [0, 1, 2, 3, 4, 5].map((d) => T0 + d * DAY + 21 * HOUR),
  v: [100, 102, 99.96, 101.9592, 100.939608, 103.96779624],
  returns: [0.02, -0.02, 0.02, -0.01, 0.03],
};
