export const accountKeys = {
  all: ['account'] as const,
  summary: () => [...accountKeys.all, 'summary'] as const,
};
