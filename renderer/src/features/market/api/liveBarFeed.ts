import type { BarUpdate } from '../../../../../shared/contract';

type BarListener = (bars: readonly BarUpdate[]) => void;

/**
 * Live bars bypass the query cache: at replay speed they arrive many times a second, and
 * copying the chart's history on each one would be waste. The app's event hook publishes
 * here; each chart listens for its own symbol and applies updates to its series directly.
 */
const listenersBySymbol = new Map<string, Set<BarListener>>();

export function publishBarUpdates(bars: readonly BarUpdate[]): void {
  const bySymbol = new Map<string, BarUpdate[]>();
  for (const bar of bars) {
    const list = bySymbol.get(bar.symbol);
    if (list) list.push(bar);
    else bySymbol.set(bar.symbol, [bar]);
  }
  for (const [symbol, updates] of bySymbol) {
    const listeners = listenersBySymbol.get(symbol);
    if (!listeners) continue;
    for (const listener of listeners) listener(updates);
  }
}

export function subscribeToBars(symbol: string, listener: BarListener): () => void {
  let listeners = listenersBySymbol.get(symbol);
  if (!listeners) {
    listeners = new Set();
    listenersBySymbol.set(symbol, listeners);
  }
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) listenersBySymbol.delete(symbol);
  };
}
