/** What a report covers: an account, or one bot's or one symbol's slice of it. */
export interface PortfolioScope {
  accountId: string;
  botId: string | null;
  symbol: string | null;
}

/** Every query key of the portfolio feature comes from here. */
export const portfolioKeys = {
  all: ['portfolio'] as const,
  reports: () => [...portfolioKeys.all, 'report'] as const,
  report: (scope: PortfolioScope) => [...portfolioKeys.reports(), scope.accountId, scope.botId ?? '*', scope.symbol ?? '*'] as const,
};
