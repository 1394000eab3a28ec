import { useMutation } from '@tanstack/react-query';
import type { ReconcileSummary } from '../../../../../shared/contract';
import { api, type ApiError } from '../../../api';

export function runReconcile(accountId?: string): Promise<ReconcileSummary[]> {
  return api.invoke('reconcile.run', accountId ? { accountId } : {});
}

/**
 * Reconcile every connected account (or one) with its venue now. What changes arrives as
 * events (orders, fills, accounts, issues); the reply is the summary shown to the user.
 */
export function useRunReconcile() {
  return useMutation<ReconcileSummary[], ApiError | Error, string | undefined>({
    mutationFn: runReconcile,
    retry: false,
  });
}
