/** Every query key of the training feature comes from here. */
export const trainingKeys = {
  all: ['training'] as const,
  strategies: () => [...trainingKeys.all, 'strategies'] as const,
  runs: () => [...trainingKeys.all, 'runs'] as const,
  runDetails: () => [...trainingKeys.all, 'run'] as const,
  run: (runId: string) => [...trainingKeys.runDetails(), runId] as const,
  trial: (runId: string, trialId: string) => [...trainingKeys.all, 'trial', runId, trialId] as const,
  progress: (runId: string) => [...trainingKeys.all, 'progress', runId] as const,
  bots: () => [...trainingKeys.all, 'bots'] as const,
};
