/**
 * A Tree-structured Parzen Estimator, kept simple (Bergstra et al. 2011, independent per param):
 *
 * 1. the first `startup` trials are uniform random draws;
 * 2. then the finished trials are split by score: the best `gamma` fraction are "good", the
 *    rest, and every trial without a score (undefined objective, invalid, error, pruned), are
 *    "bad";
 * 3. per param, a Parzen density over the good values l(x) and one over the bad values g(x):
 *    for numbers, Gaussian kernels on the range scaled to [0, 1] (bandwidth by Scott's rule,
 *    floored) plus a uniform prior component, so no region is ever ruled out; for choices,
 *    smoothed frequencies (count + 1);
 * 4. `candidates` points are drawn from l, and the one maximising the sum over params of
 *    log l(x) - log g(x) is proposed (skipping points already tried or proposed).
 *
 * Proposals in one call share a history: the optimizer asks for a batch of a fixed size
 * (independent of the worker count), so the sequence is the same however many workers run.
 */
import { paramKey, type Dimension, type ParamSet, type ParamValue, type SearchSpace } from '../paramSpace';
import { randomInt, type Random } from '../random';
import { drawUnseen } from './random';
import type { Observation, Sampler } from './types';

export interface TpeOptions {
  /** Random trials before the model is used. Default max(10, 2 * dims). */
  startup?: number;
  /** Fraction of scored trials that are "good". Default 0.25. */
  gamma?: number;
  /** Draws from l(x) per proposal. Default 24. */
  candidates?: number;
}

const MIN_BANDWIDTH = 0.04;

interface NumericModel {
  kind: 'numeric';
  /** Centres in [0, 1]. */
  good: number[];
  bad: number[];
  goodBandwidth: number;
  badBandwidth: number;
}

interface ChoiceModel {
  kind: 'choice';
  goodWeights: number[];
  badWeights: number[];
}

function unit(dim: Dimension, x: ParamValue): number {
  if (dim.kind === 'choice') return 0;
  const span = dim.max - dim.min;
  return span > 0 ? ((x as number) - dim.min) / span : 0.5;
}

function fromUnit(dim: Dimension, u: number): ParamValue {
  if (dim.kind === 'choice') return dim.values[0]!;
  const x = dim.min + Math.min(1, Math.max(0, u)) * (dim.max - dim.min);
  if (dim.values === null) return Number(x.toPrecision(12));
  // Snap to the nearest grid value.
  const step = dim.step ?? 1;
  const k = Math.round((x - dim.min) / step);
  return dim.values[Math.min(dim.values.length - 1, Math.max(0, k))]!;
}

function bandwidth(xs: readonly number[]): number {
  const n = xs.length;
  if (n < 2) return 0.25;
  let mean = 0;
  for (const x of xs) mean += x;
  mean /= n;
  let ss = 0;
  for (const x of xs) ss += (x - mean) ** 2;
  const sd = Math.sqrt(ss / (n - 1));
  return Math.min(0.5, Math.max(MIN_BANDWIDTH, 1.06 * sd * n ** -0.2));
}

/** Mixture density at u: a uniform prior on [0, 1] and one Gaussian per centre, equally weighted. */
function parzen(u: number, centres: readonly number[], h: number): number {
  let sum = 1; // the uniform prior's density
  const norm = 1 / (h * Math.sqrt(2 * Math.PI));
  for (const c of centres) {
    const z = (u - c) / h;
    sum += norm * Math.exp(-0.5 * z * z);
  }
  return sum / (centres.length + 1);
}

function gaussian(random: Random): number {
  const a = 1 - random();
  const b = random();
  return Math.sqrt(-2 * Math.log(a)) * Math.cos(2 * Math.PI * b);
}

export class TpeSampler implements Sampler {
  readonly adaptive = true;
  private readonly seen = new Set<string>();
  private readonly startup: number;
  private readonly gamma: number;
  private readonly candidates: number;

