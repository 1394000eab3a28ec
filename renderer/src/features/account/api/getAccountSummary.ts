import { queryOptions, useQuery, type QueryClient } from '@tanstack/react-query';
import type { AccountSummary } from '../../../../../shared/contract';
import { api } from '../../../api';
import { accountKeys } from './accountKeys';

export const accountSummaryQueryOptions = () =>
  queryOptions({
    queryKey: accountKeys.summary(),
    queryFn: () => api.invoke('account.summary', {}),
    // Kept current by account.changed events; refetched after a reconnect.
    staleTime: Infinity,
  });

export function useAccountSummary() {
  return useQuery(accountSummaryQueryOptions());
}

export function setAccountSummary(queryClient: QueryClient, summary: AccountSummary): void {
  queryClient.setQueryData(accountSummaryQueryOptions().queryKey, summary);
}
