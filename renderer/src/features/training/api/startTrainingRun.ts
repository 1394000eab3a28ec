import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { InputOf } from '../../../../../shared/contract';
import { api, type ApiError } from '../../../api';
import { trainingKeys } from './trainingKeys';

export function startTrainingRun(input: InputOf<'training.start'>): Promise<{ runId: string }> {
  return api.invoke('training.start', input);
}

export function useStartTrainingRun() {
  const queryClient = useQueryClient();
  return useMutation<{ runId: string }, ApiError | Error, InputOf<'training.start'>>({
    mutationFn: startTrainingRun,
    retry: false,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: trainingKeys.runs() }),
  });
}
