import { describe, expect, it } from 'vitest';
import { resolveParams, type StrategyDefinition } from '../../../electron/core/strategies/api';
import { builtInEnsemble, createEnsemble, type EnsembleMember } from '../../../electron/core/strategies/ensemble';
import { maCross } from '../../../electron/core/strategies/maCross';
import { rsiReversion } from '../../../electron/core/strategies/rsiReversion';
import { actions, barsOf, randomBars, run } from './harness';

/** A member that states the scripted target on the scripted bars, nothing else; needs 1 bar of warm-up. */
function scripted(id: string, script: Record<number, number>): StrategyDefinition {
  return {
    id,
    name: id,
    description: 'test member',
    params: [],
    warmup: () => 1,
    create: () => ({
      onBar(_bars, i, ctx) {
        const units = script[i];
        if (ctx.tracing) ctx.gate({ gate: 'script', passed: units !== undefined, detail: `bar ${i}` });
        if (units !== undefined) ctx.target(units, `${id} says ${units}`);
      },
    }),
  };
}

const member = (def: StrategyDefinition, weight: number): EnsembleMember => ({ def, params: {}, weight });
const flat = scripted('flat', {});
const bars = barsOf([1, 2, 3, 4, 5, 6, 7]);

describe('ensemble weights', () => {
  it('refuses negative, non-finite and not-summing-to-one weights', () => {
    expect(() => createEnsemble([member(flat, -0.5), member(maCross, 1.5)])).toThrow('The weight of flat must not be negative (it is -0.5)');
    expect(() => createEnsemble([member(flat, Number.NaN), member(maCross, 1)])).toThrow('The weight of flat must be a finite number, not NaN');
    expect(() => createEnsemble([member(flat, Number.POSITIVE_INFINITY)])).toThrow(/finite number, not Infinity/);
    expect(() => createEnsemble([member(flat, 0.4), member(maCross, 0.5)])).toThrow('The weights must sum to 1, but 0.4 + 0.5 = 0.9');
    expect(() => createEnsemble([])).toThrow('An ensemble needs at least one member');
  });

  it('accepts weights that sum to one, within floating-point slack', () => {
    expect(createEnsemble([member(flat, 0.5), member(maCross, 0.5)]).id).toBe('ensemble');
    // 0.1 added ten times is 0.9999999999999999
    expect(() => createEnsemble(Array.from({ length: 10 }, (_, k) => member(scripted(`m${k}`, {}), 0.1)))).not.toThrow();
  });

  it('refuses member params their strategy refuses, naming the member', () => {
    expect(() => createEnsemble([{ def: maCross, params: { fast: 40, slow: 30 }, weight: 1 }])).toThrow(
      'Ensemble member ma-cross: The fast period (40) must be shorter than the slow period (30)',
    );
  });

  it('validates the built-in ensemble weights through resolveParams', () => {
    // defaults: four equal weights of 0.25
    expect(resolveParams(builtInEnsemble, {})).toMatchObject({ w_ma: 0.25, w_rsi: 0.25, w_donchian: 0.25, w_bollinger: 0.25, threshold: 0.5 });
    expect(() => resolveParams(builtInEnsemble, { w_ma: 0.15 })).toThrow('The weights must sum to 1, but 0.15 + 0.25 + 0.25 + 0.25 = 0.9');
    expect(() => resolveParams(builtInEnsemble, { w_ma: -0.25, w_rsi: 0.75 })).toThrow('Weight of Moving-average cross must be at least 0');
    expect(() => resolveParams(builtInEnsemble, { w_ma: 'NaN' })).toThrow('Weight of Moving-average cross must be a number');
    expect(resolveParams(builtInEnsemble, { w_ma: 1, w_rsi: 0, w_donchian: 0, w_bollinger: 0 })).toMatchObject({ w_ma: 1 });
  });
});

