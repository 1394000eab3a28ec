import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ModifyOrderInput, Order } from '../../../../../shared/contract';
import { api, type ApiError } from '../../../api';
import { applyOrderReply } from './listOrders';

export function modifyOrder(input: ModifyOrderInput): Promise<Order> {
  return api.invoke('orders.modify', input);
}

/** Changes a working order's quantity or prices (where the venue allows it). Never retried. */
export function useModifyOrder() {
  const queryClient = useQueryClient();
  return useMutation<Order, ApiError | Error, ModifyOrderInput>({
    mutationFn: modifyOrder,
    retry: false,
    onSuccess: (order) => applyOrderReply(queryClient, order),
  });
}
