import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Timeframe } from '../../../../../shared/contract';
import { api } from '../../../api';
import { marketKeys, type ChartSession } from './marketKeys';

/** How many bars the chart loads first; older ones come as the user scrolls back. */
export const CHART_BAR_LIMIT = 2_000;

/** What one chart shows: a symbol of a source, in a timeframe, with a session. */
export interface BarsRequest {
  source: string;
  symbol: string;
  timeframe: Timeframe;
  session: ChartSession;
}

/**
 * The newest bars, loaded once per symbol and timeframe; live bars then go straight to the
 * chart series (see liveBarFeed) and older ones are prepended there (getOlderBars), not
 * through this cache. So the cache is dropped as soon as no chart shows the request, and a
 * chart that comes back loads fresh history instead of stale bars.
 */
export const barsQueryOptions = (request: BarsRequest) =>
  queryOptions({
    queryKey: marketKeys.bars(request.source, request.symbol, request.timeframe, request.session),
    queryFn: () =>
      api.invoke('market.bars', {
        source: request.source,
        symbol: request.symbol,
        timeframe: request.timeframe,
        session: request.session,
        limit: CHART_BAR_LIMIT,
      }),
    staleTime: Infinity,
    gcTime: 0,
    refetchOnWindowFocus: false,
  });

export function useBars(request: BarsRequest, enabled = true) {
  return useQuery({ ...barsQueryOptions(request), enabled });
}
