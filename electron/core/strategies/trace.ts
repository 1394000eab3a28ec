/**
 * Helpers for "why no trade" traces. Only ever called inside `if (ctx.tracing)`, so the
 * strings they build cost a backtest nothing.
 *
 * Convention for every built-in strategy: gates are recorded in the order they are
 * evaluated. `warm-up` comes first and, when it fails, is the only gate. After it come the
 * decision gates of the current state (e.g. `entry` when flat, `exit` when long): the bar
 * acted when one of them passed; when none passed, they name what blocked it.
 */

/** A number for a trace: 6 significant digits, no trailing zeros, "n/a" when undefined. */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return 'n/a';
  return String(Number(x.toPrecision(6)));
}

/** "+1", "0", "-1" for a target in units. */
export function formatUnits(units: number): string {
  return units > 0 ? `+${formatNumber(units)}` : formatNumber(units);
}

export const WARM_UP_GATE = 'warm-up';
