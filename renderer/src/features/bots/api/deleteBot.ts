import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { BotSummary } from '../../../../../shared/contract';
import { api, type ApiError } from '../../../api';
import { botKeys } from './botKeys';
import { botsQueryOptions } from './listBots';

export function deleteBot(botId: string): Promise<{ deleted: true }> {
  return api.invoke('bots.delete', { botId });
}

/** Delete a stopped bot (the engine refuses a running one and says why). */
export function useDeleteBot() {
  const queryClient = useQueryClient();
  return useMutation<{ deleted: true }, ApiError | Error, string>({
    mutationFn: deleteBot,
    retry: false,
    onSuccess: (_reply, botId) => {
      queryClient.setQueryData<BotSummary[]>(botsQueryOptions().queryKey, (list) => list?.filter((bot) => bot.id !== botId));
      queryClient.removeQueries({ queryKey: botKeys.detail(botId) });
      queryClient.removeQueries({ queryKey: botKeys.decisionsOf(botId) });
    },
  });
}
