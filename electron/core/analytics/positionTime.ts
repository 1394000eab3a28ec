import { Decimal, ZERO } from '../domain/decimal';
import type { BookedFill } from './bookedFill';

/** [from, to) in epoch ms. */
export interface Interval {
  from: number;
  to: number;
}

/**
 * When the fills left any position open (in any symbol). A position brought back to a
 * quantity of exactly zero is closed: it contributes nothing from then on. A position still
 * open after the last fill is open until `openUntil`.
 */
export function positionIntervals(booked: readonly BookedFill[], openUntil: number): Interval[] {
  const qty = new Map<string, Decimal>();
  let openSymbols = 0;
  let openedAt = 0;
  const out: Interval[] = [];
  for (const f of booked) {
    const before = qty.get(f.symbol) ?? ZERO;
    const after = f.side === 'buy' ? before.plus(f.units) : before.minus(f.units);
    qty.set(f.symbol, after);
    const wasOpen = openSymbols > 0;
    if (before.isZero() && !after.isZero()) openSymbols++;
    else if (!before.isZero() && after.isZero()) openSymbols--;
    if (!wasOpen && openSymbols > 0) openedAt = f.at;
    else if (wasOpen && openSymbols === 0 && f.at > openedAt) out.push({ from: openedAt, to: f.at });
  }
  if (openSymbols > 0 && openUntil > openedAt) out.push({ from: openedAt, to: openUntil });
  return out;
}

/** Fraction of [from, to] covered by the (non-overlapping, ascending) intervals; null for an empty window. */
export function exposureFraction(intervals: readonly Interval[], from: number, to: number): number | null {
  if (!(to > from)) return null;
  let covered = 0;
  for (const i of intervals) {
    const a = Math.max(i.from, from);
    const b = Math.min(i.to, to);
    if (b > a) covered += b - a;
  }
  return Math.min(1, covered / (to - from));
}
