import type { GateTrace, StrategyContext } from './api';

/**
 * The entry/exit state machine shared by the level-based strategies (RSI, Bollinger,
 * Donchian). The strategy keeps the target it last stated (`held`: +1, 0 or -1) instead of
 * asking the runner for its position, so its decisions depend on the bars alone (an unfilled
 * order does not change what it thinks), and it calls target() only when that changes.
 *
 * - long:  exitLong -> flat, or straight to short when allowShort and shortEntry also holds;
 * - short: exitShort -> flat, or straight to long when longEntry also holds;
 * - flat:  longEntry -> long; else shortEntry with allowShort -> short.
 */
export function nextTarget(held: number, allowShort: boolean, longEntry: boolean, shortEntry: boolean, exitLong: boolean, exitShort: boolean): number {
  if (held > 0) return exitLong ? (allowShort && shortEntry ? -1 : 0) : held;
  if (held < 0) return exitShort ? (longEntry ? 1 : 0) : held;
  if (longEntry) return 1;
  return allowShort && shortEntry ? -1 : 0;
}

/** Reasons for each transition, built once per instance. */
export interface RuleReasons {
  readonly long: string;
  readonly short: string;
  readonly exitLong: string;
  readonly exitShort: string;
}

/** Applies the state machine for one bar: calls target() only on a change; returns the new held target. */
export function applyRules(ctx: StrategyContext, held: number, next: number, reasons: RuleReasons): number {
  if (next === held) return held;
  const reason = next > 0 ? reasons.long : next < 0 ? reasons.short : held > 0 ? reasons.exitLong : reasons.exitShort;
  ctx.target(next, reason);
  return next;
}

/** Gates of the four rules; built only when tracing. */
export interface RuleGates {
  readonly longEntry: GateTrace;
  readonly shortEntry: GateTrace;
  readonly exitLong: GateTrace;
  readonly exitShort: GateTrace;
}

export const RULE_GATE_NAMES = { longEntry: 'long entry', shortEntry: 'short entry', exitLong: 'exit long', exitShort: 'exit short' } as const;

/**
 * Records the gates that matter in the current state: when flat the entries (the short one
 * only with allowShort), when long the long exit (and the short entry it may reverse into),
 * when short the short exit (and the long entry).
 */
export function traceRules(ctx: StrategyContext, held: number, allowShort: boolean, gates: RuleGates): void {
  if (held > 0) {
    ctx.gate(gates.exitLong);
    if (allowShort) ctx.gate(gates.shortEntry);
  } else if (held < 0) {
    ctx.gate(gates.exitShort);
    ctx.gate(gates.longEntry);
  } else {
    ctx.gate(gates.longEntry);
    if (allowShort) ctx.gate(gates.shortEntry);
  }
}
