import { useQuery } from '@tanstack/react-query';
import { api } from '../../../api';
import { trainingKeys } from './trainingKeys';

/** The bots a trial's params can be applied to. */
export function useBotsForTraining() {
  return useQuery({ queryKey: trainingKeys.bots(), queryFn: () => api.invoke('bots.list', {}), staleTime: 10_000 });
}
