import type { SecretVault } from './vault';

/** Secrets in memory only: they are gone when the app quits. The fallback when nothing safer exists. */
export class SessionVault implements SecretVault {
  readonly kind = 'session' as const;
  readonly persistent = false;
  private readonly entries = new Map<string, string>();

  async set(account: string, secret: string): Promise<void> {
    this.entries.set(account, secret);
  }

  async get(account: string): Promise<string | null> {
    return this.entries.get(account) ?? null;
  }

  async delete(account: string): Promise<boolean> {
    return this.entries.delete(account);
  }

  async list(): Promise<string[]> {
    return [...this.entries.keys()];
  }
}
