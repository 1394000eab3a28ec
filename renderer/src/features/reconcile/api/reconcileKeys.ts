/** Every query key of the reconciliation feature comes from here. */
export const reconcileKeys = {
  all: ['reconcile'] as const,
  issueLists: () => [...reconcileKeys.all, 'issues'] as const,
  issues: (includeClosed: boolean) => [...reconcileKeys.issueLists(), includeClosed ? 'all' : 'open'] as const,
};
