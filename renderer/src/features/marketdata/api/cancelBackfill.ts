import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api';
import { upsertBackfillJob } from './listBackfills';

/** Stops a backfill; what it fetched stays, and it can be resumed. */
export function useCancelBackfill() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (jobId: string) => api.invoke('market.backfill.cancel', { jobId }),
    onSuccess: (job) => upsertBackfillJob(queryClient, job),
  });
}
