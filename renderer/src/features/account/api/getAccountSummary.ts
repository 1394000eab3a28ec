import { queryOptions, useQuery, type QueryClient } from '@tanstack/react-query';
import type { AccountSummary } from '../../../../../shared/contract';
import { api } from '../../../api';
import { accountKeys } from './accountKeys';

export const accountSummaryQueryOptions = (accountId: string) =>
  queryOptions({
    queryKey: accountKeys.summary(accountId),
    queryFn: () => api.invoke('account.summary', { accountId }),
    // Kept current by account.changed events (one per account); refetched after a reconnect.
    staleTime: Infinity,
  });

/** Cash, equity and P&L of one trading account (the paper account is "paper"). */
export function useAccountSummary(accountId: string) {
  return useQuery(accountSummaryQueryOptions(accountId));
}

/** An account.changed payload: its summary says which account it is. */
export function setAccountSummary(queryClient: QueryClient, summary: AccountSummary): void {
  queryClient.setQueryData(accountSummaryQueryOptions(summary.accountId).queryKey, summary);
}

/** Read again, e.g. when the account's venue comes back or connects for the first time. */
export function invalidateAccountSummary(queryClient: QueryClient, accountId: string): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: accountSummaryQueryOptions(accountId).queryKey });
}
