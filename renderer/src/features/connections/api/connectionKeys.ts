/** Every query key of the connections feature comes from here. */
export const connectionKeys = {
  all: ['connections'] as const,
  list: () => [...connectionKeys.all, 'list'] as const,
  exchanges: () => [...connectionKeys.all, 'exchanges'] as const,
  vaultStatus: () => [...connectionKeys.all, 'vault-status'] as const,
};
