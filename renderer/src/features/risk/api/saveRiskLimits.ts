import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { RiskLimits, RiskLimitsInput, RiskScope } from '../../../../../shared/contract';
import { api, type ApiError } from '../../../api';
import { setRiskLimits } from './getRiskLimits';
import { riskKeys } from './riskKeys';

export interface SaveLimitsInput {
  scope: RiskScope;
  limits: RiskLimitsInput;
}

export function saveRiskLimits({ scope, limits }: SaveLimitsInput): Promise<RiskLimits> {
  return api.invoke('risk.limits.set', { scope, limits });
}

/**
 * Saves limits. The engine refuses negative or contradictory ones with a message per field
 * and saves nothing; the form shows them inline. The usage bars follow the new limits.
 */
export function useSaveRiskLimits() {
  const queryClient = useQueryClient();
  return useMutation<RiskLimits, ApiError | Error, SaveLimitsInput>({
    mutationFn: saveRiskLimits,
    retry: false,
    onSuccess: (limits, { scope }) => {
      setRiskLimits(queryClient, scope, limits);
      if ('accountId' in scope) void queryClient.invalidateQueries({ queryKey: riskKeys.status(scope.accountId) });
    },
  });
}
