import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { IndicatorPreset } from '../../../../../shared/contract';
import { api } from '../../../api';
import { indicatorPresetsQueryOptions } from './listIndicatorPresets';

/** Saves (or overwrites, by name) a preset; the list stays sorted by name as the engine sorts it. */
export function useSaveIndicatorPreset() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (preset: IndicatorPreset) => api.invoke('chart.presets.save', preset),
    onSuccess: (saved) =>
      queryClient.setQueryData(indicatorPresetsQueryOptions().queryKey, (list) =>
        [...(list ?? []).filter((p) => p.name !== saved.name), saved].sort((a, b) =>
          a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }),
        ),
      ),
  });
}
