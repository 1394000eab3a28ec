/**
 * A local order book kept from a venue's snapshot and incremental updates (a level with
 * size 0 is removed), cut to `maxLevels` per side after every change so a deep book or a
 * burst of far-away levels cannot grow memory without bound.
 */
import type { BookSnapshot } from './source';

export class OrderBook {
  private readonly bids = new Map<number, number>();
  private readonly asks = new Map<number, number>();
  private t = 0;

  constructor(private readonly maxLevels: number) {
    if (!(Number.isInteger(maxLevels) && maxLevels > 0)) throw new RangeError('maxLevels must be a positive whole number');
  }

  /** Applies a snapshot (reset: true) or a set of changed levels. */
  apply(update: { t: number; reset: boolean; bids: ReadonlyArray<readonly [number, number]>; asks: ReadonlyArray<readonly [number, number]> }): void {
    if (update.reset) {
      this.bids.clear();
      this.asks.clear();
    }
    for (const [price, size] of update.bids) setLevel(this.bids, price, size);
    for (const [price, size] of update.asks) setLevel(this.asks, price, size);
    trim(this.bids, this.maxLevels, (a, b) => b - a);
    trim(this.asks, this.maxLevels, (a, b) => a - b);
    this.t = update.t;
  }

  snapshot(depth = this.maxLevels): BookSnapshot {
    return { t: this.t, bids: levels(this.bids, depth, (a, b) => b - a), asks: levels(this.asks, depth, (a, b) => a - b) };
  }
}

/** Cuts a snapshot from a venue to `depth` levels per side, best first. */
export function capDepth(book: BookSnapshot, depth: number): BookSnapshot {
  if (book.bids.length <= depth && book.asks.length <= depth) return book;
  return { t: book.t, bids: book.bids.slice(0, depth), asks: book.asks.slice(0, depth) };
}

function setLevel(side: Map<number, number>, price: number, size: number): void {
  if (!Number.isFinite(price) || !Number.isFinite(size)) return;
  if (size <= 0) side.delete(price);
  else side.set(price, size);
}

function trim(side: Map<number, number>, max: number, order: (a: number, b: number) => number): void {
  if (side.size <= max) return;
  const keep = new Set([...side.keys()].sort(order).slice(0, max));
  for (const price of side.keys()) if (!keep.has(price)) side.delete(price);
}

function levels(side: Map<number, number>, depth: number, order: (a: number, b: number) => number): Array<[number, number]> {
  return [...side.keys()]
    .sort(order)
    .slice(0, depth)
    .map((p): [number, number] => [p, side.get(p)!]);
}
