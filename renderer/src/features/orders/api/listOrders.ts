import { queryOptions, useQuery, type QueryClient } from '@tanstack/react-query';
import type { Order } from '../../../../../shared/contract';
import { api } from '../../../api';
import { orderKeys, type OrderListScope } from './orderKeys';
import { isOpenStatus, lifecycleRank } from './orderStatus';

const ORDER_LIST_LIMIT = 500;

export const ordersQueryOptions = (scope: OrderListScope) =>
  queryOptions({
    queryKey: orderKeys.list(scope),
    queryFn: () => api.invoke('orders.list', { scope, limit: ORDER_LIST_LIMIT }),
    // Kept current by orders.changed events; refetched after a reconnect.
    staleTime: Infinity,
  });

export function useOrders(scope: OrderListScope) {
  return useQuery(ordersQueryOptions(scope));
}

function newestFirst(a: Order, b: Order): number {
  return b.createdAt - a.createdAt || (b.id < a.id ? -1 : b.id > a.id ? 1 : 0);
}

/** Orders move forward only; on equal timestamps the later status in the life cycle wins. */
function isNewer(known: Order, incoming: Order): boolean {
  if (known.updatedAt !== incoming.updatedAt) return known.updatedAt > incoming.updatedAt;
  return lifecycleRank(known.status) > lifecycleRank(incoming.status);
}

/** A list with `changed` merged in: replaced where known, added otherwise, dropped when it no longer belongs. */
function mergeOrders(list: readonly Order[], changed: readonly Order[], belongs: (order: Order) => boolean): Order[] {
  const byId = new Map(list.map((order) => [order.id, order]));
  for (const order of changed) {
    const known = byId.get(order.id);
    // Events may overtake a reply (or the other way round): never go back to an older state.
    if (known && isNewer(known, order)) continue;
    if (belongs(order)) byId.set(order.id, order);
    else byId.delete(order.id);
  }
  return [...byId.values()].sort(newestFirst).slice(0, ORDER_LIST_LIMIT);
}

/** Folds orders whose state changed (from an event or a submit reply) into both cached lists. */
export function applyOrderChanges(queryClient: QueryClient, changed: readonly Order[]): void {
  if (changed.length === 0) return;
  queryClient.setQueryData(ordersQueryOptions('all').queryKey, (list) =>
    list ? mergeOrders(list, changed, () => true) : list,
  );
  queryClient.setQueryData(ordersQueryOptions('open').queryKey, (list) =>
    list ? mergeOrders(list, changed, (order) => isOpenStatus(order.status)) : list,
  );
  for (const order of changed) {
    void queryClient.invalidateQueries({ queryKey: orderKeys.history(order.id) });
  }
}
