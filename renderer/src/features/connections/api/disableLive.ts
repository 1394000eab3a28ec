import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ConnectionInfo } from '../../../../../shared/contract';
import { api, type ApiError } from '../../../api';
import { upsertConnection } from './listConnections';

/** The safe direction: no confirmation needed. */
export function useDisableLive() {
  const queryClient = useQueryClient();
  return useMutation<ConnectionInfo, ApiError | Error, string>({
    mutationFn: (id) => api.invoke('connections.disableLive', { id }),
    retry: false,
    onSuccess: (connection) => upsertConnection(queryClient, connection),
  });
}
