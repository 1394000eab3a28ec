import type { ParamSet } from '../paramSpace';

/**
 * What a sampler learns from a finished trial: its varying params and its score (the
 * objective, higher is better), or null when the trial gave no score (objective undefined,
 * invalid combination, error, pruned): such trials count as bad.
 */
export interface Observation {
  readonly point: Readonly<ParamSet>;
  readonly score: number | null;
}

/**
 * Proposes points to try. A sampler is deterministic: built from the same seed and asked the
 * same questions (the same counts, after the same history) it proposes the same points,
 * which is what makes a resumed run replay exactly the trials it had planned.
 */
export interface Sampler {
  /** True when proposals depend on results (the optimizer then waits for a batch before asking again). */
  readonly adaptive: boolean;
  /**
   * Up to `count` new points (fewer, or none, when the space is exhausted). `history` holds
   * every finished trial in trial order.
   */
  propose(count: number, history: readonly Observation[]): ParamSet[];
}
