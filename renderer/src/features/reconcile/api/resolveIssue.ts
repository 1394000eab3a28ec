import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ReconcileIssue } from '../../../../../shared/contract';
import { api, type ApiError } from '../../../api';
import { applyResolvedIssue } from './listReconcileIssues';

export type ResolveAction = 'adopt' | 'ignore' | 'flatten';

export function resolveIssue(issueId: string, action: ResolveAction): Promise<ReconcileIssue> {
  return api.invoke('reconcile.resolve', { issueId, action });
}

/** Adopt the venue's figure, ignore the difference, or flatten at the venue. Never retried (flatten sends an order). */
export function useResolveIssue() {
  const queryClient = useQueryClient();
  return useMutation<ReconcileIssue, ApiError | Error, { issueId: string; action: ResolveAction }>({
    mutationFn: ({ issueId, action }) => resolveIssue(issueId, action),
    retry: false,
    onSuccess: (issue) => applyResolvedIssue(queryClient, issue),
  });
}
