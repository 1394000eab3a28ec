// Runs against the REAL OS keychain (Secret Service on Linux). `npm test` starts a private
// D-Bus session with gnome-keyring; by hand:
//   dbus-run-session -- sh -c 'echo -n pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null; npx vitest run tests/integration/secrets'
// Every run files its entries under a unique service name and removes them afterwards,
// so a developer's real "TradingWorkstation" entries are never read or touched.
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger, Redactor } from '../../../electron/core/log/logger';
import { chooseVault } from '../../../electron/core/secrets/chooseVault';
import { importKeytar, openKeytarVault } from '../../../electron/core/secrets/keytarVault';
import { createWorkstation } from '../../../electron/core/workstation';
import { tempDir } from '../../support/tempDir';
import { randomAlpacaCredentials, venueDouble } from '../../unit/connections/venueDouble';

const service = `TradingWorkstation-test-${process.pid}-${randomBytes(4).toString('hex')}`;
const probe = await openKeytarVault({ service });
if (!probe.ok) {
  console.warn(`\n[keytarVault.test] SKIPPED: no Secret Service answered (${probe.reason}). Run under dbus-run-session with gnome-keyring (npm test does).\n`);
}

async function removeEverything(): Promise<void> {
  if (!probe.ok) return;
  const keytar = await importKeytar();
  for (const s of [service, `${service}.probe`, `${service}-ws`]) {
    for (const c of await keytar.findCredentials(s)) await keytar.deletePassword(s, c.account);
  }
}

describe.skipIf(!probe.ok)('the OS keychain vault (real keyring)', () => {
  afterAll(removeEverything);

  it('sets, reads, lists and deletes, and a new instance (the app restarting) finds the keys', async () => {
    if (!probe.ok) return;
    const vault = probe.vault;
    expect(vault).toMatchObject({ kind: 'keychain', persistent: true });
    const secret = `sk-${randomBytes(24).toString('base64url')}`;
    await vault.set('connection:a', secret);
    await vault.set('connection:b', '{"keyId":"k","secret":"s"}');
    await vault.set('connection:b', '{"keyId":"k","secret":"s2"}');
    expect(await vault.get('connection:a')).toBe(secret);
    expect((await vault.list()).sort()).toEqual(['connection:a', 'connection:b']);

    const restarted = await openKeytarVault({ service });
    if (!restarted.ok) throw new Error(restarted.reason);
    expect(await restarted.vault.get('connection:a')).toBe(secret);
    expect(await restarted.vault.get('connection:b')).toBe('{"keyId":"k","secret":"s2"}');

    expect(await restarted.vault.delete('connection:a')).toBe(true);
    expect(await restarted.vault.delete('connection:a')).toBe(false);
    expect(await vault.get('connection:a')).toBeNull();
    expect(await vault.list()).toEqual(['connection:b']);
  });

  it('chooseVault picks the keychain when one answers', async () => {
    const choice = await chooseVault({ keytarService: service, log: createLogger({ redactor: new Redactor() }) });
    expect(choice).toMatchObject({ vault: { kind: 'keychain', persistent: true }, reason: null });
  });

  describe('a workstation keeping its connection keys in the keychain', () => {
    let t: ReturnType<typeof tempDir>;
    beforeEach(() => (t = tempDir()));
    afterEach(() => t.cleanup());

    it('finds the key again after a restart and deletes it with the connection', async () => {
      const creds = randomAlpacaCredentials('live');
      const venue = venueDouble({ accounts: [{ ...creds, venueAccountId: 'LA1', buyingPower: '100' }] });
      const config = { dataDir: t.dir, paused: true, historyDays: 0, log: () => {}, vault: { keytarService: `${service}-ws` }, venueFactory: venue.factory };
      const ctx = { caller: 'test' };

      let ws = await createWorkstation(config);
      expect(await ws.invoke('vault.status', {}, ctx)).toEqual({ ok: true, value: { backend: 'keychain', persistent: true, reason: null } });
      const added = await ws.invoke('connections.add', { name: 'Live', venue: 'alpaca', mode: 'live', ...creds }, ctx);
      if (!added.ok) throw new Error(added.error.message);
      const id = (added.value as { id: string }).id;
      await ws.close();

      ws = await createWorkstation(config);
      expect(ws.connections.list()).toEqual([expect.objectContaining({ id, status: 'untested', storage: 'keychain' })]);
      const tested = await ws.invoke('connections.test', { id }, ctx);
      expect(tested).toMatchObject({ ok: true, value: { ok: true, venueAccountId: 'LA1' } });
      expect(venue.specs.at(-1)?.credentials).toEqual(creds);
      expect(await ws.invoke('connections.delete', { id }, ctx)).toEqual({ ok: true, value: { deleted: true } });
      await ws.close();

      const after = await openKeytarVault({ service: `${service}-ws` });
      if (!after.ok) throw new Error(after.reason);
      expect(await after.vault.list()).toEqual([]);
    });
  });
});
