import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, type ApiError } from '../../../api';
import { removeRiskGroup } from './listRiskGroups';
import { riskKeys } from './riskKeys';

export function deleteRiskGroup(id: string): Promise<{ deleted: true }> {
  return api.invoke('risk.groups.delete', { id });
}

export function useDeleteRiskGroup() {
  const queryClient = useQueryClient();
  return useMutation<{ deleted: true }, ApiError | Error, string>({
    mutationFn: deleteRiskGroup,
    retry: false,
    onSuccess: (_reply, id) => {
      removeRiskGroup(queryClient, id);
      void queryClient.invalidateQueries({ queryKey: riskKeys.statuses() });
    },
  });
}
