import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../api';
import { orderKeys } from './orderKeys';

export const orderHistoryQueryOptions = (orderId: string) =>
  queryOptions({
    queryKey: orderKeys.history(orderId),
    queryFn: () => api.invoke('orders.history', { orderId }),
  });

export function useOrderHistory(orderId: string) {
  return useQuery(orderHistoryQueryOptions(orderId));
}
