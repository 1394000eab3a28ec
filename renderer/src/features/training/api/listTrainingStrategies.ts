import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../api';
import { trainingKeys } from './trainingKeys';

export const trainingStrategiesQueryOptions = () =>
  queryOptions({ queryKey: trainingKeys.strategies(), queryFn: () => api.invoke('training.strategies', {}), staleTime: Infinity });

/** The strategies that can be trained, with their parameter specs. */
export function useTrainingStrategies() {
  return useQuery(trainingStrategiesQueryOptions());
}
