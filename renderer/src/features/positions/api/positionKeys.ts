/** Every query key of the positions feature (one list per trading account) comes from here. */
export const positionKeys = {
  all: ['positions'] as const,
  lists: () => [...positionKeys.all, 'list'] as const,
  list: (accountId: string) => [...positionKeys.lists(), accountId] as const,
};
