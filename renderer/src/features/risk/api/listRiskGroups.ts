import { queryOptions, useQuery, type QueryClient } from '@tanstack/react-query';
import type { RiskGroup } from '../../../../../shared/contract';
import { api } from '../../../api';
import { riskKeys } from './riskKeys';

export const riskGroupsQueryOptions = () =>
  queryOptions({
    queryKey: riskKeys.groups(),
    queryFn: () => api.invoke('risk.groups.list', {}),
    // Changed only from this view: saves and deletes update the cache.
    staleTime: Infinity,
  });

/** Sector and correlation groups, each with a gross exposure limit. */
export function useRiskGroups() {
  return useQuery(riskGroupsQueryOptions());
}

export function upsertRiskGroup(queryClient: QueryClient, group: RiskGroup): void {
  queryClient.setQueryData(riskGroupsQueryOptions().queryKey, (list) => {
    if (!list) return [group];
    return list.some((known) => known.id === group.id) ? list.map((known) => (known.id === group.id ? group : known)) : [...list, group];
  });
}

export function removeRiskGroup(queryClient: QueryClient, id: string): void {
  queryClient.setQueryData(riskGroupsQueryOptions().queryKey, (list) => list?.filter((known) => known.id !== id));
}
