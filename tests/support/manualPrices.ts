import type { PriceSource, Tick } from '../../electron/core/brokers/paper/paperVenue';

/** A price source the test moves by hand: the paper venue matches against these ticks. */
export class ManualPrices implements PriceSource {
  private readonly last = new Map<string, number>();
  private readonly listeners = new Set<(t: Tick) => void>();
  time = Date.UTC(2026, 10, 20, 15, 0, 0);

  lastPrice(symbol: string): number | null {
    return this.last.get(symbol) ?? null;
  }

  onTick(listener: (t: Tick) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  marketTime(): number {
    return this.time;
  }

  tick(symbol: string, price: number, advanceMs = 1_000): void {
    this.time += advanceMs;
    this.last.set(symbol, price);
    for (const l of this.listeners) l({ symbol, price, t: this.time });
  }
}
