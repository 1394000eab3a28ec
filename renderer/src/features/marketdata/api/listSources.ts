import { queryOptions, useQuery, type QueryClient } from '@tanstack/react-query';
import { api } from '../../../api';
import { marketDataKeys } from './marketDataKeys';

/** The sample market and one source per saved connection. */
export const sourcesQueryOptions = () =>
  queryOptions({
    queryKey: marketDataKeys.sources(),
    queryFn: () => api.invoke('market.sources', {}),
    staleTime: 30_000,
    // An engine that answers UNAVAILABLE says so at once rather than after the whole backoff.
    retry: 1,
  });

export function useSources() {
  return useQuery(sourcesQueryOptions());
}

/** A connection was added, removed or changed: its market data source may have too. */
export function invalidateSources(queryClient: QueryClient): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: marketDataKeys.sources() });
}
