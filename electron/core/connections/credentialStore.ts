import type { Redactor } from '../log/logger';
import type { SecretVault } from '../secrets/vault';
import { vaultAccountOf, type Credentials } from './types';

/**
 * Makes the logger blank out every form of a credential it might meet: as typed, and the
 * base64 and hex encodings that end up in auth headers and dumps.
 */
export function registerCredentials(redactor: Redactor, c: { keyId: string; secret: string; passphrase?: string | undefined }): void {
  for (const value of [c.keyId, c.secret, c.passphrase]) {
    if (value === undefined) continue;
    redactor.register(value);
    redactor.register(Buffer.from(value, 'utf8').toString('base64'));
    redactor.register(Buffer.from(value, 'utf8').toString('hex'));
  }
}

/** One JSON blob per connection under `connection:<id>`. */
export function writeCredentials(vault: SecretVault, connectionId: string, c: Credentials): Promise<void> {
  const blob: Credentials = { keyId: c.keyId, secret: c.secret, ...(c.passphrase !== undefined && { passphrase: c.passphrase }) };
  return vault.set(vaultAccountOf(connectionId), JSON.stringify(blob));
}

export type CredentialRead = { ok: true; credentials: Credentials } | { ok: false; missing: boolean; reason: string };

export async function readCredentials(vault: SecretVault, connectionId: string): Promise<CredentialRead> {
  let raw: string | null;
  try {
    raw = await vault.get(vaultAccountOf(connectionId));
  } catch (err) {
    return { ok: false, missing: false, reason: err instanceof Error ? err.message : String(err) };
  }
  if (raw === null) return { ok: false, missing: true, reason: 'not found' };
  const parsed = parseCredentials(raw);
  // Never echo the stored text: it is the secret.
  return parsed ? { ok: true, credentials: parsed } : { ok: false, missing: false, reason: 'the stored entry is not in the expected format' };
}

function parseCredentials(raw: string): Credentials | null {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { keyId, secret, passphrase } = value as Record<string, unknown>;
  if (typeof keyId !== 'string' || typeof secret !== 'string' || keyId === '' || secret === '') return null;
  if (passphrase !== undefined && typeof passphrase !== 'string') return null;
  return { keyId, secret, ...(passphrase !== undefined && { passphrase }) };
}
