// The connections service through the REAL Alpaca adapter (official SDK) against the fake
// Alpaca server on 127.0.0.1: keys from the form reach Alpaca's auth headers, a wrong key
// is refused in Alpaca's words with nothing saved, and no reply carries a secret.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createVenueFactory } from '../../../electron/core/connections/venueFactory';
import { SessionVault } from '../../../electron/core/secrets/sessionVault';
import { createWorkstation, type Workstation } from '../../../electron/core/workstation';
import type { ConnectionInfo, ConnectionTest } from '../../../shared/contract';
import { startFakeAlpaca, type FakeAlpaca } from '../../support/fakeAlpaca';
import { tempDir } from '../../support/tempDir';
import { randomAlpacaCredentials } from '../../unit/connections/venueDouble';

const ctx = { caller: 'test' };

describe('connections through the real Alpaca adapter', () => {
  let t: ReturnType<typeof tempDir>;
  let fake: FakeAlpaca;
  let ws: Workstation;
  const creds = randomAlpacaCredentials('paper');

  beforeEach(async () => {
    t = tempDir();
    fake = await startFakeAlpaca({ ...creds, cash: '25000', accountNumber: 'PA9TESTACCT' });
    ws = await createWorkstation({
      dataDir: t.dir,
      paused: true,
      historyDays: 0,
      log: () => {},
      vault: { vault: new SessionVault() },
      venueFactory: createVenueFactory({
        alpaca: {
          baseUrl: fake.baseUrl,
          streamUrl: fake.streamUrl,
          timeoutMs: 2_000,
          retry: { maxRetries: 1, baseDelayMs: 10, maxDelayMs: 50 },
          streamConnectTimeoutMs: 2_000,
        },
      }),
    });
  });
  afterEach(async () => {
    await ws.close();
    await fake.close();
    t.cleanup();
  });

  it('adds and tests a paper account, and refuses a wrong secret in Alpaca\'s words without saving it', async () => {
    const added = await ws.invoke('connections.add', { name: 'Alpaca paper', venue: 'alpaca', ...creds }, ctx);
    expect(added).toMatchObject({ ok: true, value: { status: 'connected', keyLast4: creds.keyId.slice(-4), lastTest: { ok: true, venueAccountId: 'PA9TESTACCT' } } });
    const info = (added as { value: ConnectionInfo }).value;
    expect(info.lastTest?.message).toMatch(/^Connected: account PA9TESTACCT, buying power [\d,]+\.\d\d USD$/);
    const accountCalls = fake.controls.requests().filter((r) => r.path === '/v2/account');
    expect(accountCalls.length).toBeGreaterThan(0);

    const tested = await ws.invoke('connections.test', { id: info.id }, ctx);
    expect((tested as { value: ConnectionTest }).value).toMatchObject({ ok: true, venueAccountId: 'PA9TESTACCT' });

    const wrong = { keyId: creds.keyId, secret: randomAlpacaCredentials().secret };
    const refused = await ws.invoke('connections.add', { name: 'Wrong', venue: 'alpaca', ...wrong }, ctx);
    expect(refused).toMatchObject({ ok: false, error: { code: 'REJECTED' } });
    if (refused.ok) return;
    expect(refused.error.message).toMatch(/Alpaca refused access \(forbidden\.\).*Nothing was saved\.$/);
    expect(ws.connections.list().map((c) => c.name)).toEqual(['Alpaca paper']);

    const everything = JSON.stringify([added, tested, refused, ws.connections.list()]);
    for (const secret of [creds.secret, wrong.secret, creds.keyId]) expect(everything).not.toContain(secret);
  });
});
