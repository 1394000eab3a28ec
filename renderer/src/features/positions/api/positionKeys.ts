export const positionKeys = {
  all: ['positions'] as const,
  list: () => [...positionKeys.all, 'list'] as const,
};
