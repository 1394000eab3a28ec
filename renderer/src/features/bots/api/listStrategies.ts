import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../api';
import { botKeys } from './botKeys';

/** The strategies bots can run, with their parameters' valid ranges. They do not change while the app runs. */
export const strategiesQueryOptions = () =>
  queryOptions({
    queryKey: botKeys.strategies(),
    queryFn: () => api.invoke('bots.strategies', {}),
    staleTime: Infinity,
  });

export function useStrategies() {
  return useQuery(strategiesQueryOptions());
}
