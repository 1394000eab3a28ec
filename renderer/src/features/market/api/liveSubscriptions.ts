import { useCallback, useEffect, useId, useSyncExternalStore } from 'react';
import { api, getTransport } from '../../../api';

/** What a screen wants of a symbol's live data, beyond its bars. */
export interface LiveWants {
  trades: boolean;
  book: boolean;
}

export interface LiveSubscriptionState {
  status: 'idle' | 'pending' | 'live' | 'failed';
  error: unknown;
}

interface Entry {
  source: string;
  symbol: string;
  holders: Map<string, LiveWants>;
  /** What the engine was last told; null when it has no subscription of ours. */
  sent: LiveWants | null;
  state: LiveSubscriptionState;
  listeners: Set<() => void>;
  syncing: boolean;
  again: boolean;
}

/**
 * The engine keeps ONE live subscription per (source, symbol), and `market.subscribe`
 * replaces its options, `market.unsubscribe` ends it. Screens that show the same symbol (the
 * chart wants bars, the Data view's feed wants trades and the book) hold it here instead:
 * the engine is asked for what all holders want together, and told to stop when the last
 * one lets go. After a reconnect (the engine may have restarted) every subscription is sent
 * again.
 */
const entries = new Map<string, Entry>();
const IDLE: LiveSubscriptionState = { status: 'idle', error: null };

const keyOf = (source: string, symbol: string) => `${source}\u0000${symbol}`;

function merged(entry: Entry): LiveWants | null {
  if (entry.holders.size === 0) return null;
  let trades = false;
  let book = false;
  for (const wants of entry.holders.values()) {
    trades ||= wants.trades;
    book ||= wants.book;
  }
  return { trades, book };
}

function setState(entry: Entry, state: LiveSubscriptionState): void {
  entry.state = state;
  for (const listener of entry.listeners) listener();
}

async function sync(entry: Entry): Promise<void> {
  if (entry.syncing) {
    entry.again = true;
    return;
  }
  entry.syncing = true;
  try {
    do {
      entry.again = false;
      const wanted = merged(entry);
      const sent = entry.sent;
      if (wanted === null) {
        if (sent) {
          entry.sent = null;
          await api.invoke('market.unsubscribe', { source: entry.source, symbol: entry.symbol }).catch(() => undefined);
        }
        continue;
      }
      if (sent && sent.trades === wanted.trades && sent.book === wanted.book) continue;
      if (entry.state.status !== 'live') setState(entry, { status: 'pending', error: null });
      try {
        await api.invoke('market.subscribe', { source: entry.source, symbol: entry.symbol, ...wanted });
        entry.sent = wanted;
        setState(entry, { status: 'live', error: null });
      } catch (error) {
        entry.sent = null;
        setState(entry, { status: 'failed', error });
      }
    } while (entry.again);
  } finally {
    entry.syncing = false;
    forgetIfUnused(entry);
  }
}

function forgetIfUnused(entry: Entry): void {
  if (entry.holders.size > 0 || entry.sent !== null || entry.listeners.size > 0 || entry.syncing) return;
  if (entries.get(keyOf(entry.source, entry.symbol)) === entry) entries.delete(keyOf(entry.source, entry.symbol));
}

function schedule(entry: Entry): void {
  // One request for everything changed in this tick (a screen mounting several holders,
  // React's development double mount).
  queueMicrotask(() => void sync(entry));
}

let watchingReconnects = false;
function watchReconnects(): void {
  if (watchingReconnects) return;
  watchingReconnects = true;
  const status = getTransport().status;
  let epoch = status.get().connectedEpoch;
  status.subscribe((next) => {
    if (next.connectedEpoch <= epoch) return;
    const first = epoch === 0;
    epoch = next.connectedEpoch;
    if (first) return;
    for (const entry of entries.values()) {
      entry.sent = null;
      schedule(entry);
    }
  });
}

function entryFor(source: string, symbol: string): Entry {
  const key = keyOf(source, symbol);
  let entry = entries.get(key);
  if (!entry) {
    entry = { source, symbol, holders: new Map(), sent: null, state: IDLE, listeners: new Set(), syncing: false, again: false };
    entries.set(key, entry);
  }
  return entry;
}

/**
 * Live data for a symbol of a source while the calling component is mounted (symbol null:
 * none). Bars arrive as `market.barsUpdated`, trades and the book as their own events.
 */
export function useLiveSubscription(source: string, symbol: string | null, wants: LiveWants): LiveSubscriptionState {
  const holderId = useId();
  const { trades, book } = wants;

  useEffect(() => {
    if (!symbol) return;
    watchReconnects();
    const entry = entryFor(source, symbol);
    entry.holders.set(holderId, { trades, book });
    schedule(entry);
    return () => {
      entry.holders.delete(holderId);
      schedule(entry);
    };
  }, [source, symbol, trades, book, holderId]);

  const subscribe = useCallback(
    (onChange: () => void) => {
      if (!symbol) return () => undefined;
      const entry = entryFor(source, symbol);
      entry.listeners.add(onChange);
      return () => {
        entry.listeners.delete(onChange);
        forgetIfUnused(entry);
      };
    },
    [source, symbol],
  );
  const snapshot = () => (symbol ? (entries.get(keyOf(source, symbol))?.state ?? IDLE) : IDLE);
  return useSyncExternalStore(subscribe, snapshot);
}
