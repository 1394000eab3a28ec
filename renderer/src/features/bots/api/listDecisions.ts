import { queryOptions, useQuery, type QueryClient } from '@tanstack/react-query';
import type { Decision } from '../../../../../shared/contract';
import { api } from '../../../api';
import { botKeys } from './botKeys';

/** Decisions the log keeps on screen (newest first); older ones are in the export. */
export const DECISION_PAGE = 200;
const KEEP = 1_000;

interface DecisionPage {
  decisions: Decision[];
  nextBefore: number | null;
}

export const decisionsQueryOptions = (botId: string, blockedOnly: boolean) =>
  queryOptions({
    queryKey: botKeys.decisions(botId, blockedOnly),
    queryFn: (): Promise<DecisionPage> => api.invoke('bots.decisions', { botId, blockedOnly, limit: DECISION_PAGE }),
    // New decisions arrive with bots.decision; refetched after a reconnect.
    staleTime: Infinity,
  });

export function useDecisions(botId: string, blockedOnly: boolean) {
  return useQuery(decisionsQueryOptions(botId, blockedOnly));
}

/**
 * bots.decision (oldest first) prepended to every cached log of the deciding bot; the
 * blocked-only log takes only the blocked ones. Already known ids are skipped (a refetch
 * may have raced the event).
 */
export function applyDecisions(queryClient: QueryClient, decisions: readonly Decision[]): void {
  const byBot = new Map<string, Decision[]>();
  for (const decision of decisions) {
    const list = byBot.get(decision.botId);
    if (list) list.push(decision);
    else byBot.set(decision.botId, [decision]);
  }
  for (const [botId, added] of byBot) {
    const newestFirst = [...added].reverse();
    for (const blockedOnly of [false, true]) {
      queryClient.setQueryData<DecisionPage>(botKeys.decisions(botId, blockedOnly), (page) => {
        if (!page) return page;
        const known = new Set(page.decisions.map((d) => d.id));
        const fresh = newestFirst.filter((d) => !known.has(d.id) && (!blockedOnly || d.blockedBy !== null));
        if (fresh.length === 0) return page;
        return { ...page, decisions: [...fresh, ...page.decisions].slice(0, KEEP) };
      });
    }
  }
}
