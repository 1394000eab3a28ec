import { safeStorage } from 'electron';
import type { BlobCipher } from '../core/secrets/vault';

/**
 * Electron's safeStorage as the engine's BlobCipher, the fallback when keytar cannot
 * reach an OS keychain. Call after app.whenReady(): before it, Linux reports 'unknown'.
 * The engine refuses to persist through it when the backend is basic_text.
 */
export function safeStorageCipher(): BlobCipher {
  return {
    encrypt: (plain) => safeStorage.encryptStringAsync(plain),
    // shouldReEncrypt is ignored: the vault rewrites a blob whenever a key is saved again.
    decrypt: async (buf) => (await safeStorage.decryptStringAsync(buf)).result,
    backend: () =>
      process.platform === 'linux'
        ? safeStorage.getSelectedStorageBackend()
        : process.platform === 'darwin'
          ? 'macos_keychain'
          : 'windows_dpapi',
    isAvailable: () => safeStorage.isAsyncEncryptionAvailable(),
  };
}
