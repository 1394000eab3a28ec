import { queryOptions, useQuery, type QueryClient } from '@tanstack/react-query';
import type { BotDetail, BotSummary } from '../../../../../shared/contract';
import { api } from '../../../api';
import { botKeys } from './botKeys';

/** Every bot with status, P&L, positions and last decision; kept current by bots.changed. */
export const botsQueryOptions = () =>
  queryOptions({
    queryKey: botKeys.list(),
    queryFn: () => api.invoke('bots.list', {}),
    staleTime: Infinity,
  });

export function useBots() {
  return useQuery(botsQueryOptions());
}

/**
 * bots.changed carries every bot's summary: it replaces the list, refreshes the summary of
 * each cached bot detail, drops details of bots that are gone, and has the bots' own
 * orders and the ticket's holdings read again (a changed position or P&L means an order moved).
 */
export function setBots(queryClient: QueryClient, bots: BotSummary[]): void {
  queryClient.setQueryData(botsQueryOptions().queryKey, bots);
  const byId = new Map(bots.map((bot) => [bot.id, bot]));
  for (const [key, detail] of queryClient.getQueriesData<BotDetail>({ queryKey: botKeys.details() })) {
    if (!detail) continue;
    const summary = byId.get(detail.summary.id);
    if (summary) queryClient.setQueryData<BotDetail>(key, { ...detail, summary });
    else queryClient.removeQueries({ queryKey: key, exact: true });
  }
  void queryClient.invalidateQueries({ queryKey: botKeys.orderLists() });
  void queryClient.invalidateQueries({ queryKey: botKeys.holdings() });
}

/** A bot from a reply (create, update, start ...) folded into the cached list. */
export function upsertBotSummary(queryClient: QueryClient, summary: BotSummary): void {
  queryClient.setQueryData<BotSummary[]>(botsQueryOptions().queryKey, (list) => {
    if (!list) return list;
    return list.some((bot) => bot.id === summary.id) ? list.map((bot) => (bot.id === summary.id ? summary : bot)) : [...list, summary];
  });
}
