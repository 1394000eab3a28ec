import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { BotConfigInput, BotDetail } from '../../../../../shared/contract';
import { api, type ApiError } from '../../../api';
import { setBotDetail } from './getBot';

export interface SaveBotInput {
  /** Absent: create a new bot; present: save a new version of it. */
  botId?: string;
  config: BotConfigInput;
}

/** Create a bot, or save a new version of one. Refusals come back field by field (ApiError.fields). */
export function saveBot({ botId, config }: SaveBotInput): Promise<BotDetail> {
  return botId ? api.invoke('bots.update', { botId, config }) : api.invoke('bots.create', config);
}

export function useSaveBot() {
  const queryClient = useQueryClient();
  return useMutation<BotDetail, ApiError | Error, SaveBotInput>({
    mutationFn: saveBot,
    retry: false,
    onSuccess: (detail) => setBotDetail(queryClient, detail),
  });
}
