import { useVaultStatus } from '../api/getVaultStatus';
import '../connections.css';

/**
 * Says so when keys cannot be kept safely on this machine: they live in memory and are gone
 * when the app quits. Silent while the vault is persistent (keychain or safe storage).
 */
export function VaultBanner() {
  const vault = useVaultStatus();
  if (!vault.data || vault.data.persistent) return null;
  return (
    <div className="vault-banner" role="status" aria-label="Key storage">
      <strong>Keys are kept for this session only.</strong>{' '}
      <span>
        {vault.data.reason ?? 'No OS keychain is available on this machine.'} After a restart, each connection needs its key
        again: delete it and add it back.
      </span>
    </div>
  );
}
