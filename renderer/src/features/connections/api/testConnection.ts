import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ConnectionTest } from '../../../../../shared/contract';
import { api, type ApiError } from '../../../api';
import { connectionsQueryOptions } from './listConnections';

/**
 * Asks the venue for the account and its buying power with the saved key. The result is
 * folded into the row at once; connections.changed brings the engine's own record right after.
 */
export function useTestConnection() {
  const queryClient = useQueryClient();
  return useMutation<ConnectionTest, ApiError | Error, string>({
    mutationFn: (id) => api.invoke('connections.test', { id }),
    retry: false,
    onSuccess: (test, id) =>
      queryClient.setQueryData(connectionsQueryOptions().queryKey, (list) =>
        list?.map((c) => (c.id === id ? { ...c, lastTest: test, status: test.ok ? 'connected' : 'error' } : c)),
      ),
  });
}
