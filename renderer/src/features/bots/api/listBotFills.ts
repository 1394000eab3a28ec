import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../api';
import { botKeys } from './botKeys';

/** Fills of a bot's orders in one symbol (the chart's fill markers); read again on bots.changed. */
export const botFillsQueryOptions = (botId: string, symbol: string, orderIds: ReadonlySet<string>) =>
  queryOptions({
    queryKey: [...botKeys.fills(botId, symbol), [...orderIds].sort().join(',')] as const,
    queryFn: async () => {
      const fills = await api.invoke('fills.list', { symbol, limit: 2_000 });
      return fills.filter((fill) => orderIds.has(fill.orderId));
    },
    staleTime: 2_000,
  });

export function useBotFills(botId: string, symbol: string, orderIds: ReadonlySet<string>) {
  return useQuery({ ...botFillsQueryOptions(botId, symbol, orderIds), enabled: orderIds.size > 0 });
}
