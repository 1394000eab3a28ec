import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { AddConnectionInput, ConnectionInfo } from '../../../../../shared/contract';
import { api, type ApiError } from '../../../api';
import { upsertConnection } from './listConnections';

export type AddOutcome = { ok: true; connection: ConnectionInfo } | { ok: false; error: ApiError | Error };

/**
 * Tests the credentials at the venue and saves them if they work. The input carries the
 * secret, so it must not linger: the mutation is never retried, is dropped from the
 * mutation cache as soon as nobody observes it (gcTime 0), and the observer is reset as
 * soon as it settles, which lets go of its `variables`. The caller keeps only the outcome,
 * which the engine masks (last four characters of the key, nothing of the secret).
 */
export function useAddConnection() {
  const queryClient = useQueryClient();
  const mutation = useMutation<ConnectionInfo, ApiError | Error, AddConnectionInput>({
    mutationFn: (input) => api.invoke('connections.add', input),
    retry: false,
    gcTime: 0,
    onSuccess: (connection) => upsertConnection(queryClient, connection),
  });
  const { mutateAsync, reset } = mutation;

  const add = async (input: AddConnectionInput): Promise<AddOutcome> => {
    try {
      return { ok: true, connection: await mutateAsync(input) };
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error : new Error(String(error)) };
    } finally {
      reset();
    }
  };

  return { add, isPending: mutation.isPending };
}
