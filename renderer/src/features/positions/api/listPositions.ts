import { queryOptions, useQuery, type QueryClient } from '@tanstack/react-query';
import type { Position } from '../../../../../shared/contract';
import { api } from '../../../api';
import { positionKeys } from './positionKeys';

export const positionsQueryOptions = (accountId: string) =>
  queryOptions({
    queryKey: positionKeys.list(accountId),
    queryFn: () => api.invoke('positions.list', { accountId }),
    // Kept current by account.changed events (one per account); refetched after a reconnect.
    staleTime: Infinity,
  });

export function usePositions(accountId: string) {
  return useQuery(positionsQueryOptions(accountId));
}

/** The positions of one account, as pushed by account.changed for that account. */
export function setPositions(queryClient: QueryClient, accountId: string, positions: Position[]): void {
  queryClient.setQueryData(positionsQueryOptions(accountId).queryKey, positions);
}

/** Read again, e.g. when the account's venue comes back or connects for the first time. */
export function invalidatePositions(queryClient: QueryClient, accountId: string): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: positionsQueryOptions(accountId).queryKey });
}
