import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { RiskStatus } from '../../../../../shared/contract';
import { api, type ApiError } from '../../../api';
import { setRiskStatus } from './getRiskStatus';

export interface SetStateInput {
  accountId: string;
  state: 'ACTIVE' | 'REDUCING';
}

export function setTradingState(input: SetStateInput): Promise<RiskStatus> {
  return api.invoke('risk.setState', input);
}

/** ACTIVE, or REDUCING (only orders that shrink a position). HALTED is the kill switch's alone. */
export function useSetTradingState() {
  const queryClient = useQueryClient();
  return useMutation<RiskStatus, ApiError | Error, SetStateInput>({
    mutationFn: setTradingState,
    retry: false,
    onSuccess: (status) => setRiskStatus(queryClient, status),
  });
}
