import { queryOptions, useQuery, type QueryClient } from '@tanstack/react-query';
import type { BackfillJob } from '../../../../../shared/contract';
import { api } from '../../../api';
import { marketDataKeys } from './marketDataKeys';

/** Backfill jobs, newest first; kept current by market.backfillProgress events. */
export const backfillsQueryOptions = () =>
  queryOptions({
    queryKey: marketDataKeys.backfills(),
    queryFn: () => api.invoke('market.backfill.list', {}),
    staleTime: Infinity,
    retry: 1,
  });

export function useBackfills() {
  return useQuery(backfillsQueryOptions());
}

/**
 * Puts a job's newest state in the list (from a progress event or a reply). A state older
 * than the one shown is ignored: a reply may arrive after the event that followed it.
 * Jobs started elsewhere (another window, a restart's resume) are added at the top.
 */
export function upsertBackfillJob(queryClient: QueryClient, job: BackfillJob): void {
  queryClient.setQueryData(backfillsQueryOptions().queryKey, (jobs) => {
    if (!jobs) return jobs;
    const index = jobs.findIndex((known) => known.id === job.id);
    if (index < 0) return [job, ...jobs];
    if (jobs[index]!.updatedAt > job.updatedAt) return jobs;
    return jobs.map((known, i) => (i === index ? job : known));
  });
}
