import { queryOptions, useQuery, type QueryClient } from '@tanstack/react-query';
import type { Order } from '../../../../../shared/contract';
import { api } from '../../../api';
import { orderKeys, type OrderListScope } from './orderKeys';
import { compareDecimals, parseDecimal } from '../../../lib/decimal';
import { isOpenStatus, lifecycleRank } from './orderStatus';

const ORDER_LIST_LIMIT = 500;

/** The orders of one trading account: those still working ('open') or all of them. */
export const ordersQueryOptions = (accountId: string, scope: OrderListScope) =>
  queryOptions({
    queryKey: orderKeys.list(accountId, scope),
    queryFn: () => api.invoke('orders.list', { scope, accountId, limit: ORDER_LIST_LIMIT }),
    // Kept current by orders.changed events; refetched after a reconnect.
    staleTime: Infinity,
  });

export function useOrders(accountId: string, scope: OrderListScope) {
  return useQuery(ordersQueryOptions(accountId, scope));
}

function newestFirst(a: Order, b: Order): number {
  return b.createdAt - a.createdAt || (b.id < a.id ? -1 : b.id > a.id ? 1 : 0);
}

/**
 * Whether a reply carries an older state than the one cached. Events arrive in the engine's
 * order and always win; a reply (submit, cancel, modify) may have been overtaken by events,
 * so it is applied only if it is not behind: not earlier in the life cycle, not less filled.
 * Timestamps are not compared: a broker account's events are stamped by two clocks (the
 * engine's and the venue's), so a later event can carry an earlier time.
 */
function replyIsBehind(known: Order, reply: Order): boolean {
  const rank = lifecycleRank(reply.status) - lifecycleRank(known.status);
  if (rank !== 0) return rank < 0;
  const filled = compareDecimalStrings(reply.filledQty, known.filledQty);
  return filled < 0;
}

function compareDecimalStrings(a: string, b: string): number {
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  return x && y ? compareDecimals(x, y) : 0;
}

/** A list with `changed` merged in: replaced where known, added otherwise, dropped when it no longer belongs. */
function mergeOrders(
  list: readonly Order[],
  changed: readonly Order[],
  belongs: (order: Order) => boolean,
  fromReply: boolean,
): Order[] {
  const byId = new Map(list.map((order) => [order.id, order]));
  for (const order of changed) {
    const known = byId.get(order.id);
    if (fromReply && known && replyIsBehind(known, order)) continue;
    if (belongs(order)) byId.set(order.id, order);
    else byId.delete(order.id);
  }
  return [...byId.values()].sort(newestFirst).slice(0, ORDER_LIST_LIMIT);
}

function applyOrders(queryClient: QueryClient, changed: readonly Order[], fromReply: boolean): void {
  if (changed.length === 0) return;
  for (const accountId of new Set(changed.map((order) => order.accountId))) {
    const mine = changed.filter((order) => order.accountId === accountId);
    queryClient.setQueryData(ordersQueryOptions(accountId, 'all').queryKey, (list) =>
      list ? mergeOrders(list, mine, () => true, fromReply) : list,
    );
    queryClient.setQueryData(ordersQueryOptions(accountId, 'open').queryKey, (list) =>
      list ? mergeOrders(list, mine, (order) => isOpenStatus(order.status), fromReply) : list,
    );
  }
  for (const order of changed) {
    void queryClient.invalidateQueries({ queryKey: orderKeys.history(order.id) });
  }
}

/** Folds orders.changed (the latest state of each order, in the engine's order) into the cached lists of their account. */
export function applyOrderChanges(queryClient: QueryClient, changed: readonly Order[]): void {
  applyOrders(queryClient, changed, false);
}

/** Folds the order a submit, cancel or modify replied with into the cached lists, unless events already moved it on. */
export function applyOrderReply(queryClient: QueryClient, order: Order): void {
  applyOrders(queryClient, [order], true);
}

/** Reads an account's order lists again, e.g. when its venue comes back. */
export function invalidateAccountOrders(queryClient: QueryClient, accountId: string): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: orderKeys.accountLists(accountId) });
}
