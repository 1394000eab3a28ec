import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { InputOf } from '../../../../../shared/contract';
import { api } from '../../../api';
import { upsertBackfillJob } from './listBackfills';

export function useStartBackfill() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: InputOf<'market.backfill.start'>) => api.invoke('market.backfill.start', input),
    onSuccess: (job) => upsertBackfillJob(queryClient, job),
  });
}
