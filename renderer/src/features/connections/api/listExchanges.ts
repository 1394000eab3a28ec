import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../api';
import { connectionKeys } from './connectionKeys';

/** ccxt's exchanges the form can take. Loaded only when the user picks "crypto exchange": it is a long list. */
export const exchangesQueryOptions = () =>
  queryOptions({
    queryKey: connectionKeys.exchanges(),
    queryFn: () => api.invoke('connections.exchanges', {}),
    // The list comes from the ccxt build in the engine: it does not change while the app runs.
    staleTime: Infinity,
    gcTime: Infinity,
  });

export function useExchanges(enabled: boolean) {
  return useQuery({ ...exchangesQueryOptions(), enabled });
}
