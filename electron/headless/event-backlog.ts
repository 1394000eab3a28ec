import type { EventName, PayloadOf } from '../../shared/contract';

/**
 * Events held back while a WebSocket client is not reading fast enough. Holding is
 * bounded: a new payload is merged into the held one instead of queued behind it.
 * "Latest wins" is only right for whole-state events; the delta events (orders,
 * fills, bars) are merged by key so a slow client still ends up with every order's
 * latest state, every fill and the latest version of every bar.
 */
type Merge<E extends EventName> = (held: PayloadOf<E>, next: PayloadOf<E>) => PayloadOf<E>;

function mergeByKey<T>(held: readonly T[], next: readonly T[], key: (item: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const item of held) byKey.set(key(item), item);
  for (const item of next) {
    const k = key(item);
    byKey.delete(k); // re-insert so the newest state is also the last one sent
    byKey.set(k, item);
  }
  return [...byKey.values()];
}

// A mapped type over every declared event: adding an event to the contract without
// deciding how it merges fails to compile here.
const mergers: { [E in EventName]: Merge<E> } = {
  'account.changed': (_held, next) => next,
  'connections.changed': (_held, next) => next, // the whole list each time
  'accounts.changed': (_held, next) => next,
  'reconcile.changed': (_held, next) => next,
  'risk.changed': (_held, next) => next,
  'bots.changed': (_held, next) => next, // every summary each time
  // Decisions are history, not state: a slow client gets the newest 500 (the log has them all).
  'bots.decision': (held, next) => ({ decisions: [...held.decisions, ...next.decisions].slice(-500) }),
  'market.backfillProgress': (_held, next) => next,
  'market.book': (_held, next) => next,
  'market.trades': (held, next) => ({ ...next, trades: [...held.trades, ...next.trades].slice(-500) }),
  'orders.changed': (held, next) => ({ orders: mergeByKey(held.orders, next.orders, (o) => o.id) }),
  'fills.added': (held, next) => ({ fills: mergeByKey(held.fills, next.fills, (f) => f.id) }),
  'training.progress': (_held, next) => next, // per run (see subjectOf): the latest progress
  'market.barsUpdated': (held, next) => ({
    bars: mergeByKey(held.bars, next.bars, (b) => `${b.symbol}|${b.timeframe}|${b.t}`),
  }),
};

/** Events whose state is per subject: each account's summary is held separately. */
function subjectOf(event: EventName, payload: unknown): string {
  if (event === 'account.changed') return (payload as PayloadOf<'account.changed'>).account.accountId;
  if (event === 'risk.changed') return (payload as PayloadOf<'risk.changed'>).accountId;
  if (event === 'training.progress') return (payload as PayloadOf<'training.progress'>).runId;
  if (event === 'market.backfillProgress') return (payload as PayloadOf<'market.backfillProgress'>).job.id;
  if (event === 'market.book' || event === 'market.trades') {
    const p = payload as { source: string; symbol: string };
    return `${p.source}|${p.symbol}`;
  }
  return '';
}

export class EventBacklog {
  private readonly held = new Map<string, { event: EventName; payload: unknown }>();

  get size(): number {
    return this.held.size;
  }

  add<E extends EventName>(event: E, payload: PayloadOf<E>): void {
    const key = `${event}|${subjectOf(event, payload)}`;
    const previous = this.held.get(key)?.payload as PayloadOf<E> | undefined;
    const merge = mergers[event] as Merge<E>;
    this.held.set(key, { event, payload: previous === undefined ? payload : merge(previous, payload) });
  }

  /** Everything held, oldest first, and forgets it. */
  drain(): Array<{ event: EventName; payload: unknown }> {
    const out = [...this.held.values()];
    this.held.clear();
    return out;
  }
}
