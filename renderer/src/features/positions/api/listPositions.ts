import { queryOptions, useQuery, type QueryClient } from '@tanstack/react-query';
import type { Position } from '../../../../../shared/contract';
import { api } from '../../../api';
import { positionKeys } from './positionKeys';

export const positionsQueryOptions = () =>
  queryOptions({
    queryKey: positionKeys.list(),
    queryFn: () => api.invoke('positions.list', {}),
    // Kept current by account.changed events; refetched after a reconnect.
    staleTime: Infinity,
  });

export function usePositions() {
  return useQuery(positionsQueryOptions());
}

export function setPositions(queryClient: QueryClient, positions: Position[]): void {
  queryClient.setQueryData(positionsQueryOptions().queryKey, positions);
}
