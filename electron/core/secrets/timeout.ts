/**
 * Rejects with `onTimeout()` if `work` has not settled after `ms`. The work itself keeps
 * running (a native keychain call cannot be cancelled); only the caller stops waiting.
 */
export function withTimeout<T>(work: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
