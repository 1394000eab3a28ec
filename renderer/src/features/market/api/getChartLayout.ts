import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../api';
import { marketKeys } from './marketKeys';

/** The saved chart layout of a chart ("main" for the trading view's), or null when none was saved. */
export const chartLayoutQueryOptions = (key: string) =>
  queryOptions({
    queryKey: marketKeys.layout(key),
    queryFn: () => api.invoke('chart.layout.get', { key }),
    // Only this window writes it, and every save updates the cache.
    staleTime: Infinity,
    // The chart waits for it: after one more try it starts with the defaults (and saves
    // nothing over a layout it could not read), rather than spinning through the backoff.
    retry: 1,
  });

export function useChartLayout(key: string) {
  return useQuery(chartLayoutQueryOptions(key));
}
