import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../api';
import { trainingKeys } from './trainingKeys';

export const trainingRunsQueryOptions = () =>
  queryOptions({ queryKey: trainingKeys.runs(), queryFn: () => api.invoke('training.runs', {}), staleTime: 30_000 });

/** Every run, newest first; progress events keep it current (see liveProgress.ts). */
export function useTrainingRuns() {
  return useQuery(trainingRunsQueryOptions());
}
