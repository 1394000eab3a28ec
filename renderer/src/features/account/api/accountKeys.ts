/** Every query key of the account feature (summaries per trading account) comes from here. */
export const accountKeys = {
  all: ['account'] as const,
  summaries: () => [...accountKeys.all, 'summary'] as const,
  summary: (accountId: string) => [...accountKeys.summaries(), accountId] as const,
};
