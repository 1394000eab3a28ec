import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../api';
import { portfolioKeys, type PortfolioScope } from './portfolioKeys';

/**
 * No event carries the report (it is computed from the books on request), so the view reads
 * it again this often while it is open: P&L follows prices, the curve gains a point a minute.
 */
export const PORTFOLIO_REFRESH_MS = 5_000;

export const portfolioReportQueryOptions = (scope: PortfolioScope) =>
  queryOptions({
    queryKey: portfolioKeys.report(scope),
    queryFn: () =>
      api.invoke('portfolio.report', {
        accountId: scope.accountId,
        ...(scope.botId ? { botId: scope.botId } : {}),
        ...(scope.symbol ? { symbol: scope.symbol } : {}),
      }),
    staleTime: PORTFOLIO_REFRESH_MS,
  });

/** Equity curve, P&L, metrics, exposure and correlations of the scope, kept fresh while shown. */
export function usePortfolioReport(scope: PortfolioScope) {
  return useQuery({
    ...portfolioReportQueryOptions(scope),
    refetchInterval: PORTFOLIO_REFRESH_MS,
    // Switching scope keeps the last report on screen until the new one arrives.
    placeholderData: keepPreviousData,
  });
}
