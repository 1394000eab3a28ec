import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Timeframe } from '../../../../../shared/contract';
import { api } from '../../../api';
import { marketKeys } from './marketKeys';

/** How many bars the chart loads: enough to scroll back a few sessions of 1m bars. */
export const CHART_BAR_LIMIT = 2_000;

/**
 * History is loaded once per symbol; live bars then go straight to the chart series
 * (see liveBarFeed), not through this cache. So the cache is dropped as soon as no chart
 * shows the symbol, and a chart that comes back loads fresh history instead of stale bars.
 */
export const barsQueryOptions = (symbol: string, timeframe: Timeframe) =>
  queryOptions({
    queryKey: marketKeys.bars(symbol, timeframe),
    queryFn: () => api.invoke('market.bars', { symbol, timeframe, limit: CHART_BAR_LIMIT }),
    staleTime: Infinity,
    gcTime: 0,
    refetchOnWindowFocus: false,
  });

export function useBars(symbol: string, timeframe: Timeframe) {
  return useQuery(barsQueryOptions(symbol, timeframe));
}
