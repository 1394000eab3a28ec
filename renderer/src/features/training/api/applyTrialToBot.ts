import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { BotDetail, InputOf } from '../../../../../shared/contract';
import { api, type ApiError } from '../../../api';
import { trainingKeys } from './trainingKeys';

export function applyTrialToBot(input: InputOf<'training.applyToBot'>): Promise<BotDetail> {
  return api.invoke('training.applyToBot', input);
}

/** Puts a trial's params on a bot (new version) or creates a bot from them. */
export function useApplyTrialToBot() {
  const queryClient = useQueryClient();
  return useMutation<BotDetail, ApiError | Error, InputOf<'training.applyToBot'>>({
    mutationFn: applyTrialToBot,
    retry: false,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['bots'] });
      void queryClient.invalidateQueries({ queryKey: trainingKeys.bots() });
    },
  });
}
