import { withTimeout } from './timeout';
import { VaultError, type SecretVault } from './vault';

/** The part of keytar we use (its own typings are not needed at build time: it is optional). */
export interface KeytarModule {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
}

const KEYTAR_FUNCTIONS = ['getPassword', 'setPassword', 'deletePassword', 'findCredentials'] as const;

function isKeytarModule(m: unknown): m is KeytarModule {
  return typeof m === 'object' && m !== null && KEYTAR_FUNCTIONS.every((f) => typeof (m as Record<string, unknown>)[f] === 'function');
}

/**
 * Loads keytar. It is an optional native dependency: it may be missing, built for another
 * ABI, or unable to find libsecret; every one of those ends as a rejected promise here.
 */
export async function importKeytar(): Promise<KeytarModule> {
  // A variable specifier keeps bundlers and the type-checker from requiring keytar to exist.
  const specifier = 'keytar';
  const mod: unknown = await import(specifier);
  const candidates = [mod, (mod as { default?: unknown } | null)?.default];
  const found = candidates.find(isKeytarModule);
  if (!found) throw new Error('the keytar module does not export the expected functions');
  return found;
}

export interface KeytarVaultOptions {
  /** Keychain service name; entries are filed under it. Tests use a unique one. */
  service: string;
  /** Replaceable so tests can simulate a missing or broken keytar. */
  load?: () => Promise<KeytarModule>;
  /** How long the "does a keychain answer" probe may take (default 3 s). */
  probeTimeoutMs?: number;
  /** How long a read or write may take; a desktop prompt may be waiting for the user (default 60 s). */
  callTimeoutMs?: number;
}

export type KeytarOpenResult = { ok: true; vault: KeytarVault } | { ok: false; reason: string };

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 200);

/**
 * Opens the OS keychain vault if keytar loads and a keychain answers. On Linux keytar loads
 * fine without a Secret Service on D-Bus and only fails on first use, hence the probe. The
 * probe looks up a service of its own so it never reads the user's real entries.
 */
export async function openKeytarVault(opts: KeytarVaultOptions): Promise<KeytarOpenResult> {
  let keytar: KeytarModule;
  try {
    keytar = await (opts.load ?? importKeytar)();
  } catch (err) {
    return { ok: false, reason: `keytar could not be loaded: ${messageOf(err)}` };
  }
  const probeMs = opts.probeTimeoutMs ?? 3_000;
  try {
    await withTimeout(keytar.findCredentials(`${opts.service}.probe`), probeMs, () => new Error(`no answer within ${probeMs} ms`));
  } catch (err) {
    return { ok: false, reason: `no keychain answered: ${messageOf(err)}` };
  }
  return { ok: true, vault: new KeytarVault(keytar, opts.service, opts.callTimeoutMs ?? 60_000) };
}

/** Secrets in the OS keychain (macOS Keychain, Windows Credential Vault, Secret Service on Linux). */
export class KeytarVault implements SecretVault {
  readonly kind = 'keychain' as const;
  readonly persistent = true;

  constructor(
    private readonly keytar: KeytarModule,
    readonly service: string,
    private readonly callTimeoutMs: number,
  ) {}

  set(account: string, secret: string): Promise<void> {
    return this.call('save the key to', () => this.keytar.setPassword(this.service, account, secret));
  }

  get(account: string): Promise<string | null> {
    return this.call('read the key from', () => this.keytar.getPassword(this.service, account));
  }

  delete(account: string): Promise<boolean> {
    return this.call('delete the key from', () => this.keytar.deletePassword(this.service, account));
  }

  async list(): Promise<string[]> {
    const found = await this.call('list the keys in', () => this.keytar.findCredentials(this.service));
    return found.map((c) => c.account);
  }

  private async call<T>(what: string, work: () => Promise<T>): Promise<T> {
    try {
      return await withTimeout(work(), this.callTimeoutMs, () => new Error(`no answer within ${Math.round(this.callTimeoutMs / 1000)} s`));
    } catch (err) {
      // keytar's messages name the failing D-Bus or OS call, never the secret.
      throw new VaultError(`Could not ${what} the OS keychain: ${messageOf(err)}`, { cause: err });
    }
  }
}
