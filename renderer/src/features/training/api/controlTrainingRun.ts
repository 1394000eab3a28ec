import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TrainingRunSummary } from '../../../../../shared/contract';
import { api, type ApiError } from '../../../api';
import { trainingKeys } from './trainingKeys';

export type RunAction = 'pause' | 'resume' | 'cancel';

export function controlTrainingRun({ runId, action }: { runId: string; action: RunAction }): Promise<TrainingRunSummary> {
  return api.invoke(`training.${action}`, { runId });
}

/** Pause, resume or cancel; the reply is the run's new summary. */
export function useControlTrainingRun() {
  const queryClient = useQueryClient();
  return useMutation<TrainingRunSummary, ApiError | Error, { runId: string; action: RunAction }>({
    mutationFn: controlTrainingRun,
    retry: false,
    onSuccess: (summary) => {
      queryClient.setQueryData(trainingKeys.runs(), (runs: TrainingRunSummary[] | undefined) => runs?.map((r) => (r.id === summary.id ? summary : r)));
      void queryClient.invalidateQueries({ queryKey: trainingKeys.run(summary.id) });
    },
  });
}
