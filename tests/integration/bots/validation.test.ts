// Refusals through the API, as the wizard meets them: BAD_REQUEST with one message per field.
// A live Alpaca account (the real SDK against the fake Alpaca) for the mode rules.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry, ConnectionInfo, TradingAccount } from '../../../shared/contract';
import { createVenueFactory } from '../../../electron/core/connections/venueFactory';
import { SessionVault } from '../../../electron/core/secrets/sessionVault';
import type { Workstation } from '../../../electron/core/workstation';
import { startFakeAlpaca, type FakeAlpaca } from '../../support/fakeAlpaca';
import { tempDir } from '../../support/tempDir';
import { randomAlpacaCredentials } from '../../unit/connections/venueDouble';
import { call, flipBot, openEngine, refusal, until } from './harness';

describe('bot configurations refused field by field', () => {
  let t: ReturnType<typeof tempDir>;
  let fake: FakeAlpaca;
  let ws: Workstation;
  const live = randomAlpacaCredentials('live');

  beforeEach(async () => {
    t = tempDir();
    fake = await startFakeAlpaca({ ...live, cash: '50000', prices: { AAPL: '190' } });
    ws = await openEngine(t.dir, {
      reconcileEveryMs: 0,
      vault: { vault: new SessionVault() },
      venueFactory: createVenueFactory({
        alpaca: {
          baseUrl: fake.baseUrl,
          streamUrl: fake.streamUrl,
          timeoutMs: 2_000,
          retry: { maxRetries: 1, baseDelayMs: 10, maxDelayMs: 50 },
          streamConnectTimeoutMs: 2_000,
          pollIntervalMs: 100,
          reconnect: { initialMs: 50, maxMs: 200, jitter: 0 },
        },
      }),
    });
  });
  afterEach(async () => {
    await ws.close();
    await fake.close();
    t.cleanup();
  });

  it('refuses bad parameters, symbols and modes on the paper account', async () => {
    const bad = await refusal(ws, 'bots.create', flipBot({ strategyId: 'ma-cross', params: { fast: 50, slow: 20 }, symbols: ['ACME', 'NOPE'], mode: 'live', confirmLive: true }));
    expect(bad.code).toBe('BAD_REQUEST');
    expect(bad.fields).toEqual({
      params: 'The fast period (50) must be shorter than the slow period (20)',
      'symbols.1': expect.stringMatching(/^Paper account cannot trade NOPE/),
      mode: 'A live bot needs a live account: Paper account is a paper account. Choose paper or shadow.',
    });
    expect(bad.message).toMatch(/^The bot cannot be saved: /);
    const schema = await refusal(ws, 'bots.create', flipBot({ timeframe: '2m' }));
    expect(schema.code).toBe('BAD_REQUEST');
    expect(Object.keys(schema.fields ?? {})).toEqual(['timeframe']);
    expect(await call<unknown[]>(ws, 'bots.list', {})).toEqual([]);
    const audit = await call<AuditEntry[]>(ws, 'audit.list', { action: 'bot.create' });
    expect(audit[0]).toMatchObject({ outcome: 'refused', detail: { fields: expect.objectContaining({ params: expect.any(String) }) } });
  });

  it('on a live account: paper is refused, live needs live trading enabled and confirmLive, shadow is the way in', async () => {
    const conn = await call<ConnectionInfo>(ws, 'connections.add', { name: 'Real money', venue: 'alpaca', mode: 'live', ...live });
    await until('the live account to connect', async () => (await call<TradingAccount[]>(ws, 'accounts.list', {})).some((a) => a.accountId === conn.id && a.state === 'connected'));
    const on = (over: Record<string, unknown>) => flipBot({ accountId: conn.id, symbols: ['AAPL'], ...over });

    const paper = await refusal(ws, 'bots.create', on({ mode: 'paper' }));
    expect(paper.fields?.mode).toMatch(/^Real money is a live account: a bot on it trades live or runs in shadow mode/);
    const notEnabled = await refusal(ws, 'bots.create', on({ mode: 'live', confirmLive: true }));
    expect(notEnabled.fields?.mode).toMatch(/live trading has not been enabled for it: enable live trading for the account first, or choose shadow$/);

    await call(ws, 'connections.enableLive', { id: conn.id, confirmName: 'Real money' });
    const unconfirmed = await refusal(ws, 'bots.create', on({ mode: 'live' }));
    expect(unconfirmed.fields?.confirmLive).toBe('This bot will trade real money on Real money: confirm live trading to save it');
    // A connected broker account has bars for bots (its connection's market data source).
    expect(unconfirmed.fields?.accountId).toBeUndefined();
    expect(fake.controls.requests().filter((r) => r.method === 'POST' && r.path === '/v2/orders')).toHaveLength(0);
  });
});
