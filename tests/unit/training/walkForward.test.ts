import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitHoldout, walkForwardFolds } from '../../../electron/core/training/walkForward';

describe('walk-forward windows', () => {
  it('rolling: equal test windows tiling the end, each trained on the bars just before it', () => {
    // 1000 bars, 4 folds, ratio 3: test = floor(1000 / 7) = 142, train = 1000 - 4 * 142 = 432.
    const folds = walkForwardFolds({ from: 0, to: 1000 }, { folds: 4, mode: 'rolling', trainRatio: 3 });
    expect(folds).toEqual([
      { index: 0, train: { from: 0, to: 432 }, test: { from: 432, to: 574 } },
      { index: 1, train: { from: 142, to: 574 }, test: { from: 574, to: 716 } },
      { index: 2, train: { from: 284, to: 716 }, test: { from: 716, to: 858 } },
      { index: 3, train: { from: 426, to: 858 }, test: { from: 858, to: 1000 } },
    ]);
  });

  it('anchored: every train window starts at the range start', () => {
    const folds = walkForwardFolds({ from: 100, to: 1100 }, { folds: 2, mode: 'anchored', trainRatio: 2 });
    // test = floor(1000 / 4) = 250, train = 500.
    expect(folds).toEqual([
      { index: 0, train: { from: 100, to: 600 }, test: { from: 600, to: 850 } },
      { index: 1, train: { from: 100, to: 850 }, test: { from: 850, to: 1100 } },
    ]);
  });

  it('holds for any length, fold count and ratio: no overlap of a train with its test, tests contiguous to the end', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 20, max: 100_000 }), fc.integer({ min: 1, max: 8 }), fc.double({ min: 0.5, max: 6, noNaN: true }), fc.boolean(), (from, length, folds, ratio, anchored) => {
        let out;
        try {
          out = walkForwardFolds({ from, to: from + length }, { folds, mode: anchored ? 'anchored' : 'rolling', trainRatio: ratio });
        } catch (err) {
          expect((err as Error).message).toMatch(/cannot make/);
          return;
        }
        expect(out.length).toBe(folds);
        expect(out[folds - 1]!.test.to).toBe(from + length);
        out.forEach((f, k) => {
          expect(f.train.to).toBe(f.test.from);
          expect(f.train.from).toBeGreaterThanOrEqual(from);
          expect(f.test.to - f.test.from).toBe(out[0]!.test.to - out[0]!.test.from);
          if (k > 0) expect(f.test.from).toBe(out[k - 1]!.test.to);
          if (anchored) expect(f.train.from).toBe(from);
          else expect(f.train.to - f.train.from).toBe(out[0]!.train.to - out[0]!.train.from);
        });
      }),
    );
  });

  it('refuses impossible specs', () => {
    expect(() => walkForwardFolds({ from: 0, to: 10 }, { folds: 5, mode: 'rolling' })).toThrow(/cannot make 5 walk-forward folds/);
    expect(() => walkForwardFolds({ from: 0, to: 1000 }, { folds: 0, mode: 'rolling' })).toThrow(/folds >= 1/);
    expect(() => walkForwardFolds({ from: 0, to: 1000 }, { folds: 2, mode: 'rolling', trainRatio: 0 })).toThrow(/ratio/);
  });

  it('holdout: the last fraction, rounded up; too few bars refused', () => {
    expect(splitHoldout(1000, 0.2)).toEqual({ inSample: { from: 0, to: 800 }, holdout: { from: 800, to: 1000 } });
    expect(splitHoldout(10, 0.25)).toEqual({ inSample: { from: 0, to: 7 }, holdout: { from: 7, to: 10 } });
    expect(() => splitHoldout(3, 0.2)).toThrow(/too few/);
    expect(() => splitHoldout(100, 1)).toThrow(/fraction/);
  });
});
