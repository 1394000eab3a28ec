import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { BotSummary } from '../../../../../shared/contract';
import { api, type ApiError } from '../../../api';
import { upsertBotSummary } from './listBots';

export type BotCommand = 'start' | 'stop' | 'pause';

export interface BotCommandInput {
  botId: string;
  command: BotCommand;
  /** Starting a live bot: the user confirmed it trades real money. */
  confirmLive?: boolean;
}

/** Start (or resume), stop or pause a bot. Never retried: the engine decides once. */
export function controlBot({ botId, command, confirmLive }: BotCommandInput): Promise<BotSummary> {
  if (command === 'start') return api.invoke('bots.start', confirmLive ? { botId, confirmLive } : { botId });
  if (command === 'stop') return api.invoke('bots.stop', { botId });
  return api.invoke('bots.pause', { botId });
}

export function useControlBot() {
  const queryClient = useQueryClient();
  return useMutation<BotSummary, ApiError | Error, BotCommandInput>({
    mutationFn: controlBot,
    retry: false,
    onSuccess: (summary) => upsertBotSummary(queryClient, summary),
  });
}
