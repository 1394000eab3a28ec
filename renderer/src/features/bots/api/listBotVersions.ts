import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../api';
import { botKeys } from './botKeys';

export const botVersionsQueryOptions = (botId: string) =>
  queryOptions({
    queryKey: botKeys.versions(botId),
    queryFn: () => api.invoke('bots.versions', { botId }),
  });

/** Every saved version of a bot, newest first (what changed, who, when). */
export function useBotVersions(botId: string) {
  return useQuery(botVersionsQueryOptions(botId));
}
