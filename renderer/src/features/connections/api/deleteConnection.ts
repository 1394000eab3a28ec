import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, type ApiError } from '../../../api';
import { removeConnection } from './listConnections';

/** Deletes the connection and its key from the vault. */
export function useDeleteConnection() {
  const queryClient = useQueryClient();
  return useMutation<{ deleted: true }, ApiError | Error, string>({
    mutationFn: (id) => api.invoke('connections.delete', { id }),
    retry: false,
    onSuccess: (_reply, id) => removeConnection(queryClient, id),
  });
}
