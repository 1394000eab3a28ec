import { queryOptions, useQuery, type QueryClient } from '@tanstack/react-query';
import type { Fill } from '../../../../../shared/contract';
import { api } from '../../../api';
import { orderKeys } from './orderKeys';

const FILL_LIST_LIMIT = 500;

/** Fills of one symbol (chart markers) or of all symbols (symbol null). */
export const fillsQueryOptions = (symbol: string | null) =>
  queryOptions({
    queryKey: orderKeys.fillsFor(symbol),
    queryFn: () => api.invoke('fills.list', symbol ? { symbol, limit: FILL_LIST_LIMIT } : { limit: FILL_LIST_LIMIT }),
    staleTime: Infinity,
  });

export function useFills(symbol: string | null) {
  return useQuery(fillsQueryOptions(symbol));
}

/** Adds new fills (newest first, de-duplicated by id) to every cached fill list they belong to. */
export function applyAddedFills(queryClient: QueryClient, added: readonly Fill[]): void {
  if (added.length === 0) return;
  const merge = (list: Fill[] | undefined, belongs: (fill: Fill) => boolean) => {
    if (!list) return list;
    const known = new Set(list.map((fill) => fill.id));
    const fresh = added.filter((fill) => belongs(fill) && !known.has(fill.id));
    if (fresh.length === 0) return list;
    return [...fresh, ...list].sort((a, b) => b.at - a.at).slice(0, FILL_LIST_LIMIT);
  };
  queryClient.setQueryData(fillsQueryOptions(null).queryKey, (list) => merge(list, () => true));
  for (const symbol of new Set(added.map((fill) => fill.symbol))) {
    queryClient.setQueryData(fillsQueryOptions(symbol).queryKey, (list) =>
      merge(list, (fill) => fill.symbol === symbol),
    );
  }
  for (const orderId of new Set(added.map((fill) => fill.orderId))) {
    void queryClient.invalidateQueries({ queryKey: orderKeys.history(orderId) });
  }
}
