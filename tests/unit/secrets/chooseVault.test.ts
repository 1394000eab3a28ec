import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger, Redactor } from '../../../electron/core/log/logger';
import { CipherVault } from '../../../electron/core/secrets/cipherVault';
import { chooseVault } from '../../../electron/core/secrets/chooseVault';
import { openKeytarVault, type KeytarModule } from '../../../electron/core/secrets/keytarVault';
import { SessionVault } from '../../../electron/core/secrets/sessionVault';
import { VaultError, type BlobCipher } from '../../../electron/core/secrets/vault';
import { openDatabase, type Db } from '../../../electron/core/store/database';
import { tempDir } from '../../support/tempDir';

const log = createLogger({ redactor: new Redactor() });
const missingKeytar = () => Promise.reject(new Error("Cannot find package 'keytar'"));

/** Stand-in for Electron's safeStorage: AES-GCM with a key held in memory, reporting the given backend. */
function testCipher(backend: string, available = true): BlobCipher {
  const key = randomBytes(32);
  return {
    backend: () => backend,
    isAvailable: async () => available,
    encrypt: async (plain) => {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decrypt: async (buf) => {
      const d = createDecipheriv('aes-256-gcm', key, buf.subarray(0, 12));
      d.setAuthTag(buf.subarray(12, 28));
      return Buffer.concat([d.update(buf.subarray(28)), d.final()]).toString('utf8');
    },
  };
}

/** A keytar module that keeps entries in a map (the real keychain is tested in tests/integration/secrets). */
function fakeKeytar(over: Partial<KeytarModule> = {}): KeytarModule {
  const m = new Map<string, string>();
  const k = (s: string, a: string) => `${s}\u0000${a}`;
  return {
    getPassword: async (s, a) => m.get(k(s, a)) ?? null,
    setPassword: async (s, a, p) => void m.set(k(s, a), p),
    deletePassword: async (s, a) => m.delete(k(s, a)),
    findCredentials: async (s) =>
      [...m.entries()].filter(([key]) => key.startsWith(`${s}\u0000`)).map(([key, password]) => ({ account: key.split('\u0000')[1]!, password })),
    ...over,
  };
}

describe('choosing a vault', () => {
  let t: ReturnType<typeof tempDir>;
  let db: Db;
  beforeEach(() => {
    t = tempDir();
    db = openDatabase(join(t.dir, 'ws.db'));
  });
  afterEach(() => {
    db.close();
    t.cleanup();
  });

  it('uses session mode and says why when keytar is missing and safeStorage would be plain text', async () => {
    const choice = await chooseVault({ keytarService: 'tw-test', cipher: testCipher('basic_text'), db, log, loadKeytar: missingKeytar });
    expect(choice.vault).toBeInstanceOf(SessionVault);
    expect(choice.vault).toMatchObject({ kind: 'session', persistent: false });
    expect(choice.reason).toMatch(/^No OS keychain is available \(keytar could not be loaded: Cannot find package 'keytar'; /);
    expect(choice.reason).toMatch(/safeStorage would use "basic_text" encryption, which does not protect the keys\); keys are kept only until you quit\.$/);
  });

  it('uses session mode when there is no cipher at all (plain Node) or it is not available', async () => {
    const none = await chooseVault({ keytarService: 'tw-test', db, log, loadKeytar: missingKeytar });
    expect(none.vault.kind).toBe('session');
    expect(none.reason).toMatch(/safeStorage is not available outside the Electron app/);
    const off = await chooseVault({ keytarService: 'tw-test', cipher: testCipher('gnome_libsecret', false), db, log, loadKeytar: missingKeytar });
    expect(off.reason).toMatch(/encryption is not available/);
  });

  it('falls through when keytar loads but no keychain answers, or answers too slowly', async () => {
    const refused = await chooseVault({
      keytarService: 'tw-test',
      db,
      log,
      loadKeytar: async () => fakeKeytar({ findCredentials: () => Promise.reject(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')) }),
    });
    expect(refused.reason).toMatch(/no keychain answered: Cannot autolaunch D-Bus/);
    const hung = await chooseVault({
      keytarService: 'tw-test',
      db,
      log,
      probeTimeoutMs: 20,
      loadKeytar: async () => fakeKeytar({ findCredentials: () => new Promise(() => {}) }),
    });
    expect(hung.reason).toMatch(/no answer within 20 ms/);
  });

  it('prefers the OS keychain, then a safeStorage that really encrypts', async () => {
    const keychain = await chooseVault({ keytarService: 'tw-test', cipher: testCipher('gnome_libsecret'), db, log, loadKeytar: async () => fakeKeytar() });
    expect(keychain).toMatchObject({ vault: { kind: 'keychain', persistent: true }, reason: null });
    const safe = await chooseVault({ keytarService: 'tw-test', cipher: testCipher('kwallet5'), db, log, loadKeytar: missingKeytar });
    expect(safe.vault).toBeInstanceOf(CipherVault);
    expect(safe).toMatchObject({ vault: { kind: 'safeStorage', persistent: true }, reason: null });
  });
});

describe('the vault adapters', () => {
  let t: ReturnType<typeof tempDir>;
  beforeEach(() => (t = tempDir()));
  afterEach(() => t.cleanup());

  it('the safeStorage vault writes only ciphertext to the database', async () => {
    const path = join(t.dir, 'ws.db');
    const db = openDatabase(path);
    const cipher = testCipher('gnome_libsecret');
    const vault = new CipherVault(db, cipher, 'tw-test');
    const secret = `s3cret-${randomBytes(16).toString('hex')}`;
    await vault.set('connection:a', secret);
    await vault.set('connection:b', 'other');
    await vault.set('connection:b', 'replaced');
    expect(await vault.get('connection:a')).toBe(secret);
    expect(await vault.get('connection:b')).toBe('replaced');
    expect(await vault.list()).toEqual(['connection:a', 'connection:b']);
    expect(await new CipherVault(db, cipher, 'another-service').list()).toEqual([]);
    expect(await vault.delete('connection:b')).toBe(true);
    expect(await vault.delete('connection:b')).toBe(false);
    expect(await vault.get('connection:b')).toBeNull();
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(path).includes(Buffer.from(secret))).toBe(false);

    const reopened = openDatabase(path);
    const wrongKey = new CipherVault(reopened, testCipher('gnome_libsecret'), 'tw-test');
    await expect(wrongKey.get('connection:a')).rejects.toThrow(VaultError);
    expect(await new CipherVault(reopened, cipher, 'tw-test').get('connection:a')).toBe(secret);
    reopened.close();
  });

  it('keychain errors and hangs become VaultErrors that name the operation, never the secret', async () => {
    const opened = await openKeytarVault({
      service: 'tw-test',
      callTimeoutMs: 20,
      load: async () =>
        fakeKeytar({
          setPassword: () => Promise.reject(new Error('org.freedesktop.Secret.Error.IsLocked')),
          getPassword: () => new Promise(() => {}),
        }),
    });
    if (!opened.ok) throw new Error(opened.reason);
    const err = await opened.vault.set('connection:a', 'the-secret-value').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VaultError);
    expect((err as Error).message).toBe('Could not save the key to the OS keychain: org.freedesktop.Secret.Error.IsLocked');
    await expect(opened.vault.get('connection:a')).rejects.toThrow('Could not read the key from the OS keychain: no answer within 0 s');
  });

  it('the session vault forgets everything with the process', async () => {
    const v = new SessionVault();
    await v.set('a', '1');
    expect(await v.get('a')).toBe('1');
    expect(await v.list()).toEqual(['a']);
    expect(await v.delete('a')).toBe(true);
    expect(await new SessionVault().get('a')).toBeNull();
  });
});
