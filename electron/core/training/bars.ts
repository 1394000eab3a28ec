/**
 * Bar columns for training: six Float64Arrays over ONE buffer (t, o, h, l, c, v laid out one
 * after the other). One buffer is what lets the optimizer hand the data to every worker once,
 * as a single SharedArrayBuffer, instead of copying six arrays per trial.
 *
 * Times are epoch seconds of the bar's open (as in the strategy API's BarSeries). Volume is
 * NaN when the source had none: the participation cap and the volume slippage model then do
 * nothing for that bar (documented in config.ts).
 */
import type { BarSeries } from '../strategies/api';

export interface Bars extends BarSeries {
  readonly length: number;
  readonly t: Float64Array;
  readonly o: Float64Array;
  readonly h: Float64Array;
  readonly l: Float64Array;
  readonly c: Float64Array;
  readonly v: Float64Array;
}

const COLUMNS = 6;

/** Zeroed columns for n bars; `shared` puts them on a SharedArrayBuffer (for the worker pool). */
export function allocateBars(n: number, shared = false): Bars {
  if (!Number.isInteger(n) || n < 0) throw new Error(`bar count must be a whole number >= 0, got ${n}`);
  const bytes = COLUMNS * n * Float64Array.BYTES_PER_ELEMENT;
  return barsOverBuffer(shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes), n);
}

/** The columns of n bars laid out in `buffer` as allocateBars does (no copy). */
export function barsOverBuffer(buffer: ArrayBufferLike, n: number): Bars {
  const need = COLUMNS * n * Float64Array.BYTES_PER_ELEMENT;
  if (buffer.byteLength < need) throw new Error(`bar buffer holds ${buffer.byteLength} bytes, ${n} bars need ${need}`);
  const col = (k: number) => new Float64Array(buffer, k * n * Float64Array.BYTES_PER_ELEMENT, n);
  return { length: n, t: col(0), o: col(1), h: col(2), l: col(3), c: col(4), v: col(5) };
}

/**
 * The single buffer behind `bars` when they were laid out by allocateBars/barsOverBuffer,
 * else null (columns from elsewhere must be copied with copyBars first).
 */
export function contiguousBuffer(bars: Bars): ArrayBufferLike | null {
  const n = bars.length;
  const buffer = bars.t.buffer;
  const cols = [bars.t, bars.o, bars.h, bars.l, bars.c, bars.v];
  const laidOut = cols.every((col, k) => col.buffer === buffer && col.byteOffset === k * n * 8 && col.length === n);
  return laidOut ? buffer : null;
}

/** Copies any columns into fresh contiguous ones (shared or not). */
export function copyBars(src: BarSeries, shared = false): Bars {
  const n = src.length;
  const out = allocateBars(n, shared);
  for (let i = 0; i < n; i++) {
    out.t[i] = src.t[i]!;
    out.o[i] = src.o[i]!;
    out.h[i] = src.h[i]!;
    out.l[i] = src.l[i]!;
    out.c[i] = src.c[i]!;
    out.v[i] = src.v[i]!;
  }
  return out;
}

/** Bars from plain arrays (tests and small fixtures). */
export function barsFromArrays(cols: { t: readonly number[]; o: readonly number[]; h: readonly number[]; l: readonly number[]; c: readonly number[]; v?: readonly number[] }): Bars {
  const n = cols.t.length;
  for (const [name, col] of Object.entries(cols)) {
    if (col && col.length !== n) throw new Error(`column ${name} has ${col.length} values, t has ${n}`);
  }
  return copyBars({ length: n, t: cols.t, o: cols.o, h: cols.h, l: cols.l, c: cols.c, v: cols.v ?? new Array<number>(n).fill(Number.NaN) });
}

/**
 * A 32-bit FNV-1a fingerprint of the bar data, so a resumed optimisation can refuse data
 * that changed under it. Hashes the raw bytes; about 1 ns per byte.
 */
export function fingerprintBars(bars: Bars): string {
  let h = 0x811c9dc5;
  for (const col of [bars.t, bars.o, bars.h, bars.l, bars.c, bars.v]) {
    const words = new Uint32Array(col.buffer, col.byteOffset, col.length * 2);
    for (let i = 0; i < words.length; i++) {
      h ^= words[i]!;
      h = Math.imul(h, 0x01000193);
    }
  }
  return `${bars.length}:${(h >>> 0).toString(16).padStart(8, '0')}`;
}
