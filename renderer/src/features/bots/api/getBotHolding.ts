import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../api';
import { botKeys } from './botKeys';

/**
 * Bots holding or targeting a position in a symbol on an account: the order ticket's
 * "a bot trades this" warning. It depends on every bot's state and target, so it is read
 * again whenever bots.changed arrives (see setBots), and every few seconds while shown.
 */
export const botHoldingQueryOptions = (accountId: string, symbol: string) =>
  queryOptions({
    queryKey: botKeys.holding(accountId, symbol),
    queryFn: () => api.invoke('bots.holding', { accountId, symbol }),
    staleTime: 5_000,
    refetchInterval: 10_000,
  });

export function useBotHolding(accountId: string, symbol: string | null) {
  return useQuery({ ...botHoldingQueryOptions(accountId, symbol ?? ''), enabled: symbol !== null && symbol !== '' });
}
