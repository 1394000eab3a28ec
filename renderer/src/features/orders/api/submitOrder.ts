import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Order, SubmitOrderInput } from '../../../../../shared/contract';
import { api, type ApiError } from '../../../api';
import { applyOrderReply } from './listOrders';

export function submitOrder(input: SubmitOrderInput): Promise<Order> {
  return api.invoke('orders.submit', input);
}

/**
 * Never retried: a submission whose reply was lost may still have reached the engine, and
 * a second one would be a second order. The user sees the error and decides.
 */
export function useSubmitOrder() {
  const queryClient = useQueryClient();
  return useMutation<Order, ApiError | Error, SubmitOrderInput>({
    mutationFn: submitOrder,
    retry: false,
    onSuccess: (order) => applyOrderReply(queryClient, order),
  });
}
