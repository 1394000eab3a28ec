import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../api';
import { marketDataKeys, type MarketFilter } from './marketDataKeys';

export const SEARCH_LIMIT = 50;

export const instrumentSearchQueryOptions = (source: string, market: MarketFilter, query: string) =>
  queryOptions({
    queryKey: marketDataKeys.search(source, market, query),
    queryFn: () => api.invoke('market.search', { source, market, query, limit: SEARCH_LIMIT }),
    staleTime: 60_000,
    retry: 1,
  });

/** Instruments of a source by market and text; the previous results stay while the next load. */
export function useInstrumentSearch(source: string | null, market: MarketFilter, query: string) {
  return useQuery({
    ...instrumentSearchQueryOptions(source ?? '', market, query),
    enabled: source !== null,
    placeholderData: keepPreviousData,
  });
}
