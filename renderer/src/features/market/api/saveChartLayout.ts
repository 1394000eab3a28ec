import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ChartLayout } from '../../../../../shared/contract';
import { api } from '../../../api';
import { chartLayoutQueryOptions } from './getChartLayout';

export function useSaveChartLayout(key: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (layout: ChartLayout) => api.invoke('chart.layout.save', { key, layout }),
    onSuccess: (saved) => queryClient.setQueryData(chartLayoutQueryOptions(key).queryKey, saved),
  });
}
