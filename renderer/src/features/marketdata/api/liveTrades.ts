import { queryOptions, useQuery, type QueryClient } from '@tanstack/react-query';
import type { PayloadOf } from '../../../../../shared/contract';
import { marketDataKeys } from './marketDataKeys';

export type LiveTrade = PayloadOf<'market.trades'>['trades'][number];

/** Trades kept for the feed, newest first. */
export const TRADES_KEPT = 200;
const NONE: LiveTrade[] = [];

/**
 * The trades of a subscribed symbol as they arrive (market.trades). There is no channel for
 * the engine's recent trades, so the feed starts empty; the cache entry lives only while a
 * feed shows it.
 */
export const liveTradesQueryOptions = (source: string, symbol: string) =>
  queryOptions({
    queryKey: marketDataKeys.trades(source, symbol),
    queryFn: () => NONE,
    staleTime: Infinity,
    gcTime: 0,
  });

export function useLiveTrades(source: string, symbol: string | null) {
  return useQuery({ ...liveTradesQueryOptions(source, symbol ?? ''), enabled: symbol !== null });
}

/** Adds pushed trades to the feed of their symbol, if one is shown. */
export function applyLiveTrades(queryClient: QueryClient, payload: PayloadOf<'market.trades'>): void {
  if (payload.trades.length === 0) return;
  queryClient.setQueryData(liveTradesQueryOptions(payload.source, payload.symbol).queryKey, (trades) => {
    if (!trades) return trades;
    const fresh = [...payload.trades].sort((a, b) => b.t - a.t);
    return fresh.concat(trades).slice(0, TRADES_KEPT);
  });
}
