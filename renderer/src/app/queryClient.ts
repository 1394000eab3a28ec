import { QueryClient } from '@tanstack/react-query';
import { isApiError } from '../api';

/**
 * Reads retry only when the failure can pass (engine unreachable, rate limited); a
 * BAD_REQUEST or NOT_FOUND will not change by asking again. Mutations never retry.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // The engine is on this machine: "offline" in the browser's sense means nothing here.
        networkMode: 'always',
        refetchOnWindowFocus: false,
        retry: (failureCount, error) => (isApiError(error) ? error.isTransient && failureCount < 6 : failureCount < 1),
        retryDelay: (attempt) => Math.min(500 * 2 ** attempt, 8_000),
      },
      mutations: { networkMode: 'always', retry: false },
    },
  });
}
