import type { SearchSpace } from '../paramSpace';
import { seededRandom } from '../random';
import { GridSampler } from './grid';
import { RandomSampler } from './random';
import { TpeSampler, type TpeOptions } from './tpe';
import type { Sampler } from './types';

export type SamplerMethod = 'grid' | 'random' | 'tpe';
export const SAMPLER_METHODS: readonly SamplerMethod[] = ['grid', 'random', 'tpe'];

export { GridSampler, RandomSampler, TpeSampler };
export type { Observation, Sampler } from './types';

/** A sampler for one search (stream names the search, e.g. "search" or "fold-2", so each has its own draws). */
export function createSampler(method: SamplerMethod, space: SearchSpace, seed: number, stream: string, tpe?: TpeOptions): Sampler {
  switch (method) {
    case 'grid':
      return new GridSampler(space);
    case 'random':
      return new RandomSampler(space, seededRandom(seed, `random/${stream}`));
    case 'tpe':
      return new TpeSampler(space, seededRandom(seed, `tpe/${stream}`), tpe);
  }
}
