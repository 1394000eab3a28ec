import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Order } from '../../../../../shared/contract';
import { api, type ApiError } from '../../../api';
import { applyOrderReply } from './listOrders';

export function cancelOrder(orderId: string): Promise<Order> {
  return api.invoke('orders.cancel', { orderId });
}

export function useCancelOrder() {
  const queryClient = useQueryClient();
  return useMutation<Order, ApiError | Error, string>({
    mutationFn: cancelOrder,
    retry: false,
    onSuccess: (order) => applyOrderReply(queryClient, order),
  });
}
