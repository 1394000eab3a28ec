import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ConnectionInfo } from '../../../../../shared/contract';
import { api, type ApiError } from '../../../api';
import { upsertConnection } from './listConnections';

/** The deliberate act: the engine checks the typed name again and is the one that decides. */
export function useEnableLive() {
  const queryClient = useQueryClient();
  return useMutation<ConnectionInfo, ApiError | Error, { id: string; confirmName: string }>({
    mutationFn: (input) => api.invoke('connections.enableLive', input),
    retry: false,
    onSuccess: (connection) => upsertConnection(queryClient, connection),
  });
}
