import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ConnectionInfo } from '../../../../../shared/contract';
import { api, type ApiError } from '../../../api';
import { upsertConnection } from './listConnections';

export function useRenameConnection() {
  const queryClient = useQueryClient();
  return useMutation<ConnectionInfo, ApiError | Error, { id: string; name: string }>({
    mutationFn: (input) => api.invoke('connections.rename', input),
    retry: false,
    onSuccess: (connection) => upsertConnection(queryClient, connection),
  });
}
