import type { BarUpdate, EventName, Fill, Order, PayloadOf } from '../../../shared/contract';
import type { EventListener } from './host';

/**
 * Collects events and hands them to subscribers at most once per flush interval, so a
 * busy market cannot flood the renderer. Each event kind merges in its own way: bars
 * keep the latest update per symbol and bar time, orders the latest state per id,
 * fills are all kept, and the account is computed once, at flush time, from a thunk.
 */
export class EventCoalescer {
  private readonly listeners = new Set<EventListener>();
  private bars = new Map<string, BarUpdate>();
  private orders = new Map<string, Order>();
  private fills: Fill[] = [];
  private account: (() => PayloadOf<'account.changed'> | null) | null = null;
  private connections: (() => PayloadOf<'connections.changed'>) | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;

  constructor(
    private readonly flushMs: number,
    private readonly onError: (err: unknown) => void,
  ) {}

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  bar(update: BarUpdate): void {
    const key = `${update.symbol}|${update.timeframe}|${update.t}`;
    const prev = this.bars.get(key);
    // A closed bar is final: a late forming update must not reopen it.
    if (prev?.closed && !update.closed) return;
    this.bars.set(key, update);
    this.schedule();
  }

  ordersChanged(orders: readonly Order[]): void {
    for (const o of orders) this.orders.set(o.id, o);
    this.schedule();
  }

  fillsAdded(fills: readonly Fill[]): void {
    this.fills.push(...fills);
    this.schedule();
  }

  accountChanged(compute: () => PayloadOf<'account.changed'> | null): void {
    this.account = compute;
    this.schedule();
  }

  /** The list is read at flush time, so a burst of changes sends one current list. */
  connectionsChanged(compute: () => PayloadOf<'connections.changed'>): void {
    this.connections = compute;
    this.schedule();
  }

  /** Delivers everything pending now (tests, shutdown). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.listeners.size === 0) {
      this.reset();
      return;
    }
    const out: Array<[EventName, unknown]> = [];
    if (this.orders.size) out.push(['orders.changed', { orders: [...this.orders.values()] }]);
    if (this.fills.length) out.push(['fills.added', { fills: this.fills }]);
    if (this.bars.size) out.push(['market.barsUpdated', { bars: [...this.bars.values()] }]);
    const account = this.account;
    const connections = this.connections;
    this.reset();
    if (account) {
      try {
        const payload = account();
        if (payload) out.push(['account.changed', payload]);
      } catch (err) {
        this.onError(err);
      }
    }
    if (connections) {
      try {
        out.push(['connections.changed', connections()]);
      } catch (err) {
        this.onError(err);
      }
    }
    for (const [event, payload] of out) {
      for (const l of this.listeners) {
        try {
          (l as (e: EventName, p: unknown) => void)(event, payload);
        } catch (err) {
          this.onError(err);
        }
      }
    }
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.listeners.clear();
  }

  private reset(): void {
    this.bars = new Map();
    this.orders = new Map();
    this.fills = [];
    this.account = null;
    this.connections = null;
  }

  private schedule(): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => this.flush(), this.flushMs);
  }
}
