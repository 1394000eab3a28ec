import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { BotDetail } from '../../../../../shared/contract';
import { api, type ApiError } from '../../../api';
import { setBotDetail } from './getBot';

export function duplicateBot(botId: string): Promise<BotDetail> {
  return api.invoke('bots.duplicate', { botId });
}

/** Copy a bot (stopped, version 1). */
export function useDuplicateBot() {
  const queryClient = useQueryClient();
  return useMutation<BotDetail, ApiError | Error, string>({
    mutationFn: duplicateBot,
    retry: false,
    onSuccess: (detail) => setBotDetail(queryClient, detail),
  });
}
