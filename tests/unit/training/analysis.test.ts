import { describe, expect, it } from 'vitest';
import { maCross } from '../../../electron/core/strategies/maCross';
import { runBacktest } from '../../../electron/core/training/backtester';
import { backtestConfig } from '../../../electron/core/training/config';
import { monteCarlo } from '../../../electron/core/training/monteCarlo';
import { overfittingWarnings } from '../../../electron/core/training/overfitting';
import { buildSpace, splitRangeArg } from '../../../electron/core/training/paramSpace';
import { backtestMetrics, barTimesMs } from '../../../electron/core/training/report';
import { heatmapCells, isolation, planHeatmap } from '../../../electron/core/training/sensitivity';
import { trialMetrics } from '../../../electron/core/training/trialMetrics';
import { walk } from './helpers';

describe('Monte Carlo', () => {
  it('is seeded, and a list of equal trades always ends at the same equity', () => {
    const a = monteCarlo([10, -5, 20, -15, 7], 1000, 500, 42);
    expect(monteCarlo([10, -5, 20, -15, 7], 1000, 500, 42)).toEqual(a);
    expect(monteCarlo([10, -5, 20, -15, 7], 1000, 500, 43)).not.toEqual(a);
    expect(a!.final_equity.p5).toBeLessThanOrEqual(a!.final_equity.p50);
    expect(a!.final_equity.p50).toBeLessThanOrEqual(a!.final_equity.p95);
    const same = monteCarlo([5, 5, 5], 100, 50, 1)!;
    expect(same.final_equity).toEqual({ p5: 115, p25: 115, p50: 115, p75: 115, p95: 115 });
    expect(same.max_drawdown.p95).toBe(0);
    expect(same.loss_probability).toBe(0);
    expect(monteCarlo([], 100, 10, 1)).toBeNull();
    expect(() => monteCarlo([1], 100, 0, 1)).toThrow(/runs/);
  });
});

describe('sensitivity', () => {
  const space = buildSpace(maCross, ['fast=5:50:5', 'slow=20:200:10'].map(splitRangeArg));

  it('plans a heatmap of radius r around the best, clipped to the ranges', () => {
    const plan = planHeatmap(space, { fast: 10, slow: 190 }, 2);
    if (typeof plan === 'string') throw new Error(plan);
    expect(plan.x).toEqual({ param: 'fast', values: [5, 10, 15, 20], bestAt: 1 });
    expect(plan.y).toEqual({ param: 'slow', values: [170, 180, 190, 200], bestAt: 2 });
    const cells = heatmapCells(plan, { fast: 10, slow: 190 });
    expect(cells).toHaveLength(16);
    expect(cells[0]).toEqual({ xi: 0, yi: 0, point: { fast: 5, slow: 170 } });
    expect(planHeatmap(space, { fast: 10, slow: 190 }, 2, ['kind'])).toMatch(/not one of the ranges/);
  });

  it('flags an isolated best (a spike) and not a plateau', () => {
    const spike = [
      [0.1, 0.2, 0.1],
      [0.2, 2.0, 0.1],
      [0.1, 0.2, 0.1],
    ];
    expect(isolation(spike, 1, 1).isolated).toBe(true);
    const plateau = [
      [1.6, 1.8, 1.7],
      [1.9, 2.0, 1.8],
      [1.7, 1.9, 1.6],
    ];
    expect(isolation(plateau, 1, 1).isolated).toBe(false);
    const holes = [
      [null, null, null],
      [null, 2.0, 1.9],
      [null, null, null],
    ];
    expect(isolation(holes, 1, 1).isolated).toBe(true);
  });
});

describe('overfitting warnings', () => {
  const base = { bestObjective: 2, bestTrades: 100, holdout: null, walkForward: null, isolated: null, trials: { total: 100, scored: 90 } };

  it('says nothing when out of sample holds up', () => {
    expect(overfittingWarnings({ ...base, holdout: { inSample: 2, outOfSample: 1.5, reason: null } })).toEqual([]);
  });

  it('flags out of sample far below in sample, a sign flip, an undefined one, an isolated best, few trades', () => {
    expect(overfittingWarnings({ ...base, holdout: { inSample: 2, outOfSample: 0.5, reason: null } })[0]).toMatch(/less than half of in-sample/);
    expect(overfittingWarnings({ ...base, walkForward: { inSampleMean: 2, outOfSampleMean: -1, undefinedFolds: 0 } })[0]).toMatch(/negative against in-sample/);
    expect(overfittingWarnings({ ...base, holdout: { inSample: 2, outOfSample: null, reason: 'no trades' } })[0]).toMatch(/no out-of-sample objective \(no trades\)/);
    expect(overfittingWarnings({ ...base, isolated: { isolated: true, neighbourMedian: 0.2 } })[0]).toMatch(/isolated/);
    expect(overfittingWarnings({ ...base, bestTrades: 5 })[0]).toMatch(/5 trades/);
    expect(overfittingWarnings({ ...base, bestObjective: null })).toEqual(['no trial had a defined objective: nothing to choose']);
  });
});

describe('trial metrics', () => {
  it('agree with computeMetrics (the full report) to 1e-9 relative', () => {
    const bars = walk(20_000, 11);
    const result = runBacktest(bars, maCross.create({ fast: 5, slow: 20 }), backtestConfig({ sizing: { kind: 'qty', qty: 7 }, fees: { takerBps: 2 } }));
    const times = barTimesMs(bars);
    const fast = trialMetrics(result, times);
    const full = backtestMetrics(result, times);
    expect(full.tradeCount).toBeGreaterThan(100);
    for (const key of Object.keys(full) as (keyof typeof full)[]) {
      const a = full[key];
      const b = fast[key];
      if (a === null) expect(b).toBeNull();
      else expect(Math.abs((b as number) - a) / Math.max(1, Math.abs(a))).toBeLessThan(1e-9);
    }
  });
});
