/**
 * Window arithmetic for validation, in bar indices, half-open [from, to). Pure, so it is
 * tested on its own.
 *
 * Holdout: the last `fraction` of the bars is kept out of every search and used once, at the
 * end, to test the chosen params ("out of sample").
 *
 * Walk-forward over a range of L bars with F folds and a train/test ratio R:
 *   test = floor(L / (R + F)) bars per fold; train = L - F * test (>= R * test: it absorbs the
 *   remainder); fold k tests [start + train + k * test, + test) after training on
 *   - rolling:  the `train` bars just before its test window,
 *   - anchored: everything from the range's start up to its test window.
 * The test windows tile the end of the range without gaps or overlap, and no train window
 * reaches into its own test window.
 */

export interface BarRange {
  readonly from: number;
  readonly to: number;
}

export interface WalkForwardFold {
  readonly index: number;
  readonly train: BarRange;
  readonly test: BarRange;
}

export type WalkForwardMode = 'rolling' | 'anchored';

export interface WalkForwardSpec {
  readonly folds: number;
  readonly mode: WalkForwardMode;
  /** Train length over test length (rolling windows; anchored ones start at the range's start). Default 3. */
  readonly trainRatio?: number;
}

/** Fewer bars than this in any window cannot give a daily return, let alone a ratio. */
export const MIN_WINDOW_BARS = 2;

export function splitHoldout(bars: number, fraction: number): { inSample: BarRange; holdout: BarRange } {
  if (!(fraction > 0 && fraction < 1)) throw new Error(`holdout must be a fraction in (0, 1), got ${fraction}`);
  const holdoutBars = Math.ceil(bars * fraction);
  const inSampleBars = bars - holdoutBars;
  if (holdoutBars < MIN_WINDOW_BARS || inSampleBars < MIN_WINDOW_BARS) {
    throw new Error(`a holdout of ${fraction} leaves ${inSampleBars} in-sample and ${holdoutBars} held-out bars of ${bars}: too few`);
  }
  return { inSample: { from: 0, to: inSampleBars }, holdout: { from: inSampleBars, to: bars } };
}

export function walkForwardFolds(range: BarRange, spec: WalkForwardSpec): WalkForwardFold[] {
  const { folds, mode } = spec;
  const ratio = spec.trainRatio ?? 3;
  if (!Number.isInteger(folds) || folds < 1) throw new Error(`walk-forward needs a whole number of folds >= 1, got ${folds}`);
  if (!(ratio > 0) || !Number.isFinite(ratio)) throw new Error(`walk-forward train ratio must be above 0, got ${ratio}`);
  if (mode !== 'rolling' && mode !== 'anchored') throw new Error(`walk-forward mode is rolling or anchored, got ${String(mode)}`);
  const length = range.to - range.from;
  const test = Math.floor(length / (ratio + folds));
  const train = length - folds * test;
  if (test < MIN_WINDOW_BARS || train < MIN_WINDOW_BARS) {
    throw new Error(`${length} bars cannot make ${folds} walk-forward folds with a train/test ratio of ${ratio} (each test window would have ${test} bars)`);
  }
  const out: WalkForwardFold[] = [];
  for (let k = 0; k < folds; k++) {
    const testFrom = range.from + train + k * test;
    const trainFrom = mode === 'rolling' ? testFrom - train : range.from;
    out.push({ index: k, train: { from: trainFrom, to: testFrom }, test: { from: testFrom, to: testFrom + test } });
  }
  return out;
}
