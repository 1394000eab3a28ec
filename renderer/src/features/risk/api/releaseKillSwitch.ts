import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { KillSwitch } from '../../../../../shared/contract';
import { api, type ApiError } from '../../../api';
import { invalidateRiskStatuses } from './getRiskStatus';

export function releaseKillSwitch(confirm: string): Promise<KillSwitch> {
  return api.invoke('risk.releaseKillSwitch', { confirm });
}

/** Lifts the kill switch; the engine takes only the word RESUME. */
export function useReleaseKillSwitch() {
  const queryClient = useQueryClient();
  return useMutation<KillSwitch, ApiError | Error, string>({
    mutationFn: releaseKillSwitch,
    retry: false,
    onSuccess: () => void invalidateRiskStatuses(queryClient),
  });
}
