import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api';
import { upsertBackfillJob } from './listBackfills';

/** Picks a paused, cancelled or failed backfill up where each symbol stopped. */
export function useResumeBackfill() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (jobId: string) => api.invoke('market.backfill.resume', { jobId }),
    onSuccess: (job) => upsertBackfillJob(queryClient, job),
  });
}
