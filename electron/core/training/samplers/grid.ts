import type { ParamSet, SearchSpace } from '../paramSpace';
import { gridSize } from '../paramSpace';
import type { Sampler } from './types';

/** Above this the grid is refused: use random or TPE. */
export const MAX_GRID_POINTS = 1_000_000;

/** Every combination, in odometer order (the last dimension turns fastest). */
export class GridSampler implements Sampler {
  readonly adaptive = false;
  readonly size: number;
  private next = 0;

  constructor(private readonly space: SearchSpace) {
    const continuous = space.dims.find((d) => d.values === null);
    if (continuous) throw new Error(`grid search needs a step for ${continuous.name} (write min:max:step)`);
    this.size = gridSize(space);
    if (this.size > MAX_GRID_POINTS) throw new Error(`the grid has ${this.size} points (more than ${MAX_GRID_POINTS}); use larger steps, or --method random or tpe`);
  }

  propose(count: number): ParamSet[] {
    const out: ParamSet[] = [];
    while (out.length < count && this.next < this.size) out.push(this.pointAt(this.next++));
    return out;
  }

  pointAt(index: number): ParamSet {
    const point: ParamSet = {};
    let rest = index;
    for (let d = this.space.dims.length - 1; d >= 0; d--) {
      const dim = this.space.dims[d]!;
      const values = dim.values!;
      point[dim.name] = values[rest % values.length]!;
      rest = Math.floor(rest / values.length);
    }
    return point;
  }
}
