import { queryOptions, useQuery, type QueryClient } from '@tanstack/react-query';
import type { TrainingProgress, TrainingRunSummary } from '../../../../../shared/contract';
import { trainingKeys } from './trainingKeys';

/** The latest progress event of a run, kept in the cache (no fetch: events fill it). */
export const trainingProgressQueryOptions = (runId: string) =>
  queryOptions<TrainingProgress | null>({ queryKey: trainingKeys.progress(runId), queryFn: () => null, staleTime: Infinity, enabled: false });

export function useTrainingProgress(runId: string | null) {
  return useQuery({ ...trainingProgressQueryOptions(runId ?? ''), enabled: false }).data ?? null;
}

/** Detail reads while a run is going: at most one a second per run. */
const DETAIL_REFRESH_MS = 1_000;
const lastRefresh = new Map<string, number>();

/**
 * The one place training.progress lands: the run's progress, its row in the runs list, and
 * (throttled) its detail, which holds the leaderboard and charts.
 */
export function applyTrainingProgress(queryClient: QueryClient, p: TrainingProgress): void {
  queryClient.setQueryData(trainingKeys.progress(p.runId), p);
  const runs = queryClient.getQueryData<TrainingRunSummary[]>(trainingKeys.runs());
  const row = runs?.find((r) => r.id === p.runId);
  if (!row) void queryClient.invalidateQueries({ queryKey: trainingKeys.runs() });
  else {
    const finished = p.status !== 'running' && p.status !== 'paused';
    queryClient.setQueryData<TrainingRunSummary[]>(trainingKeys.runs(), (list) =>
      list?.map((r) => (r.id === p.runId ? { ...r, status: p.status, done: p.done, total: p.total, best: p.best ?? r.best, live: !finished } : r)),
    );
    if (finished || row.status !== p.status) void queryClient.invalidateQueries({ queryKey: trainingKeys.runs() });
  }
  const now = Date.now();
  const finished = p.status !== 'running';
  if (finished || now - (lastRefresh.get(p.runId) ?? 0) >= DETAIL_REFRESH_MS) {
    lastRefresh.set(p.runId, now);
    void queryClient.invalidateQueries({ queryKey: trainingKeys.run(p.runId) });
  }
}
