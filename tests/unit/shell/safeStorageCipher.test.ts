import { describe, expect, it, vi } from 'vitest';

const backend = vi.hoisted(() => ({ value: 'gnome_libsecret' as string }));

vi.mock('electron', () => ({
  safeStorage: {
    encryptStringAsync: async (plain: string) => Buffer.from(`enc:${plain}`),
    decryptStringAsync: async (buf: Buffer) => ({ shouldReEncrypt: false, result: buf.toString().replace(/^enc:/, '') }),
    getSelectedStorageBackend: () => backend.value,
    isAsyncEncryptionAvailable: async () => true,
  },
}));

const { safeStorageCipher } = await import('../../../electron/main/safeStorageCipher');
const { chooseVault } = await import('../../../electron/core/secrets/chooseVault');
const { createLogger, Redactor } = await import('../../../electron/core/log/logger');
const { openDatabase } = await import('../../../electron/core/store/database');

describe('safeStorage as the engine cipher', () => {
  it('round-trips through Electron safeStorage and reports its backend', async () => {
    const cipher = safeStorageCipher();
    const blob = await cipher.encrypt('s3cret');
    expect(blob.toString()).not.toBe('s3cret');
    expect(await cipher.decrypt(blob)).toBe('s3cret');
    if (process.platform === 'linux') expect(cipher.backend()).toBe('gnome_libsecret');
  });

  it.runIf(process.platform === 'linux')('on Linux with only basic_text the engine refuses to persist secrets through it', async () => {
    backend.value = 'basic_text';
    const db = openDatabase(':memory:');
    const choice = await chooseVault({
      keytarService: 'tw-test-none',
      cipher: safeStorageCipher(),
      db,
      log: createLogger({ redactor: new Redactor() }),
      loadKeytar: async () => {
        throw new Error('keytar is not installed');
      },
    });
    db.close();
    expect(choice.vault.persistent).toBe(false);
    expect(choice.reason).toMatch(/basic_text|protect|keychain/i);
  });
});
