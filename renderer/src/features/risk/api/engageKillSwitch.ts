import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { KillSwitch } from '../../../../../shared/contract';
import { api, type ApiError } from '../../../api';
import { invalidateRiskStatuses } from './getRiskStatus';

export interface KillSwitchInput {
  cancelOpen: boolean;
  flatten: boolean;
  reason?: string;
}

export function engageKillSwitch(input: KillSwitchInput): Promise<KillSwitch> {
  return api.invoke('risk.killSwitch', input);
}

/**
 * Halts new orders on every account at once. Never retried automatically: a reply lost on
 * the way may still have engaged it, and the banner (from risk.changed) says so.
 */
export function useEngageKillSwitch() {
  const queryClient = useQueryClient();
  return useMutation<KillSwitch, ApiError | Error, KillSwitchInput>({
    mutationFn: engageKillSwitch,
    retry: false,
    onSuccess: () => void invalidateRiskStatuses(queryClient),
  });
}
