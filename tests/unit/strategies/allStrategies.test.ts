import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveParams, type BarSeries } from '../../../electron/core/strategies/api';
import { strategies } from '../../../electron/core/strategies/registry';
import { RecordingContext, actions, barsOf, randomBars, run } from './harness';

/** Short periods so that random walks give many decisions, with and without shorts. */
const CASES: Array<{ id: string; params: Record<string, unknown> }> = [
  { id: 'ma-cross', params: { fast: 3, slow: 8 } },
  { id: 'ma-cross', params: { fast: 3, slow: 8, kind: 'ema', allowShort: true } },
  { id: 'rsi-reversion', params: { period: 5 } },
  { id: 'rsi-reversion', params: { period: 5, allowShort: true } },
  { id: 'donchian-breakout', params: { entry: 6, exit: 3 } },
  { id: 'donchian-breakout', params: { entry: 6, exit: 3, allowShort: true } },
  { id: 'bollinger-reversion', params: { period: 8, k: 1 } },
  { id: 'bollinger-reversion', params: { period: 8, k: 1, allowShort: true } },
  { id: 'ensemble', params: {} },
  { id: 'ensemble', params: { allowShort: true, threshold: 0.25 } },
];

const named = (c: (typeof CASES)[number]) => `${c.id} ${JSON.stringify(c.params)}`;

function walk(seed: number, length = 300): BarSeries {
  const { close, high, low } = randomBars(seed, length);
  return barsOf(close, { high, low });
}

/** Bar columns that throw when the strategy reads any bar after the one being decided. */
function guarded(bars: BarSeries, cursor: { i: number }): BarSeries {
  const guard = (column: ArrayLike<number>, name: string): ArrayLike<number> =>
    new Proxy(column, {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key) && Number(key) > cursor.i) throw new Error(`read ${name}[${key}] while deciding bar ${cursor.i}`);
        return Reflect.get(target, key, receiver);
      },
    });
  return { length: bars.length, t: guard(bars.t, 't'), o: guard(bars.o, 'o'), h: guard(bars.h, 'h'), l: guard(bars.l, 'l'), c: guard(bars.c, 'c'), v: guard(bars.v, 'v') };
}

describe.each(CASES)('every built-in strategy: $id $params', (c) => {
  const def = strategies.get(c.id)!;
  const params = resolveParams(def, c.params);

  it('acts, but never before its warm-up', () => {
    for (const seed of [1, 2, 3]) {
      const decided = run(def, c.params, walk(seed)).decisions;
      expect(decided.length, named(c)).toBeGreaterThan(0);
      expect(Math.min(...decided.map((d) => d.bar))).toBeGreaterThanOrEqual(def.warmup(params));
    }
  });

  it('never reads a bar after the one it decides', () => {
    const bars = walk(4);
    const cursor = { i: 0 };
    const view = guarded(bars, cursor);
    const instance = def.create(params);
    const ctx = new RecordingContext(true);
    for (let i = 0; i < bars.length; i++) {
      cursor.i = i;
      ctx.bar = i;
      instance.onBar(view, i, ctx);
    }
    expect(actions(ctx)).toEqual(actions(run(def, c.params, bars)));
  });

  it('decides the same up to bar k whatever the bars after k are (no look-ahead)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 299 }), fc.integer({ min: 1, max: 1_000_000 }), (k, otherSeed) => {
        const original = walk(5);
        const future = randomBars(otherSeed, 300);
        const keepUpToK = (column: ArrayLike<number>, replacement: number[]) => Array.from(column, (x, i) => (i <= k ? x : replacement[i]!));
        const altered = barsOf(keepUpToK(original.c, future.close), { high: keepUpToK(original.h, future.high), low: keepUpToK(original.l, future.low) });
        const upToK = (bars: BarSeries) => actions(run(def, c.params, bars)).filter(([bar]) => bar <= k);
        expect(upToK(altered)).toEqual(upToK(original));
      }),
      { numRuns: 30 },
    );
  });

  it('traces only when tracing, and tracing does not change what it decides', () => {
    const bars = walk(6);
    const quiet = run(def, c.params, bars);
    const traced = run(def, c.params, bars, { tracing: true });
    expect(quiet.untracedGateCalls).toBe(0);
    expect(quiet.gates).toEqual([]);
    expect(traced.decisions).toEqual(quiet.decisions);
    const warmup = def.warmup(params);
    const decidedBars = new Set(traced.decisions.map((d) => d.bar));
    for (let i = 0; i < bars.length; i++) {
      const own = traced.gatesAt(i).filter((g) => !g.gate.includes(': ')); // an ensemble's members' gates are prefixed
      expect(own[0]?.gate, `bar ${i}`).toBe('warm-up');
      expect(own[0]?.passed, `bar ${i}`).toBe(i >= warmup);
      // a bar that did not act names at least one gate that failed; one that acted, one that passed after the warm-up
      if (decidedBars.has(i)) expect(own.slice(1).some((g) => g.passed), `bar ${i}`).toBe(true);
      else expect(own.some((g) => !g.passed), `bar ${i}`).toBe(true);
    }
  });

  it('two instances on the same bars decide the same (no shared state)', () => {
    const bars = walk(8);
    const a = def.create(params);
    const b = def.create(params);
    const ctxA = new RecordingContext(false);
    const ctxB = new RecordingContext(false);
    for (let i = 0; i < bars.length; i++) {
      ctxA.bar = ctxB.bar = i;
      a.onBar(bars, i, ctxA);
      b.onBar(bars, i, ctxB);
    }
    expect(actions(ctxA)).toEqual(actions(ctxB));
  });
});
