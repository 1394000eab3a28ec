import { queryOptions, useQuery, type QueryClient } from '@tanstack/react-query';
import type { PayloadOf } from '../../../../../shared/contract';
import { marketDataKeys } from './marketDataKeys';

export type BookSnapshot = PayloadOf<'market.book'>;

/** The latest order book snapshot of a subscribed symbol (market.book, latest wins); null until one arrives. */
export const liveBookQueryOptions = (source: string, symbol: string) =>
  queryOptions({
    queryKey: marketDataKeys.book(source, symbol),
    queryFn: (): BookSnapshot | null => null,
    staleTime: Infinity,
    gcTime: 0,
  });

export function useLiveBook(source: string, symbol: string | null, enabled: boolean) {
  return useQuery({ ...liveBookQueryOptions(source, symbol ?? ''), enabled: enabled && symbol !== null });
}

export function applyLiveBook(queryClient: QueryClient, book: BookSnapshot): void {
  const key = liveBookQueryOptions(book.source, book.symbol).queryKey;
  // Only for a book on screen: setQueryData would otherwise create an entry nobody removes.
  if (queryClient.getQueryState(key) === undefined) return;
  queryClient.setQueryData(key, (current) => (current && current.t > book.t ? current : book));
}
