import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../api';
import { trainingKeys } from './trainingKeys';

export const trainingTrialQueryOptions = (runId: string, trialId: string) =>
  queryOptions({ queryKey: trainingKeys.trial(runId, trialId), queryFn: () => api.invoke('training.trial', { runId, trialId }), staleTime: Infinity });

/** A trial run again in full: equity curve and trades (a finished trial never changes). */
export function useTrainingTrial(runId: string, trialId: string | null) {
  return useQuery({ ...trainingTrialQueryOptions(runId, trialId ?? ''), enabled: trialId !== null });
}
