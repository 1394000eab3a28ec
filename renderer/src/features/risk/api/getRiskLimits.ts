import { queryOptions, useQuery, type QueryClient } from '@tanstack/react-query';
import type { RiskLimits, RiskScope } from '../../../../../shared/contract';
import { api } from '../../../api';
import { riskKeys } from './riskKeys';

export const riskLimitsQueryOptions = (scope: RiskScope) =>
  queryOptions({
    queryKey: riskKeys.limits(scope),
    queryFn: () => api.invoke('risk.limits.get', scope),
    // Only the user changes limits, and the reply of the save replaces the cache.
    staleTime: Infinity,
  });

/** The limits of an account or of one bot (a bot without limits of its own shows none). */
export function useRiskLimits(scope: RiskScope) {
  return useQuery(riskLimitsQueryOptions(scope));
}

export function setRiskLimits(queryClient: QueryClient, scope: RiskScope, limits: RiskLimits): void {
  queryClient.setQueryData(riskLimitsQueryOptions(scope).queryKey, limits);
}
