import { barsFromArrays, type Bars } from '../../../electron/core/training/bars';
import type { BarSeries, StrategyContext, StrategyDefinition, StrategyInstance } from '../../../electron/core/strategies/api';

/** [open, high, low, close, volume?] per bar; bar k opens at T0 + 60 k seconds. */
export type Row = [number, number, number, number, number?];

export const T0 = Date.UTC(2024, 0, 2, 14, 30) / 1000;

export function barsOf(rows: readonly Row[]): Bars {
  return barsFromArrays({
    t: rows.map((_, k) => T0 + 60 * k),
    o: rows.map((r) => r[0]),
    h: rows.map((r) => r[1]),
    l: rows.map((r) => r[2]),
    c: rows.map((r) => r[3]),
    v: rows.map((r) => r[4] ?? Number.NaN),
  });
}

/** Flat bars at `price` (open = high = low = close). */
export function flat(price: number, n: number, volume?: number): Row[] {
  return Array.from({ length: n }, () => [price, price, price, price, volume] as Row);
}

/** A strategy that runs `script[i]` at bar i (and nothing else). */
export function scripted(script: Record<number, (ctx: StrategyContext, bars: BarSeries) => void>): StrategyInstance {
  return {
    onBar(bars, i, ctx) {
      script[i]?.(ctx, bars);
    },
  };
}

/** Random-walk bars with a fixed LCG, for property-style tests. */
export function walk(n: number, seed = 1, start = 100): Bars {
  let s = seed >>> 0;
  const rnd = () => {
    s = (Math.imul(s, 1_103_515_245) + 12_345) >>> 0;
    return s / 2 ** 32;
  };
  const rows: Row[] = [];
  let p = start;
  for (let k = 0; k < n; k++) {
    const o = p;
    p = p * (1 + (rnd() - 0.5) * 0.02);
    rows.push([o, Math.max(o, p) * (1 + rnd() * 0.003), Math.min(o, p) * (1 - rnd() * 0.003), p, 1000 + Math.floor(rnd() * 1000)]);
  }
  return barsOf(rows);
}

export function defById(list: readonly StrategyDefinition[], id: string): StrategyDefinition {
  const def = list.find((d) => d.id === id);
  if (!def) throw new Error(`no test strategy ${id}`);
  return def;
}
