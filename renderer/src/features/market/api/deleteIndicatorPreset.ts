import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api';
import { indicatorPresetsQueryOptions } from './listIndicatorPresets';

export function useDeleteIndicatorPreset() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => api.invoke('chart.presets.delete', { name }),
    onSuccess: (_deleted, name) =>
      queryClient.setQueryData(indicatorPresetsQueryOptions().queryKey, (list) => list?.filter((p) => p.name !== name)),
  });
}
