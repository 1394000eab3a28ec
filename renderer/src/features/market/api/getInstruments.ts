import { queryOptions, useQuery, type QueryClient } from '@tanstack/react-query';
import type { BarUpdate, Instrument } from '../../../../../shared/contract';
import { api } from '../../../api';
import { marketKeys } from './marketKeys';

export const instrumentsQueryOptions = () =>
  queryOptions({
    queryKey: marketKeys.instruments(),
    queryFn: () => api.invoke('market.instruments', {}),
    // Last prices are kept current by bar events; a slow refetch picks up the day roll.
    staleTime: 60_000,
    refetchInterval: 60_000,
  });

export function useInstruments() {
  return useQuery(instrumentsQueryOptions());
}

export function useInstrument(symbol: string | null): Instrument | undefined {
  const { data } = useInstruments();
  return symbol ? data?.find((instrument) => instrument.symbol === symbol) : undefined;
}

/**
 * Moves each instrument's last price to the newest bar close. The day change keeps its
 * reference (the day's opening price, implied by the last known price and change).
 */
export function applyBarUpdatesToInstruments(queryClient: QueryClient, bars: readonly BarUpdate[]): void {
  const latestClose = new Map<string, BarUpdate>();
  for (const bar of bars) {
    if (bar.timeframe !== '1m') continue;
    const seen = latestClose.get(bar.symbol);
    if (!seen || bar.t >= seen.t) latestClose.set(bar.symbol, bar);
  }
  if (latestClose.size === 0) return;
  queryClient.setQueryData(instrumentsQueryOptions().queryKey, (instruments) => {
    if (!instruments) return instruments;
    let changed = false;
    const next = instruments.map((instrument) => {
      const bar = latestClose.get(instrument.symbol);
      if (!bar || bar.c === instrument.lastPrice) return instrument;
      changed = true;
      const { lastPrice, dayChange } = instrument;
      const dayOpen = lastPrice !== null && dayChange !== null && dayChange !== -1 ? lastPrice / (1 + dayChange) : null;
      return {
        ...instrument,
        lastPrice: bar.c,
        dayChange: dayOpen ? bar.c / dayOpen - 1 : dayChange,
      };
    });
    return changed ? next : instruments;
  });
}
