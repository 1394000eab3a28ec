import type { Db } from '../store/database';
import { VaultError, type BlobCipher, type SecretVault } from './vault';

/**
 * Secrets encrypted by Electron's safeStorage (the OS protects the key) and stored as
 * blobs in the workstation database. Only ciphertext ever reaches the disk.
 */
export class CipherVault implements SecretVault {
  readonly kind = 'safeStorage' as const;
  readonly persistent = true;

  constructor(
    private readonly db: Db,
    private readonly cipher: BlobCipher,
    readonly service: string,
  ) {}

  async set(account: string, secret: string): Promise<void> {
    let blob: Buffer;
    try {
      blob = await this.cipher.encrypt(secret);
    } catch (err) {
      throw new VaultError(`Could not encrypt the key with the system's safe storage: ${messageOf(err)}`, { cause: err });
    }
    this.db
      .prepare(
        `INSERT INTO vault_blobs (service, account, blob, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (service, account) DO UPDATE SET blob = excluded.blob, updated_at = excluded.updated_at`,
      )
      .run(this.service, account, blob, Date.now());
  }

  async get(account: string): Promise<string | null> {
    const row = this.db.prepare('SELECT blob FROM vault_blobs WHERE service = ? AND account = ?').get(this.service, account) as
      | { blob: Buffer }
      | undefined;
    if (!row) return null;
    try {
      return await this.cipher.decrypt(row.blob);
    } catch (err) {
      throw new VaultError(`Could not decrypt the stored key (the system's safe storage key may have changed): ${messageOf(err)}`, {
        cause: err,
      });
    }
  }

  async delete(account: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM vault_blobs WHERE service = ? AND account = ?').run(this.service, account).changes > 0;
  }

  async list(): Promise<string[]> {
    const rows = this.db.prepare('SELECT account FROM vault_blobs WHERE service = ? ORDER BY account').all(this.service) as Array<{
      account: string;
    }>;
    return rows.map((r) => r.account);
  }
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 200);
