import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../api';
import { trainingKeys } from './trainingKeys';

export const trainingRunQueryOptions = (runId: string) =>
  queryOptions({ queryKey: trainingKeys.run(runId), queryFn: () => api.invoke('training.run', { runId, top: 20 }) });

/**
 * One run's leaderboard, charts and checks. While it runs, progress events mark it stale
 * (at most about once a second, see liveProgress.ts) and it is read again.
 */
export function useTrainingRun(runId: string | null) {
  return useQuery({ ...trainingRunQueryOptions(runId ?? ''), enabled: runId !== null, placeholderData: (previous) => previous });
}
