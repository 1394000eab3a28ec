import { useQueries } from '@tanstack/react-query';
import { api } from '../../../api';
import { marketDataKeys } from './marketDataKeys';

export const gapsQueryOptions = (source: string, symbol: string, from: number, to: number) => ({
  queryKey: marketDataKeys.gaps(source, symbol, from, to),
  queryFn: () => api.invoke('market.gaps', { source, symbol, from, to }),
  staleTime: 10_000,
});

/** Missing 1-minute bars of each symbol in [from, to), asked for when `enabled`. */
export function useGaps(source: string, symbols: readonly string[], from: number, to: number, enabled: boolean) {
  return useQueries({
    queries: symbols.map((symbol) => ({ ...gapsQueryOptions(source, symbol, from, to), enabled })),
  });
}
