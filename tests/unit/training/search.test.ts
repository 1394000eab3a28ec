import { describe, expect, it } from 'vitest';
import { maCross } from '../../../electron/core/strategies/maCross';
import { evaluateObjective, parseObjective, compareObjective } from '../../../electron/core/training/objectives';
import { buildSpace, gridSize, paramKey, splitRangeArg, type ParamSet } from '../../../electron/core/training/paramSpace';
import { seededRandom } from '../../../electron/core/training/random';
import { GridSampler, RandomSampler, TpeSampler, type Observation } from '../../../electron/core/training/samplers';
import type { Metrics } from '../../../shared/contract/portfolio';

const ranges = (...args: string[]) => args.map(splitRangeArg);

describe('param space', () => {
  it('builds grids from min:max:step, lists and the spec step', () => {
    const space = buildSpace(maCross, ranges('fast=5:50:5', 'slow=20:200:10', 'kind=sma,ema'), { allowShort: 'true' });
    expect(space.dims.map((d) => [d.name, d.values?.length])).toEqual([
      ['fast', 10],
      ['slow', 19],
      ['kind', 2],
    ]);
    expect(gridSize(space)).toBe(380);
    expect(space.fixed).toEqual({ allowShort: true });
    const floats = buildSpace({ ...maCross, params: [{ name: 'x', label: 'X', kind: 'float', default: 0 }] }, ranges('x=0.1:0.5:0.1'));
    expect(floats.dims[0]!.values).toEqual([0.1, 0.2, 0.3, 0.4, 0.5]);
  });

  it('refuses empty, inverted, unknown, off-spec and malformed ranges with the param named', () => {
    expect(() => buildSpace(maCross, [])).toThrow(/at least one --range/);
    expect(() => buildSpace(maCross, ranges('fast=50:5'))).toThrow(/fast is inverted \(50 > 5\)/);
    expect(() => buildSpace(maCross, ranges('fast=5:50:0'))).toThrow(/step must be a number above 0/);
    expect(() => buildSpace(maCross, ranges('fast=5:50:-5'))).toThrow(/step must be a number above 0/);
    expect(() => buildSpace(maCross, ranges('fast=a:b'))).toThrow(/needs numbers/);
    expect(() => buildSpace(maCross, ranges('fast=0:10'))).toThrow(/below its minimum 1/);
    expect(() => buildSpace(maCross, ranges('fast=1.5:10'))).toThrow(/whole number/);
    expect(() => buildSpace(maCross, ranges('speed=1:10'))).toThrow(/has no parameter "speed"/);
    expect(() => buildSpace(maCross, ranges('kind=sma,wma'))).toThrow(/must be one of sma, ema/);
    expect(() => buildSpace(maCross, ranges('fast=1:5', 'fast=2:6'))).toThrow(/two ranges/);
    expect(() => buildSpace(maCross, ranges('fast=1:5'), { fast: '3' })).toThrow(/both a --range and a --param/);
    expect(() => splitRangeArg('fast')).toThrow(/name=min:max/);
    expect(() => splitRangeArg('fast=')).toThrow(/empty/);
  });

  it('keys are canonical', () => {
    expect(paramKey({ b: 1, a: 'x' })).toBe(paramKey({ a: 'x', b: 1 }));
  });
});

