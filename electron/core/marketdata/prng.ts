/**
 * Small, fast, seedable randomness for the sample market.
 *
 * The sample series must be reproducible from (seed, symbol, minute) alone, so every minute
 * gets its own generator seeded from a hash of those values instead of one long stream that
 * would have to be replayed from the beginning after a restart. sfc32 is used because it is
 * tiny, passes PractRand far beyond the few dozen draws a minute needs, and works on 32-bit
 * integers, which JavaScript does fast with Math.imul and >>> 0.
 */

/** A uniform draw in [0, 1). */
export type Random = () => number;

/** 32-bit finaliser from MurmurHash3: spreads every input bit over the whole word. */
export function fmix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Folds one more 32-bit word into a running hash (order matters, as it should). */
export function hashCombine(hash: number, word: number): number {
  return fmix32((Math.imul(hash ^ fmix32(word), 0x9e3779b1) + 0x7f4a7c15) >>> 0);
}

/** FNV-1a over UTF-16 code units, finalised; stable across platforms and Node versions. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

/**
 * Hashes a seed that may be any safe integer (negative or above 2^32) without losing its
 * high bits: seeds 1 and 2^32 + 1 must give different markets.
 */
export function hashSeed(seed: number): number {
  if (!Number.isSafeInteger(seed)) {
    throw new Error(`The sample market seed must be a safe integer, got ${String(seed)}.`);
  }
  const low = seed >>> 0;
  const high = Math.floor(seed / 0x1_0000_0000) >>> 0;
  return hashCombine(hashCombine(0x3c6ef372, low), high);
}

/** sfc32 (Chris Doty-Humphrey's Small Fast Counting generator), returning floats in [0, 1). */
export function sfc32(a: number, b: number, c: number, d: number): Random {
  let s0 = a >>> 0;
  let s1 = b >>> 0;
  let s2 = c >>> 0;
  let counter = d >>> 0;
  return () => {
    const t = (((s0 + s1) >>> 0) + counter) >>> 0;
    counter = (counter + 1) >>> 0;
    s0 = s1 ^ (s1 >>> 9);
    s1 = (s2 + (s2 << 3)) >>> 0;
    s2 = ((s2 << 21) | (s2 >>> 11)) >>> 0;
    s2 = (s2 + t) >>> 0;
    return t / 0x1_0000_0000;
  };
}

/**
 * A generator for one 32-bit key. The state words are derived with distinct hashes so that
 * neighbouring keys (minute n and n+1) start far apart, and the first outputs are discarded
 * because sfc32 needs a few rounds to mix a fresh state.
 */
export function randomFromKey(key: number): Random {
  const random = sfc32(fmix32(key ^ 0x243f6a88), fmix32(key ^ 0x85a308d3), fmix32(key ^ 0x13198a2e), key);
  for (let i = 0; i < 12; i++) random();
  return random;
}

/** A standard normal draw (Box-Muller; the second value of the pair is dropped for simplicity). */
export function gaussian(random: Random): number {
  // 1 - u keeps the logarithm's argument in (0, 1].
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
