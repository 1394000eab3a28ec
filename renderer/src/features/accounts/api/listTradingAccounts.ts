import { queryOptions, useQuery, type QueryClient } from '@tanstack/react-query';
import type { TradingAccount } from '../../../../../shared/contract';
import { api } from '../../../api';
import { tradingAccountKeys } from './tradingAccountKeys';

export const tradingAccountsQueryOptions = () =>
  queryOptions({
    queryKey: tradingAccountKeys.list(),
    queryFn: () => api.invoke('accounts.list', {}),
    // Kept current by accounts.changed events (the whole list); refetched after a reconnect.
    staleTime: Infinity,
  });

/** The paper account and one account per broker connection, with state and capabilities. */
export function useTradingAccounts() {
  return useQuery(tradingAccountsQueryOptions());
}

/** The engine's list as pushed by accounts.changed: it replaces the cache. */
export function setTradingAccounts(queryClient: QueryClient, accounts: TradingAccount[]): void {
  queryClient.setQueryData(tradingAccountsQueryOptions().queryKey, accounts);
}

/** The list as last cached, to tell which accounts an accounts.changed event brought back. */
export function getTradingAccounts(queryClient: QueryClient): TradingAccount[] | undefined {
  return queryClient.getQueryData(tradingAccountsQueryOptions().queryKey);
}