describe('samplers', () => {
  const space = buildSpace(maCross, ranges('fast=5:50:5', 'slow=20:200:10'));

  it('grid: every point once, last dimension fastest', () => {
    const grid = new GridSampler(space);
    const first = grid.propose(3);
    expect(first).toEqual([
      { fast: 5, slow: 20 },
      { fast: 5, slow: 30 },
      { fast: 5, slow: 40 },
    ]);
    const rest = grid.propose(10_000);
    expect(first.length + rest.length).toBe(190);
    expect(new Set([...first, ...rest].map(paramKey)).size).toBe(190);
    expect(grid.propose(1)).toEqual([]);
    const continuous = buildSpace({ ...maCross, params: [{ name: 'x', label: 'X', kind: 'float', default: 0 }] }, ranges('x=0:1'));
    expect(() => new GridSampler(continuous)).toThrow(/needs a step for x/);
  });

  it('random: deterministic per seed, never repeats, stops when the space is exhausted', () => {
    const a = new RandomSampler(space, seededRandom(7, 'random/search')).propose(50);
    const b = new RandomSampler(space, seededRandom(7, 'random/search')).propose(50);
    const c = new RandomSampler(space, seededRandom(8, 'random/search')).propose(50);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(new Set(a.map(paramKey)).size).toBe(50);
    const small = buildSpace(maCross, ranges('fast=5:10:5', 'slow=20:30:10'));
    expect(new RandomSampler(small, seededRandom(1, 's')).propose(10)).toHaveLength(4);
  });

  /** A smooth objective peaking at fast=25, slow=120. */
  const hill = (p: ParamSet) => -(((p.fast as number) - 25) ** 2) / 100 - (((p.slow as number) - 120) ** 2) / 1000;

  function optimise(sampler: RandomSampler | TpeSampler, trials: number, batch: number): number {
    const history: Observation[] = [];
    while (history.length < trials) {
      const points = sampler.propose(Math.min(batch, trials - history.length), history);
      if (points.length === 0) break;
      for (const point of points) history.push({ point, score: hill(point) });
    }
    return Math.max(...history.map((h) => h.score!));
  }

  it('TPE: deterministic per seed, and closer to the optimum than random search with the same budget', () => {
    const t1 = new TpeSampler(space, seededRandom(3, 'tpe'));
    const t2 = new TpeSampler(space, seededRandom(3, 'tpe'));
    const h: Observation[] = [];
    const p1 = t1.propose(12, h);
    expect(t2.propose(12, h)).toEqual(p1);
    let tpeWins = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const tpe = optimise(new TpeSampler(space, seededRandom(seed, 'tpe')), 40, 4);
      const rnd = optimise(new RandomSampler(space, seededRandom(seed, 'random')), 40, 4);
      if (tpe >= rnd) tpeWins++;
    }
    expect(tpeWins).toBeGreaterThanOrEqual(7);
  });

  it('TPE treats trials without a score as bad and never proposes a point twice', () => {
    const tpe = new TpeSampler(space, seededRandom(5, 'tpe'), { startup: 5 });
    const history: Observation[] = [];
    for (let k = 0; k < 12; k++) {
      for (const point of tpe.propose(5, history)) history.push({ point, score: (point.fast as number) > 30 ? null : hill(point) });
    }
    expect(new Set(history.map((o) => paramKey(o.point))).size).toBe(history.length);
    const late = history.slice(30);
    expect(late.filter((o) => (o.point.fast as number) > 30).length).toBeLessThan(late.length / 2);
  });
});

const metrics = (over: Partial<Metrics>): Metrics => ({
  totalReturn: 0.1,
  sharpe: 1.5,
  sortino: 2,
  calmar: 0.8,
  maxDrawdown: 0.1,
  maxDrawdownDurationMs: 1,
  var95: null,
  tradeCount: 40,
  winRate: 0.5,
  profitFactor: 1.3,
  avgWin: 1,
  avgLoss: -1,
  avgHoldingMs: 1,
  exposure: 0.5,
  turnover: 1,
  ...over,
});

describe('objectives', () => {
  it('single and weighted objectives', () => {
    expect(evaluateObjective(parseObjective('sharpe'), metrics({}), 500)).toEqual({ value: 1.5, reason: null });
    expect(evaluateObjective(parseObjective('net-profit'), metrics({}), 500).value).toBe(500);
    expect(evaluateObjective(parseObjective('sharpe:0.5,calmar:0.5'), metrics({}), 0).value).toBeCloseTo(1.15, 12);
    expect(evaluateObjective(parseObjective('profit_factor'), metrics({}), 0).value).toBe(1.3);
  });

  it('undefined objectives carry a reason: no trades, too few, a metric undefined', () => {
    expect(evaluateObjective(parseObjective('sharpe'), metrics({ tradeCount: 0 }), 0)).toEqual({ value: null, reason: 'no trades' });
    expect(evaluateObjective(parseObjective('sharpe', 30), metrics({ tradeCount: 5 }), 0).reason).toMatch(/5 trades, fewer than the minimum 30/);
    expect(evaluateObjective(parseObjective('sharpe'), metrics({ sharpe: null }), 0).reason).toMatch(/Sharpe is undefined/);
    expect(evaluateObjective(parseObjective('profit_factor'), metrics({ profitFactor: null }), 0).reason).toMatch(/no losing trade/);
  });

  it('refuses unknown metrics and bad weights; ranks undefined last', () => {
    expect(() => parseObjective('alpha')).toThrow(/unknown objective "alpha"/);
    expect(() => parseObjective('sharpe:x')).toThrow(/weight/);
    expect(() => parseObjective('')).toThrow(/empty/);
    expect([null, 1, -2, null, 3].sort(compareObjective)).toEqual([3, 1, -2, null, null]);
  });
});
