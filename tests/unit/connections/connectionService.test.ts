import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../electron/core/api/errors';
import { VenueError } from '../../../electron/core/brokers/port';
import { SessionVault } from '../../../electron/core/secrets/sessionVault';
import { AddConnectionInput, type AddConnectionInput as AddInput } from '../../../shared/contract';
import { tempDir } from '../../support/tempDir';
import { InMemoryKeychain, serviceHarness, type Harness } from './harness';
import { randomAlpacaCredentials, venueDouble, type VenueDouble } from './venueDouble';

const actor = 'operator@test';
const parse = (input: AddInput) => AddConnectionInput.parse(input);

async function refusal(work: Promise<unknown> | (() => unknown)): Promise<ApiError> {
  try {
    await (typeof work === 'function' ? work() : work);
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected an ApiError');
}

function rowCount(h: Harness): number {
  return (h.db.prepare('SELECT count(*) AS n FROM connections').get() as { n: number }).n;
}

/** Every byte the database holds for connections and the audit log, as one string. */
function storedText(h: Harness): string {
  const rows = [...h.db.prepare('SELECT * FROM connections').all(), ...h.db.prepare('SELECT * FROM audit_log').all()];
  return JSON.stringify(rows);
}

describe('connections service', () => {
  let t: ReturnType<typeof tempDir>;
  let paper: { keyId: string; secret: string };
  let live: { keyId: string; secret: string };
  let venue: VenueDouble;
  let h: Harness;

  beforeEach(async () => {
    t = tempDir();
    paper = randomAlpacaCredentials('paper');
    live = randomAlpacaCredentials('live');
    venue = venueDouble({
      echoCredentialsInErrors: true,
      accounts: [
        { ...paper, venueAccountId: 'PA1234', buyingPower: '25000.5' },
        { ...live, venueAccountId: 'LA9999', buyingPower: '1000' },
        { keyId: 'okx-key-1234', secret: 'okx-secret-abcdef', passphrase: 'okx-pass-xyz', venueAccountId: 'okx-acct', buyingPower: '10', currency: 'USDT' },
        { keyId: 'binance-key-5678', secret: 'binance-secret-abcdef', venueAccountId: 'bn-acct', buyingPower: '0', currency: 'USDT' },
      ],
    });
    h = await serviceHarness(t.dir, venue.factory);
  });
  afterEach(() => {
    h.db.close();
    t.cleanup();
  });

  it('adds an Alpaca paper account after testing it: masked info, secret only in the vault', async () => {
    const info = await h.service.add(parse({ name: 'Alpaca paper', venue: 'alpaca', ...paper }), actor);
    expect(info).toMatchObject({
      name: 'Alpaca paper',
      venue: 'alpaca',
      exchangeId: null,
      mode: 'paper',
      sandbox: false,
      liveEnabled: false,
      keyLast4: paper.keyId.slice(-4),
      storage: 'keychain',
      status: 'connected',
      lastTest: { ok: true, venueAccountId: 'PA1234', buyingPower: '25000.5', currency: 'USD' },
    });
    expect(info.lastTest?.message).toBe('Connected: account PA1234, buying power 25,000.50 USD');
    expect(JSON.stringify(info)).not.toContain(paper.secret);
    expect(JSON.stringify(info)).not.toContain(paper.keyId);

    expect(await h.vault.list()).toEqual([`connection:${info.id}`]);
    expect(JSON.parse((await h.vault.get(`connection:${info.id}`))!)).toEqual(paper);
    expect(storedText(h)).not.toContain(paper.secret);
    expect(storedText(h)).not.toContain(paper.keyId);
    expect(h.service.list()).toEqual([info]);
    expect(h.changes()).toBe(1);
    expect(h.audit.list({ limit: 5, action: 'connections.add' })[0]).toMatchObject({ outcome: 'ok', subject: info.id });
    expect(venue.specs).toEqual([{ connectionId: null, venue: 'alpaca', exchangeId: null, mode: 'paper', sandbox: false, credentials: paper }]);
    expect(venue.closed()).toBe(1);
  });

  it('a venue 401 saves nothing and its message reaches the user without any credential in it', async () => {
    const wrong = { keyId: paper.keyId, secret: randomAlpacaCredentials().secret };
    const err = await refusal(h.service.add(parse({ name: 'Bad key', venue: 'alpaca', ...wrong }), actor));
    expect(err.code).toBe('REJECTED');
    expect(err.message).toMatch(/^Alpaca \(paper\) refused these credentials: HTTP 401: request is not authorized/);
    expect(err.message).toMatch(/Nothing was saved\.$/);
    for (const secret of [wrong.secret, wrong.keyId, Buffer.from(wrong.secret).toString('hex')]) {
      expect(err.message).not.toContain(secret);
      expect(h.lines.join('\n')).not.toContain(secret);
      expect(storedText(h)).not.toContain(secret);
    }
    expect(err.message).not.toContain('signature=');
    expect(rowCount(h)).toBe(0);
    expect(await h.vault.list()).toEqual([]);
    expect(h.changes()).toBe(0);
    expect(h.audit.list({ limit: 5, action: 'connections.add' })[0]).toMatchObject({ outcome: 'refused' });
  });

  it('refuses an unknown exchange id with a way to find the right one, before calling anything', async () => {
    const err = await refusal(h.service.add(parse({ name: 'X', venue: 'ccxt', exchangeId: 'binanse', keyId: 'k-12345678', secret: 's-12345678' }), actor));
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.fields?.exchangeId).toMatch(/no exchange with the id "binanse".*exchange list.*did you mean binance/);
    expect(venue.specs).toEqual([]);
    expect(rowCount(h)).toBe(0);
  });

  it('refuses an exchange that needs a passphrase when none is given, and one that needs a wallet key', async () => {
    const noPass = await refusal(h.service.add(parse({ name: 'OKX', venue: 'ccxt', exchangeId: 'okx', keyId: 'okx-key-1234', secret: 'okx-secret-abcdef' }), actor));
    expect(noPass.code).toBe('BAD_REQUEST');
    expect(noPass.fields?.passphrase).toMatch(/OKX needs the passphrase/);
    const wallet = await refusal(h.service.add(parse({ name: 'HL', venue: 'ccxt', exchangeId: 'hyperliquid', keyId: 'k-12345678', secret: 's-12345678' }), actor));
    expect(wallet.fields?.exchangeId).toMatch(/wallet private key and a wallet address/);
    expect(venue.specs).toEqual([]);

    const ok = await h.service.add(
      parse({ name: 'OKX', venue: 'ccxt', exchangeId: 'okx', keyId: 'okx-key-1234', secret: 'okx-secret-abcdef', passphrase: 'okx-pass-xyz' }),
      actor,
    );
    expect(ok).toMatchObject({ exchangeId: 'okx', mode: 'paper', sandbox: true, keyLast4: '1234' });
    expect(JSON.parse((await h.vault.get(`connection:${ok.id}`))!)).toEqual({ keyId: 'okx-key-1234', secret: 'okx-secret-abcdef', passphrase: 'okx-pass-xyz' });
  });

  it('ties paper to the sandbox for exchanges: paper means testnet, and no testnet means no paper', async () => {
    const noSandbox = await refusal(h.service.add(parse({ name: 'B', venue: 'ccxt', exchangeId: 'bitstamp', keyId: 'k-12345678', secret: 's-12345678' }), actor));
    expect(noSandbox.fields?.mode).toMatch(/Bitstamp has no sandbox or testnet/);
    const liveSandbox = await refusal(
      h.service.add(parse({ name: 'B', venue: 'ccxt', exchangeId: 'binance', mode: 'live', sandbox: true, keyId: 'k-12345678', secret: 's-12345678' }), actor),
    );
    expect(liveSandbox.fields?.sandbox).toMatch(/not live money/);
    const info = await h.service.add(parse({ name: 'Binance', venue: 'ccxt', exchangeId: 'binance', keyId: 'binance-key-5678', secret: 'binance-secret-abcdef' }), actor);
    expect(info).toMatchObject({ mode: 'paper', sandbox: true });
    expect(venue.specs.at(-1)).toMatchObject({ venue: 'ccxt', exchangeId: 'binance', mode: 'paper', sandbox: true });
  });

  it('checks the shape of Alpaca keys and that paper and live keys match the chosen account', async () => {
    const cases: Array<[AddInput, string]> = [
      [{ name: 'A', venue: 'alpaca', keyId: 'pk-lowercase', secret: paper.secret }, 'keyId'],
      [{ name: 'A', venue: 'alpaca', keyId: paper.keyId, secret: 'short' }, 'secret'],
      [{ name: 'A', venue: 'alpaca', mode: 'live', ...paper }, 'keyId'],
      [{ name: 'A', venue: 'alpaca', mode: 'paper', ...live }, 'keyId'],
      [{ name: 'A', venue: 'alpaca', ...paper, passphrase: 'nope-nope' }, 'passphrase'],
    ];
    for (const [input, field] of cases) {
      const err = await refusal(h.service.add(parse(input), actor));
      expect(err.code).toBe('BAD_REQUEST');
      expect(Object.keys(err.fields ?? {})).toEqual([field]);
      expect(err.message).not.toContain(paper.secret);
    }
    expect(venue.specs).toEqual([]);
    expect(rowCount(h)).toBe(0);
  });

  it('refuses a second connection with the same name (any case) without calling the venue', async () => {
    await h.service.add(parse({ name: 'Main', venue: 'alpaca', ...paper }), actor);
    const err = await refusal(h.service.add(parse({ name: 'MAIN', venue: 'alpaca', mode: 'live', ...live }), actor));
    expect(err.code).toBe('CONFLICT');
    expect(venue.specs).toHaveLength(1);
  });

  it('tests a saved connection and records the outcome, including a venue that went away', async () => {
    let down = false;
    venue = venueDouble({
      accounts: [{ ...paper, venueAccountId: 'PA1', buyingPower: '5' }],
      override: () => {
        if (down) throw new VenueError('transient', 'connect ECONNREFUSED 127.0.0.1:443');
      },
    });
    h.db.close();
    h = await serviceHarness(t.dir, venue.factory);
    const info = await h.service.add(parse({ name: 'P', venue: 'alpaca', ...paper }), actor);
    expect((await h.service.test(info.id, actor)).ok).toBe(true);
    down = true;
    const failed = await h.service.test(info.id, actor);
    expect(failed).toMatchObject({ ok: false, venueAccountId: null, buyingPower: null });
    expect(failed.message).toBe('Could not reach Alpaca (paper): connect ECONNREFUSED 127.0.0.1:443');
    expect(h.service.list()[0]).toMatchObject({ status: 'error', lastTest: failed });
    expect((await refusal(h.service.test('conn-nope', actor))).code).toBe('NOT_FOUND');
  });

  it('says so when the venue does not answer in time, and saves nothing', async () => {
    venue = venueDouble({ accounts: [{ ...paper, venueAccountId: 'PA1', buyingPower: '5' }], override: () => new Promise(() => {}) });
    h.db.close();
    h = await serviceHarness(t.dir, venue.factory, { over: { testTimeoutMs: 50 } });
    const err = await refusal(h.service.add(parse({ name: 'P', venue: 'alpaca', ...paper }), actor));
    expect(err.code).toBe('UNAVAILABLE');
    expect(err.message).toMatch(/^Alpaca \(paper\) did not answer within \d+ s\. Nothing was saved\.$/);
    expect(rowCount(h)).toBe(0);
  });

  it('renames, and deletes together with the vault entry', async () => {
    const a = await h.service.add(parse({ name: 'A', venue: 'alpaca', ...paper }), actor);
    await h.service.add(parse({ name: 'B', venue: 'alpaca', mode: 'live', ...live }), actor);
    expect(h.service.rename(a.id, 'Alpaca practice', actor).name).toBe('Alpaca practice');
    expect((await refusal(() => h.service.rename(a.id, 'b', actor))).code).toBe('CONFLICT');
    expect(await h.service.delete(a.id, actor)).toEqual({ deleted: true });
    expect(await h.vault.get(`connection:${a.id}`)).toBeNull();
    expect(h.service.list().map((c) => c.name)).toEqual(['B']);
    expect((await refusal(h.service.delete(a.id, actor))).code).toBe('NOT_FOUND');
    expect(h.audit.list({ limit: 10 }).map((e) => e.action)).toContain('connections.delete');
  });

  it('enables live trading only for a live account and only with its exact name typed', async () => {
    const p = await h.service.add(parse({ name: 'Practice', venue: 'alpaca', ...paper }), actor);
    const l = await h.service.add(parse({ name: 'Real Money', venue: 'alpaca', mode: 'live', ...live }), actor);
    expect(h.service.tradingPermission(p.id)).toEqual({ allowed: true });
    expect(h.service.tradingPermission(l.id)).toMatchObject({ allowed: false });

    expect((await refusal(() => h.service.enableLive(p.id, 'Practice', actor))).code).toBe('CONFLICT');
    for (const typed of ['real money', 'Real Money ', 'Real', '']) {
      const err = await refusal(() => h.service.enableLive(l.id, typed, actor));
      expect(err.code).toBe('BAD_REQUEST');
      expect(err.fields?.confirmName).toMatch(/type the connection name exactly as shown: Real Money/);
    }
    expect(h.service.list().find((c) => c.id === l.id)?.liveEnabled).toBe(false);
    expect(h.audit.list({ limit: 20, action: 'connections.enableLive' }).filter((e) => e.outcome === 'refused')).toHaveLength(5);

    expect(h.service.enableLive(l.id, 'Real Money', actor).liveEnabled).toBe(true);
    expect(h.service.tradingPermission(l.id)).toEqual({ allowed: true });
    expect(h.service.disableLive(l.id, actor).liveEnabled).toBe(false);
    expect(h.service.tradingPermission(l.id)).toMatchObject({ allowed: false });
  });

  it('a failed vault write rolls the connection back', async () => {
    (h.vault as InMemoryKeychain).failWrites = true;
    const err = await refusal(h.service.add(parse({ name: 'P', venue: 'alpaca', ...paper }), actor));
    expect(err.code).toBe('UNAVAILABLE');
    expect(err.message).toMatch(/could not be stored in the OS keychain .*locked.*Nothing was saved/);
    expect(rowCount(h)).toBe(0);
    expect(h.service.list()).toEqual([]);
  });

  it('after a restart loads connections from SQLite and their keys from the vault', async () => {
    const l = await h.service.add(parse({ name: 'Real', venue: 'alpaca', mode: 'live', ...live }), actor);
    h.service.enableLive(l.id, 'Real', actor);
    const again = await h.restart();
    expect(again.list()).toEqual([expect.objectContaining({ id: l.id, name: 'Real', liveEnabled: true, status: 'untested', keyLast4: live.keyId.slice(-4) })]);
    expect(again.tradingPermission(l.id)).toEqual({ allowed: true });
    expect((await again.test(l.id, actor)).ok).toBe(true);
    // Secrets read back from the vault are redacted from logs at once.
    h.log.error(`oops ${live.secret}`);
    expect(h.lines.at(-1)).not.toContain(live.secret);
  });

  it('after a restart a missing key marks the connection and says how to fix it', async () => {
    const a = await h.service.add(parse({ name: 'A', venue: 'alpaca', ...paper }), actor);
    await h.vault.delete(`connection:${a.id}`);
    const again = await h.restart();
    const [info] = again.list();
    expect(info).toMatchObject({ status: 'error', lastTest: { ok: false } });
    expect(info?.lastTest?.message).toMatch(/no longer in the OS keychain.*add it again/);
    expect(again.tradingPermission(a.id)).toMatchObject({ allowed: false });
    expect((await refusal(() => again.enableLive(a.id, 'A', actor))).code).toBe('CONFLICT');
    expect((await again.test(a.id, actor)).ok).toBe(false);
  });

  it('keys kept only for a session are reported as gone after a restart; keychain keys as unreachable when the keychain is', async () => {
    const session = await serviceHarness(join(t.dir, 'session'), venue.factory, { vault: new SessionVault() });
    const s = await session.service.add(parse({ name: 'S', venue: 'alpaca', ...paper }), actor);
    expect(s.storage).toBe('session');
    const afterQuit = await session.restart({ vault: new SessionVault(), reason: 'No OS keychain' });
    expect(afterQuit.list()[0]?.lastTest?.message).toMatch(/kept only until the app quit/);
    session.db.close();

    const k = await h.service.add(parse({ name: 'K', venue: 'alpaca', ...paper }), actor);
    const noKeychain = await h.restart({ vault: new SessionVault(), reason: 'No OS keychain is available (dbus)' });
    expect(noKeychain.list()[0]?.lastTest?.message).toMatch(/kept in the OS keychain, which is not available now \(No OS keychain is available \(dbus\)\)/);
    // The key is still in the keychain: a later start with the keychain back finds it.
    expect(await h.vault.get(`connection:${k.id}`)).not.toBeNull();
    const back = await h.restart();
    expect(back.list()[0]).toMatchObject({ status: 'untested' });
  });

  it('never deletes keychain entries it does not know: another data folder may own them', async () => {
    await h.vault.set('connection:conn-from-another-data-folder', '{"keyId":"a","secret":"b"}');
    await h.restart();
    expect(await h.vault.list()).toEqual(['connection:conn-from-another-data-folder']);
    expect(h.lines.join('\n')).toMatch(/vault entries with no connection in this data folder/);
  });

  it('a broken ccxt import is an UNAVAILABLE answer, and the next call tries again', async () => {
    let attempts = 0;
    const flaky = await serviceHarness(join(t.dir, 'flaky'), venue.factory, {
      over: {
        catalog: async () => {
          attempts++;
          throw new Error('Cannot find module ccxt');
        },
      },
    });
    expect((await refusal(flaky.service.exchanges())).code).toBe('UNAVAILABLE');
    const err = await refusal(flaky.service.add(parse({ name: 'B', venue: 'ccxt', exchangeId: 'binance', keyId: 'k-12345678', secret: 's-12345678' }), actor));
    expect(err.code).toBe('UNAVAILABLE');
    expect(attempts).toBe(2);
    flaky.db.close();
  });

  it('reports where secrets are kept', () => {
    expect(h.service.vaultStatus()).toEqual({ backend: 'keychain', persistent: true, reason: null });
  });
});
