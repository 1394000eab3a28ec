/**
 * Plain-words warnings that the best params may be fitted to noise. Heuristics, stated:
 * - out of sample (holdout, or the walk-forward folds' mean) below half of in sample, or of
 *   the opposite sign, or undefined;
 * - the best point isolated in the sensitivity heatmap (see sensitivity.ts);
 * - fewer than MIN_TRUSTED_TRADES trades behind the best result;
 * - most trials without an objective (the space is mostly outside what the strategy can do).
 */
export const MIN_TRUSTED_TRADES = 30;
/** Out-of-sample below this fraction of in-sample is flagged. */
export const OOS_RATIO_WARNING = 0.5;

export interface OverfittingInput {
  bestObjective: number | null;
  bestTrades: number | null;
  holdout: { inSample: number | null; outOfSample: number | null; reason: string | null } | null;
  walkForward: { inSampleMean: number | null; outOfSampleMean: number | null; undefinedFolds: number } | null;
  isolated: { isolated: boolean; neighbourMedian: number | null } | null;
  trials: { total: number; scored: number };
}

function fmt(x: number): string {
  return Number(x.toPrecision(4)).toString();
}

function compare(label: string, inSample: number | null, outOfSample: number | null, reason: string | null): string | null {
  if (inSample === null) return null;
  if (outOfSample === null) return `${label}: no out-of-sample objective${reason ? ` (${reason})` : ''}; the in-sample ${fmt(inSample)} is untested`;
  if (inSample > 0 && outOfSample < 0) return `${label}: out-of-sample ${fmt(outOfSample)} is negative against in-sample ${fmt(inSample)}: likely overfit`;
  if (inSample > 0 && outOfSample < OOS_RATIO_WARNING * inSample) return `${label}: out-of-sample ${fmt(outOfSample)} is less than half of in-sample ${fmt(inSample)}: likely overfit`;
  return null;
}

export function overfittingWarnings(input: OverfittingInput): string[] {
  const out: string[] = [];
  if (input.bestObjective === null) {
    out.push('no trial had a defined objective: nothing to choose');
    return out;
  }
  if (input.holdout) {
    const w = compare('holdout', input.holdout.inSample, input.holdout.outOfSample, input.holdout.reason);
    if (w) out.push(w);
  }
  if (input.walkForward) {
    const w = compare('walk-forward', input.walkForward.inSampleMean, input.walkForward.outOfSampleMean, null);
    if (w) out.push(w);
    if (input.walkForward.undefinedFolds > 0) out.push(`walk-forward: ${input.walkForward.undefinedFolds} fold(s) had no out-of-sample objective`);
  }
  if (input.isolated?.isolated) {
    const m = input.isolated.neighbourMedian;
    out.push(`the best params are isolated: their neighbours score ${m === null ? 'no objective' : `a median of ${fmt(m)}`} against ${fmt(input.bestObjective)}; a small change in params loses the edge`);
  }
  if (input.bestTrades !== null && input.bestTrades < MIN_TRUSTED_TRADES) out.push(`the best result rests on ${input.bestTrades} trades (fewer than ${MIN_TRUSTED_TRADES}): too few to trust`);
  if (input.trials.total >= 10 && input.trials.scored < input.trials.total / 2) out.push(`only ${input.trials.scored} of ${input.trials.total} trials had an objective`);
  return out;
}
