import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../api';
import { botKeys } from './botKeys';

/** The owner the OMS records on a bot's orders. */
export const botOwner = (botId: string) => `bot:${botId}`;

/**
 * A bot's orders on its account, newest first. Read again on bots.changed (a fill moves the
 * bot's position and P&L), see setBots.
 */
export const botOrdersQueryOptions = (botId: string, accountId: string) =>
  queryOptions({
    queryKey: botKeys.orders(botId, accountId),
    queryFn: async () => {
      const orders = await api.invoke('orders.list', { scope: 'all', accountId, limit: 1_000 });
      return orders.filter((order) => order.owner === botOwner(botId));
    },
    staleTime: 2_000,
  });

export function useBotOrders(botId: string, accountId: string) {
  return useQuery(botOrdersQueryOptions(botId, accountId));
}
