import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../api';
import { marketKeys } from './marketKeys';

export const indicatorPresetsQueryOptions = () =>
  queryOptions({
    queryKey: marketKeys.presets(),
    queryFn: () => api.invoke('chart.presets.list', {}),
    staleTime: Infinity,
    retry: 1,
  });

export function useIndicatorPresets(enabled = true) {
  return useQuery({ ...indicatorPresetsQueryOptions(), enabled });
}
