/**
 * Seeded randomness for training. Everything random in a run (samplers, random slippage,
 * Monte Carlo) draws from a generator derived from the run's seed and a named stream, so the
 * same seed gives the same run, and two streams never share draws.
 */
import { hashCombine, hashSeed, hashString, randomFromKey, type Random } from '../marketdata/prng';

export type { Random };

/** A generator for (seed, stream): e.g. seededRandom(7, 'tpe/fold-2'). */
export function seededRandom(seed: number, stream: string): Random {
  return randomFromKey(hashCombine(hashSeed(seed), hashString(stream)));
}

/** A 32-bit key for stateless draws (see uniformAt). */
export function seedKey(seed: number, stream: string): number {
  return hashCombine(hashSeed(seed), hashString(stream));
}

/**
 * A uniform draw in [0, 1) that is a pure function of (key, a, b): no generator state, so
 * the backtester can try a bar's fills in several orders and undo them without the random
 * slippage of the trial runs leaking into the real one.
 */
export function uniformAt(key: number, a: number, b: number): number {
  return hashCombine(hashCombine(key, a >>> 0), b >>> 0) / 0x1_0000_0000;
}

/** An integer in [0, n). */
export function randomInt(random: Random, n: number): number {
  return Math.min(n - 1, Math.floor(random() * n));
}
