import type { Logger } from '../log/logger';
import type { Db } from '../store/database';
import { CipherVault } from './cipherVault';
import { openKeytarVault, type KeytarModule } from './keytarVault';
import { SessionVault } from './sessionVault';
import type { BlobCipher, VaultChoice } from './vault';

/** safeStorage backends that encrypt with a key anyone can read: persisting through them protects nothing. */
const UNSAFE_CIPHER_BACKENDS = new Set(['basic_text', 'unknown', '']);

export interface ChooseVaultOptions {
  keytarService: string;
  /** Electron's safeStorage, from the main process; absent under plain Node. */
  cipher?: BlobCipher;
  /** Needed by the safeStorage vault, which keeps its encrypted blobs in the workstation database. */
  db?: Db;
  log: Logger;
  /** Tests: simulate a missing or broken keytar. */
  loadKeytar?: () => Promise<KeytarModule>;
  probeTimeoutMs?: number;
}

/**
 * Picks where secrets live: the OS keychain if keytar loads and a keychain answers; else
 * Electron's safeStorage unless it would fall back to plain text; else memory only, with a
 * reason the user can read. Never throws: a machine without a keychain still trades paper.
 */
export async function chooseVault(opts: ChooseVaultOptions): Promise<VaultChoice> {
  const keytar = await openKeytarVault({ service: opts.keytarService, load: opts.loadKeytar, probeTimeoutMs: opts.probeTimeoutMs });
  if (keytar.ok) {
    opts.log.info('secrets: using the OS keychain', { service: opts.keytarService });
    return { vault: keytar.vault, reason: null };
  }
  const why = [keytar.reason];

  const cipher = await usableCipher(opts.cipher, opts.db);
  if (cipher.ok) {
    opts.log.info('secrets: using safeStorage', { backend: cipher.backend, keytar: keytar.reason });
    return { vault: new CipherVault(cipher.db, cipher.cipher, opts.keytarService), reason: null };
  }
  why.push(cipher.reason);

  const reason = `No OS keychain is available (${why.join('; ')}); keys are kept only until you quit.`;
  opts.log.warn('secrets: session-only vault', { reason });
  return { vault: new SessionVault(), reason };
}

type CipherCheck = { ok: true; cipher: BlobCipher; db: Db; backend: string } | { ok: false; reason: string };

async function usableCipher(cipher: BlobCipher | undefined, db: Db | undefined): Promise<CipherCheck> {
  if (!cipher) return { ok: false, reason: 'safeStorage is not available outside the Electron app' };
  if (!db) return { ok: false, reason: 'safeStorage has no database to keep its encrypted keys in' };
  let backend: string;
  try {
    backend = cipher.backend();
    if (cipher.isAvailable && !(await cipher.isAvailable())) return { ok: false, reason: 'safeStorage says encryption is not available' };
  } catch (err) {
    return { ok: false, reason: `safeStorage failed: ${(err instanceof Error ? err.message : String(err)).slice(0, 200)}` };
  }
  if (UNSAFE_CIPHER_BACKENDS.has(backend)) {
    return { ok: false, reason: `safeStorage would use "${backend || 'no'}" encryption, which does not protect the keys` };
  }
  return { ok: true, cipher, db, backend };
}