describe('ensemble vote', () => {
  // weights A 0.5, B 0.25, C 0.25; targets persist until restated:
  //  bar  A   B   C   vote                    threshold 0.5   threshold 0.75
  //   0   0   0   0   (warm-up: members need 1 bar)
  //   1   1   0   0   0.5                     +1              0
  //   2   1   1   0   0.75                    +1              +1
  //   3   1   1   1   1                       +1              +1
  //   4   0   1   1   0.5                     +1              0
  //   5   0  -1   1   0                       0               0
  //   6   0  -1  -1  -0.5                     -1              0
  const members = [
    member(scripted('A', { 1: 1, 4: 0 }), 0.5),
    member(scripted('B', { 2: 1, 5: -1 }), 0.25),
    member(scripted('C', { 3: 1, 6: -1 }), 0.25),
  ];
  const ensemble = createEnsemble(members);

  it('rounds the weighted vote by the threshold and acts only on a change', () => {
    expect(actions(run(ensemble, {}, bars))).toEqual([
      [1, 1],
      [5, 0],
      [6, -1],
    ]);
    expect(actions(run(ensemble, { threshold: 0.75 }, bars))).toEqual([
      [2, 1],
      [4, 0],
    ]);
  });

  it('does not decide before its slowest member is warm', () => {
    const early = scripted('early', { 0: 1 });
    const slow: StrategyDefinition = { ...scripted('slow', {}), warmup: () => 3 };
    const e = createEnsemble([member(early, 0.5), member(slow, 0.5)]);
    expect(e.warmup({})).toBe(3);
    // early votes +1 from bar 0 (0.5 >= 0.5), but the first decision is at bar 3
    expect(actions(run(e, {}, bars))).toEqual([[3, 1]]);
  });

  it('lists each member\'s vote in its traces, with the members\' own gates', () => {
    const traced = run(ensemble, {}, bars, { tracing: true });
    expect(traced.gatesAt(0).map((g) => [g.gate, g.passed])).toEqual([
      ['A: script', false],
      ['B: script', false],
      ['C: script', false],
      ['warm-up', false],
    ]);
    const bar4 = traced.gatesAt(4);
    expect(bar4.filter((g) => g.gate.startsWith('vote ')).map((g) => g.detail)).toEqual([
      '0 x weight 0.5 = 0 (A says 0)',
      '+1 x weight 0.25 = +0.25 (B says 1)',
      '+1 x weight 0.25 = +0.25 (C says 1)',
    ]);
    expect(bar4.at(-1)).toEqual({ gate: 'weighted vote', passed: false, detail: '+0.5 vs threshold +/-0.5: target +1, unchanged', value: 0.5, threshold: 0.5 });
    expect(traced.gatesAt(5).at(-1)).toMatchObject({ gate: 'weighted vote', passed: true, detail: '0 vs threshold +/-0.5: target 0' });
    expect(traced.decisions.map((d) => d.reason)).toEqual([
      'weighted vote at or above 0.5: long',
      'weighted vote between -0.5 and 0.5: flat',
      'weighted vote at or below -0.5: short',
    ]);
    expect(run(ensemble, {}, bars).untracedGateCalls).toBe(0);
  });

  it('with all the weight on one member, acts exactly like it after the warm-up', () => {
    const { close } = randomBars(7, 400);
    const series = barsOf(close);
    const alone = actions(run(rsiReversion, { period: 5 }, series));
    const wrapped = actions(run(createEnsemble([{ def: rsiReversion, params: { period: 5 }, weight: 1 }]), { threshold: 1 }, series));
    expect(alone.length).toBeGreaterThan(3);
    expect(wrapped).toEqual(alone);
  });

  it('the built-in ensemble runs its four members and needs the slowest warm-up (ma-cross, 30)', () => {
    expect(builtInEnsemble.warmup({})).toBe(30);
    const { close, high, low } = randomBars(11, 500);
    const ctx = run(builtInEnsemble, {}, barsOf(close, { high, low }), { tracing: true });
    const votes = ctx.gatesAt(100).filter((g) => g.gate.startsWith('vote ')).map((g) => g.gate);
    expect(votes).toEqual(['vote ma-cross', 'vote rsi-reversion', 'vote donchian-breakout', 'vote bollinger-reversion']);
  });
});
