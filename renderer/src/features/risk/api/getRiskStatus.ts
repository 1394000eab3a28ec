import { queryOptions, useQuery, type QueryClient } from '@tanstack/react-query';
import type { RiskStatus } from '../../../../../shared/contract';
import { api } from '../../../api';
import { riskKeys } from './riskKeys';

/**
 * Equity, drawdown and exposure move with prices between the engine's risk.changed events
 * (it pushes on fills, orders, state and kill-switch changes): the Risk view reads again this
 * often while it is open.
 */
export const RISK_VIEW_REFRESH_MS = 5_000;

export const riskStatusQueryOptions = (accountId: string) =>
  queryOptions({
    queryKey: riskKeys.status(accountId),
    queryFn: () => api.invoke('risk.status', { accountId }),
    // Kept current by risk.changed (one per account); refetched after a reconnect.
    staleTime: Infinity,
  });

/** Trading state, kill switch, drawdown, limit usage and recent denials of one account. */
export function useRiskStatus(accountId: string, options: { live?: boolean } = {}) {
  return useQuery({ ...riskStatusQueryOptions(accountId), refetchInterval: options.live ? RISK_VIEW_REFRESH_MS : false });
}

/** A risk.changed payload or a reply carrying a status: it replaces that account's cache. */
export function setRiskStatus(queryClient: QueryClient, status: RiskStatus): void {
  queryClient.setQueryData(riskStatusQueryOptions(status.accountId).queryKey, status);
}

/** The kill switch is one for every account: after it changes, every cached status is read again. */
export function invalidateRiskStatuses(queryClient: QueryClient): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: riskKeys.statuses() });
}
