/**
 * Where exchange secrets live. The engine talks only to this port; the adapters are the
 * OS keychain (keytar), Electron's safeStorage (an encrypted blob in SQLite, cipher
 * supplied by the main process) and a memory-only session vault when neither is safe.
 */
export type VaultKind = 'keychain' | 'safeStorage' | 'session';

export interface SecretVault {
  readonly kind: VaultKind;
  /** False when secrets are lost on quit (the session vault). */
  readonly persistent: boolean;
  set(account: string, secret: string): Promise<void>;
  get(account: string): Promise<string | null>;
  /** True if something was deleted. */
  delete(account: string): Promise<boolean>;
  /** Account names (never secrets) stored under this vault's service. */
  list(): Promise<string[]>;
}

/**
 * Encrypts strings for the safeStorage vault. The engine cannot import 'electron', so
 * the main process builds one on `safeStorage` and passes it in (see safeStorageCipher.md).
 */
export interface BlobCipher {
  encrypt(plain: string): Promise<Buffer>;
  decrypt(buf: Buffer): Promise<string>;
  /**
   * The protection behind the cipher: on Linux `safeStorage.getSelectedStorageBackend()`
   * ('gnome_libsecret', 'kwallet5', ..., or 'basic_text' which protects nothing), on macOS
   * and Windows a fixed label such as 'macos_keychain' / 'windows_dpapi'.
   */
  backend(): string;
  /** Optional: `safeStorage.isAsyncEncryptionAvailable()`. Absent means assumed available. */
  isAvailable?(): Promise<boolean>;
}

/** The vault in use, and in words why secrets are not persistent when they are not. */
export interface VaultChoice {
  vault: SecretVault;
  reason: string | null;
}

/** A vault operation failed (keychain locked, D-Bus gone, decryption failed). The message is safe to show. */
export class VaultError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'VaultError';
  }
}

/** The service name keychain entries are filed under; tests pass a unique one. */
export const DEFAULT_VAULT_SERVICE = 'TradingWorkstation';
