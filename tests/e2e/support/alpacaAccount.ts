import { tsImport } from 'tsx/esm/api';
import type { FakeAlpaca } from '../../support/fakeAlpaca';
import { randomAlpacaKeys } from './fakeAlpacaVenues';
import { test as sessionTest, type PaperSession } from './paperSession';

type FakeAlpacaModule = typeof import('../../support/fakeAlpaca');

export interface AlpacaPaperVenue {
  server: FakeAlpaca;
  keyId: string;
  secret: string;
  accountNumber: string;
}

/** Starting prices at the fake: the tests place orders away from them, so nothing fills unless a test says so. */
export const ALPACA_PRICES = { AAPL: '190', TSLA: '250' } as const;

/**
 * The paper-session fixture with one fake Alpaca paper account on 127.0.0.1, and the engine's
 * real Alpaca adapter pointed at it with test timings: the trade-updates stream reconnects
 * within half a second once the fake accepts it again, and the adapter's own poll (which
 * bridges a stream outage) is slow, so what happened during an outage reaches the books
 * through the catch-up and reconciliation the engine runs when the stream is back.
 */
export const test = sessionTest.extend<{ alpacaPaper: AlpacaPaperVenue }>({
  // Playwright reads a fixture's dependencies from its first parameter, hence the empty pattern.
  // eslint-disable-next-line no-empty-pattern
  alpacaPaper: async ({}, use) => {
    const { startFakeAlpaca } = (await tsImport('../../support/fakeAlpaca/index.ts', import.meta.url)) as FakeAlpacaModule;
    const keys = randomAlpacaKeys('paper');
    const accountNumber = 'PA9E2EORDERS';
    const server = await startFakeAlpaca({ ...keys, cash: '50000', accountNumber, prices: { ...ALPACA_PRICES } });
    try {
      await use({ server, ...keys, accountNumber });
    } finally {
      await server.close();
    }
  },
  sessionOptions: async ({ alpacaPaper }, use) => {
    await use({
      venueFactory: (create) =>
        create({
          alpaca: {
            baseUrl: alpacaPaper.server.baseUrl,
            streamUrl: alpacaPaper.server.streamUrl,
            timeoutMs: 3_000,
            retry: { maxRetries: 1, baseDelayMs: 10, maxDelayMs: 50 },
            streamConnectTimeoutMs: 3_000,
            reconnect: { initialMs: 150, maxMs: 400, jitter: 0 },
            pollIntervalMs: 120_000,
          },
        }),
    });
  },
});

/**
 * Adds the fake's account as a paper connection through the engine (the Connections
 * screen has its own spec) and waits until the engine has connected it. Returns its
 * account id. Market hours are turned off for it, as a user may in the risk limits: the
 * fake venue trades at any hour and the test must not depend on the time it runs at.
 */
export async function connectAlpacaPaper(session: PaperSession, venue: AlpacaPaperVenue, name = 'Alpaca paper'): Promise<string> {
  const connection = await session.invoke('connections.add', {
    name,
    venue: 'alpaca',
    mode: 'paper',
    keyId: venue.keyId,
    secret: venue.secret,
  });
  const deadline = Date.now() + 15_000;
  for (;;) {
    const accounts = await session.invoke('accounts.list', {});
    if (accounts.some((a) => a.accountId === connection.id && a.state === 'connected')) break;
    if (Date.now() > deadline) throw new Error(`the engine did not connect ${name}: ${JSON.stringify(accounts)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await session.invoke('risk.limits.set', { scope: { accountId: connection.id }, limits: { enforceMarketHours: false } });
  return connection.id;
}

/**
 * An order placed at the venue by something other than this app (Alpaca's dashboard, another
 * program): straight to the fake's REST API with the account's keys.
 */
export async function placeOrderElsewhere(
  venue: AlpacaPaperVenue,
  order: { symbol: string; qty: string; side: 'buy' | 'sell'; type: 'market' | 'limit'; limit_price?: string },
): Promise<{ id: string; client_order_id: string }> {
  const response = await fetch(`${venue.server.baseUrl}/v2/orders`, {
    method: 'POST',
    headers: {
      'APCA-API-KEY-ID': venue.keyId,
      'APCA-API-SECRET-KEY': venue.secret,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify({ ...order, time_in_force: 'day' }),
  });
  if (!response.ok) throw new Error(`the fake refused the outside order: ${response.status} ${await response.text()}`);
  return (await response.json()) as { id: string; client_order_id: string };
}

export { expect } from '@playwright/test';
