import { useQuery } from '@tanstack/react-query';
import { api } from '../../../api';
import { trainingKeys } from './trainingKeys';

/** Symbols of the sample source (the bars training reads). */
export function useTrainingSymbols() {
  return useQuery({ queryKey: [...trainingKeys.all, 'symbols'], queryFn: () => api.invoke('market.instruments', {}), staleTime: Infinity, select: (list) => list.map((i) => i.symbol) });
}
