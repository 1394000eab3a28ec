/** The newest `capacity` items, oldest first: a fixed array, so memory never grows with the feed. */
export class RingBuffer<T> {
  private readonly items: Array<T | undefined>;
  private start = 0;
  private size = 0;

  constructor(readonly capacity: number) {
    if (!(Number.isInteger(capacity) && capacity > 0)) throw new RangeError('A ring buffer needs a positive whole capacity');
    this.items = new Array<T | undefined>(capacity);
  }

  push(item: T): void {
    const at = (this.start + this.size) % this.capacity;
    this.items[at] = item;
    if (this.size < this.capacity) this.size++;
    else this.start = (this.start + 1) % this.capacity;
  }

  get length(): number {
    return this.size;
  }

  toArray(): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.size; i++) out.push(this.items[(this.start + i) % this.capacity]!);
    return out;
  }

  clear(): void {
    this.items.fill(undefined);
    this.start = 0;
    this.size = 0;
  }
}
