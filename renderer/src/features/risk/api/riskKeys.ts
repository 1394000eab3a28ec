import type { RiskScope } from '../../../../../shared/contract';

/** The scope of a limits query as a key part: "account:paper" or "bot:ma-1". */
export function scopeKey(scope: RiskScope): string {
  return 'accountId' in scope ? `account:${scope.accountId}` : `bot:${scope.botId}`;
}

/** Every query key of the risk feature (status per account, limits per scope, groups) comes from here. */
export const riskKeys = {
  all: ['risk'] as const,
  statuses: () => [...riskKeys.all, 'status'] as const,
  status: (accountId: string) => [...riskKeys.statuses(), accountId] as const,
  limitsAll: () => [...riskKeys.all, 'limits'] as const,
  limits: (scope: RiskScope) => [...riskKeys.limitsAll(), scopeKey(scope)] as const,
  groups: () => [...riskKeys.all, 'groups'] as const,
};
