import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../api';
import { sessionKeys } from './sessionKeys';

export const appInfoQueryOptions = () =>
  queryOptions({
    queryKey: sessionKeys.info(),
    queryFn: () => api.invoke('app.info', {}),
    staleTime: 30_000,
    // Re-anchors the market clock now and then; between fetches it is extrapolated.
    refetchInterval: 30_000,
  });

export function useAppInfo() {
  return useQuery(appInfoQueryOptions());
}
