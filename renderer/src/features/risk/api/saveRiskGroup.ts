import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { RiskGroup } from '../../../../../shared/contract';
import { api, type ApiError } from '../../../api';
import { upsertRiskGroup } from './listRiskGroups';
import { riskKeys } from './riskKeys';

export interface SaveGroupInput {
  id?: string;
  name: string;
  kind: RiskGroup['kind'];
  symbols: string[];
  maxGrossNotional: string | null;
}

export function saveRiskGroup(input: SaveGroupInput): Promise<RiskGroup> {
  return api.invoke('risk.groups.save', input);
}

/** Creates or changes a group; the engine refuses unknown symbols and taken names. */
export function useSaveRiskGroup() {
  const queryClient = useQueryClient();
  return useMutation<RiskGroup, ApiError | Error, SaveGroupInput>({
    mutationFn: saveRiskGroup,
    retry: false,
    onSuccess: (group) => {
      upsertRiskGroup(queryClient, group);
      // A group's limit shows as a usage bar.
      void queryClient.invalidateQueries({ queryKey: riskKeys.statuses() });
    },
  });
}
