// The connections service through the REAL ccxt adapter against the fake Binance on
// 127.0.0.1: a paper (testnet) account is added and tested with a signed balance read,
// and a wrong secret is refused in the exchange's words with nothing saved.
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createVenueFactory } from '../../../electron/core/connections/venueFactory';
import { SessionVault } from '../../../electron/core/secrets/sessionVault';
import { createWorkstation, type Workstation } from '../../../electron/core/workstation';
import type { ConnectionInfo, ConnectionTest } from '../../../shared/contract';
import { startFakeBinance, type FakeBinance } from '../../support/fakeBinance';
import { tempDir } from '../../support/tempDir';

const ctx = { caller: 'test' };
const key = () => randomBytes(32).toString('hex');

describe('connections through the real ccxt adapter', () => {
  let t: ReturnType<typeof tempDir>;
  let fake: FakeBinance;
  let ws: Workstation;
  const creds = { keyId: key(), secret: key() };

  beforeEach(async () => {
    t = tempDir();
    fake = await startFakeBinance({ apiKey: creds.keyId, secret: creds.secret, balances: { USDT: '1234.5', BTC: '0.1' } });
    ws = await createWorkstation({
      dataDir: t.dir,
      paused: true,
      historyDays: 0,
      log: () => {},
      vault: { vault: new SessionVault() },
      venueFactory: createVenueFactory({
        ccxt: {
          urlsOverride: { ...fake.ccxtUrls, ws: fake.ccxtWsUrls },
          stream: false,
          timeoutMs: 3_000,
          retry: { attempts: 1, baseDelayMs: 10, maxDelayMs: 50 },
        },
      }),
    });
  });
  afterEach(async () => {
    await ws.close();
    await fake.close();
    t.cleanup();
  });

  it('adds and tests a Binance testnet account, and refuses a wrong secret without saving it', async () => {
    const added = await ws.invoke('connections.add', { name: 'Binance testnet', venue: 'ccxt', exchangeId: 'binance', ...creds }, ctx);
    if (!added.ok) throw new Error(added.error.message);
    const info = added.value as ConnectionInfo;
    expect(info).toMatchObject({ exchangeId: 'binance', mode: 'paper', sandbox: true, status: 'connected', keyLast4: creds.keyId.slice(-4) });
    expect(info.lastTest).toMatchObject({ ok: true, currency: 'USDT' });
    expect(info.lastTest?.message).toMatch(/^Connected: account \S+, buying power 1,234\.50 USDT$/);

    const tested = await ws.invoke('connections.test', { id: info.id }, ctx);
    expect((tested as { value: ConnectionTest }).value).toMatchObject({ ok: true });

    const wrong = { keyId: creds.keyId, secret: key() };
    const refused = await ws.invoke('connections.add', { name: 'Wrong', venue: 'ccxt', exchangeId: 'binance', ...wrong }, ctx);
    expect(refused).toMatchObject({ ok: false, error: { code: 'REJECTED' } });
    if (refused.ok) return;
    expect(refused.error.message).toMatch(/^binance refused the credentials: .*Signature for this request is not valid.*Nothing was saved\.$/);
    expect(ws.connections.list().map((c) => c.name)).toEqual(['Binance testnet']);

    const everything = JSON.stringify([added, tested, refused, ws.connections.list()]);
    for (const secret of [creds.secret, wrong.secret, creds.keyId]) expect(everything).not.toContain(secret);
  });
});