  constructor(
    private readonly space: SearchSpace,
    private readonly random: Random,
    options: TpeOptions = {},
  ) {
    this.startup = options.startup ?? Math.max(10, 2 * space.dims.length);
    this.gamma = options.gamma ?? 0.25;
    this.candidates = options.candidates ?? 24;
    if (!(this.gamma > 0 && this.gamma < 1)) throw new Error(`TPE gamma must be in (0, 1), got ${this.gamma}`);
  }

  propose(count: number, history: readonly Observation[]): ParamSet[] {
    for (const obs of history) this.seen.add(paramKey(obs.point));
    const out: ParamSet[] = [];
    const scored = history.filter((h) => h.score !== null).length;
    const models = history.length >= this.startup && scored > 0 ? this.fit(history) : null;
    for (let k = 0; k < count; k++) {
      const point = models ? this.bestCandidate(models) : drawUnseen(this.space, this.random, this.seen);
      if (point === null) break;
      out.push(point);
    }
    return out;
  }

  private fit(history: readonly Observation[]): (NumericModel | ChoiceModel)[] {
    const scored = history.filter((h) => h.score !== null).sort((a, b) => b.score! - a.score!);
    const nGood = Math.max(1, Math.ceil(this.gamma * scored.length));
    const good = scored.slice(0, nGood);
    const bad = [...scored.slice(nGood), ...history.filter((h) => h.score === null)];
    return this.space.dims.map((dim) => {
      if (dim.kind === 'choice') {
        const weights = (set: readonly Observation[]) => {
          const w = dim.values.map(() => 1);
          for (const o of set) {
            const at = dim.values.indexOf(o.point[dim.name]!);
            if (at >= 0) w[at]! += 1;
          }
          const total = w.reduce((a, b) => a + b, 0);
          return w.map((x) => x / total);
        };
        return { kind: 'choice', goodWeights: weights(good), badWeights: weights(bad) };
      }
      const g = good.map((o) => unit(dim, o.point[dim.name]!));
      const b = bad.map((o) => unit(dim, o.point[dim.name]!));
      return { kind: 'numeric', good: g, bad: b, goodBandwidth: bandwidth(g), badBandwidth: bandwidth(b) };
    });
  }

  private bestCandidate(models: readonly (NumericModel | ChoiceModel)[]): ParamSet | null {
    let best: ParamSet | null = null;
    let bestScore = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < this.candidates; k++) {
      const point: ParamSet = {};
      let score = 0;
      this.space.dims.forEach((dim, d) => {
        const model = models[d]!;
        if (model.kind === 'choice' && dim.kind === 'choice') {
          const at = this.drawIndex(model.goodWeights);
          point[dim.name] = dim.values[at]!;
          score += Math.log(model.goodWeights[at]!) - Math.log(model.badWeights[at]!);
        } else if (model.kind === 'numeric') {
          const n = model.good.length;
          // Pick the prior (probability 1 / (n + 1)) or one good centre, then jitter.
          const pick = randomInt(this.random, n + 1);
          const u = pick === n ? this.random() : model.good[pick]! + model.goodBandwidth * gaussian(this.random);
          const value = fromUnit(dim, u);
          point[dim.name] = value;
          const snapped = unit(dim, value);
          score += Math.log(parzen(snapped, model.good, model.goodBandwidth)) - Math.log(parzen(snapped, model.bad, model.badBandwidth));
        }
      });
      if (this.seen.has(paramKey(point))) continue;
      if (score > bestScore) {
        bestScore = score;
        best = point;
      }
    }
    if (best === null) return drawUnseen(this.space, this.random, this.seen);
    this.seen.add(paramKey(best));
    return best;
  }

  private drawIndex(weights: readonly number[]): number {
    let u = this.random();
    for (let k = 0; k < weights.length; k++) {
      u -= weights[k]!;
      if (u < 0) return k;
    }
    return weights.length - 1;
  }
}
