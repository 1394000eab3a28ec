import { paramKey, type Dimension, type ParamSet, type ParamValue, type SearchSpace } from '../paramSpace';
import { randomInt, type Random } from '../random';
import type { Observation, Sampler } from './types';

/** How many draws a sampler makes looking for a point it has not tried before giving up. */
export const MAX_DRAWS_FOR_NEW_POINT = 200;

export function drawValue(dim: Dimension, random: Random): ParamValue {
  if (dim.values !== null) return dim.values[randomInt(random, dim.values.length)]!;
  if (dim.kind === 'choice') throw new Error('a choice always has values');
  return Number((dim.min + random() * (dim.max - dim.min)).toPrecision(12));
}

export function drawPoint(space: SearchSpace, random: Random): ParamSet {
  const point: ParamSet = {};
  for (const dim of space.dims) point[dim.name] = drawValue(dim, random);
  return point;
}

/** Uniform draws over the space (each grid value equally likely), never the same point twice. */
export class RandomSampler implements Sampler {
  readonly adaptive = false;
  private readonly seen = new Set<string>();

  constructor(
    private readonly space: SearchSpace,
    private readonly random: Random,
  ) {}

  propose(count: number, _history: readonly Observation[] = []): ParamSet[] {
    const out: ParamSet[] = [];
    for (let k = 0; k < count; k++) {
      const point = drawUnseen(this.space, this.random, this.seen);
      if (point === null) break;
      out.push(point);
    }
    return out;
  }
}

/** A point not in `seen` (and adds it), or null when MAX_DRAWS_FOR_NEW_POINT draws found none. */
export function drawUnseen(space: SearchSpace, random: Random, seen: Set<string>): ParamSet | null {
  for (let attempt = 0; attempt < MAX_DRAWS_FOR_NEW_POINT; attempt++) {
    const point = drawPoint(space, random);
    const key = paramKey(point);
    if (!seen.has(key)) {
      seen.add(key);
      return point;
    }
  }
  return null;
}
