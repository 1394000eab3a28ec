import type { BarUpdate, Decision, EventName, Fill, Order, PayloadOf } from '../../../shared/contract';
import type { EventListener } from './host';

/** Trades kept per source and symbol between two flushes (the oldest are dropped): a chart's tape, not a record. */
const TRADES_PER_FLUSH = 500;

/** Events that carry a whole current state: only the latest matters, computed when sent. */
type StateEvent = 'account.changed' | 'connections.changed' | 'accounts.changed' | 'reconcile.changed' | 'risk.changed' | 'bots.changed';

/** Bot decisions held for one flush at most; a flood beyond this keeps the newest (the log has them all). */
const MAX_DECISIONS_PER_FLUSH = 1_000;

/**
 * Collects events and hands them to subscribers at most once per flush interval, so a
 * busy market cannot flood the renderer. Each event kind merges in its own way: bars
 * keep the latest update per symbol and bar time, orders the latest state per id,
 * fills are all kept, and state events (an account, the connection list ...) are
 * computed once, at flush time, from the latest thunk for their key.
 */
export class EventCoalescer {
  private readonly listeners = new Set<EventListener>();
  private bars = new Map<string, BarUpdate>();
  private orders = new Map<string, Order>();
  private fills: Fill[] = [];
  /** Market data: trades concatenated (capped), the book latest-wins per source|symbol, backfill progress latest per job. */
  private tradeBatches = new Map<string, PayloadOf<'market.trades'>>();
  private bookSnapshots = new Map<string, PayloadOf<'market.book'>>();
  private backfillJobs = new Map<string, PayloadOf<'market.backfillProgress'>>();
  private decisions: Decision[] = [];
  /** Training progress: the latest per run. */
  private training = new Map<string, PayloadOf<'training.progress'>>();
  private states = new Map<string, { event: StateEvent; compute: () => unknown }>();
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

  trades(payload: PayloadOf<'market.trades'>): void {
    const key = `${payload.source}|${payload.symbol}`;
    const held = this.tradeBatches.get(key);
    const trades = held ? held.trades.concat(payload.trades) : payload.trades.slice();
    this.tradeBatches.set(key, { source: payload.source, symbol: payload.symbol, trades: trades.length > TRADES_PER_FLUSH ? trades.slice(-TRADES_PER_FLUSH) : trades });
    this.schedule();
  }

  book(payload: PayloadOf<'market.book'>): void {
    this.bookSnapshots.set(`${payload.source}|${payload.symbol}`, payload);
    this.schedule();
  }

  backfillProgress(payload: PayloadOf<'market.backfillProgress'>): void {
    this.backfillJobs.set(payload.job.id, payload);
    this.schedule();
  }

  /** One account's summary and positions; null from compute means "nothing to send". */
  accountChanged(accountId: string, compute: () => PayloadOf<'account.changed'> | null): void {
    this.state('account.changed', accountId, compute);
  }

  connectionsChanged(compute: () => PayloadOf<'connections.changed'>): void {
    this.state('connections.changed', '', compute);
  }

  accountsChanged(compute: () => PayloadOf<'accounts.changed'>): void {
    this.state('accounts.changed', '', compute);
  }

  riskChanged(accountId: string, compute: () => PayloadOf<'risk.changed'>): void {
    this.state('risk.changed', accountId, compute);
  }

  reconcileChanged(compute: () => PayloadOf<'reconcile.changed'>): void {
    this.state('reconcile.changed', '', compute);
  }

  /** Every bot summary, computed once per flush. */
  botsChanged(compute: () => PayloadOf<'bots.changed'>): void {
    this.state('bots.changed', '', compute);
  }

  botDecision(decision: Decision): void {
    this.decisions.push(decision);
    if (this.decisions.length > MAX_DECISIONS_PER_FLUSH * 2) this.decisions = this.decisions.slice(-MAX_DECISIONS_PER_FLUSH);
    this.schedule();
  }

  /** A training run's progress; between two flushes only its latest counts. */
  trainingProgress(payload: PayloadOf<'training.progress'>): void {
    this.training.set(payload.runId, payload);
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
    for (const p of this.tradeBatches.values()) out.push(['market.trades', p]);
    for (const p of this.bookSnapshots.values()) out.push(['market.book', p]);
    for (const p of this.backfillJobs.values()) out.push(['market.backfillProgress', p]);
    for (const p of this.training.values()) out.push(['training.progress', p]);
    if (this.decisions.length) out.push(['bots.decision', { decisions: this.decisions.slice(-MAX_DECISIONS_PER_FLUSH) }]);
    const states = [...this.states.values()];
    this.reset();
    for (const { event, compute } of states) {
      try {
        const payload = compute();
        if (payload) out.push([event, payload]);
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

  private state(event: StateEvent, key: string, compute: () => unknown): void {
    this.states.set(`${event}|${key}`, { event, compute });
    this.schedule();
  }

  private reset(): void {
    this.bars = new Map();
    this.orders = new Map();
    this.fills = [];
    this.tradeBatches = new Map();
    this.bookSnapshots = new Map();
    this.backfillJobs = new Map();
    this.decisions = [];
    this.training = new Map();
    this.states = new Map();
  }

  private schedule(): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => this.flush(), this.flushMs);
  }
}
