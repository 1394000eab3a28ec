export const sessionKeys = {
  all: ['session'] as const,
  info: () => [...sessionKeys.all, 'info'] as const,
};
