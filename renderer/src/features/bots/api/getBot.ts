import { queryOptions, useQuery, type QueryClient } from '@tanstack/react-query';
import type { BotDetail } from '../../../../../shared/contract';
import { api } from '../../../api';
import { botKeys } from './botKeys';
import { upsertBotSummary } from './listBots';

/** One bot's summary and current configuration (the summary follows bots.changed). */
export const botQueryOptions = (botId: string) =>
  queryOptions({
    queryKey: botKeys.detail(botId),
    queryFn: () => api.invoke('bots.get', { botId }),
    staleTime: Infinity,
  });

export function useBot(botId: string | null) {
  return useQuery({ ...botQueryOptions(botId ?? ''), enabled: botId !== null });
}

/** A detail from a reply (create, update, duplicate) into the cache. */
export function setBotDetail(queryClient: QueryClient, detail: BotDetail): void {
  queryClient.setQueryData(botQueryOptions(detail.summary.id).queryKey, detail);
  upsertBotSummary(queryClient, detail.summary);
  void queryClient.invalidateQueries({ queryKey: botKeys.versions(detail.summary.id) });
}
