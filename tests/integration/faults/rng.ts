/** A small seeded PRNG (mulberry32): the same seed replays the same plan, fault hit and timing choices. */
export class Rng {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** In [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)]!;
  }
}

/**
 * The run's base seed: FAULT_SEED to replay a run, else a fresh one (printed by the tests).
 * Iteration i of a scenario uses seedFor(base, scenario, i).
 */
export const baseSeed = (): number => (process.env.FAULT_SEED ? Number(process.env.FAULT_SEED) : Math.floor(Math.random() * 2 ** 31));

export function seedFor(base: number, scenario: string, iteration: number): number {
  let h = base >>> 0;
  for (const ch of `${scenario}#${iteration}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return h;
}

/** FAULT_ITERATIONS overrides how many times each scenario runs (longer local runs). */
export const iterations = (fallback: number): number => {
  const n = Number(process.env.FAULT_ITERATIONS);
  return Number.isInteger(n) && n > 0 ? n : fallback;
};
