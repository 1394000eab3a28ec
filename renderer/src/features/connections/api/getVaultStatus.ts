import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../api';
import { connectionKeys } from './connectionKeys';

export const vaultStatusQueryOptions = () =>
  queryOptions({
    queryKey: connectionKeys.vaultStatus(),
    queryFn: () => api.invoke('vault.status', {}),
    // Chosen once when the engine starts; a reconnect (maybe to a restarted engine) refetches it.
    staleTime: Infinity,
  });

export function useVaultStatus() {
  return useQuery(vaultStatusQueryOptions());
}
