import { randomInt } from 'node:crypto';
import { tsImport } from 'tsx/esm/api';
import type { FakeAlpaca } from '../../support/fakeAlpaca';
import { test as sessionTest } from './paperSession';

type FakeAlpacaModule = typeof import('../../support/fakeAlpaca');

const UPPER_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const ALPHANUM = `${UPPER_DIGITS}abcdefghijklmnopqrstuvwxyz`;
const pick = (alphabet: string, n: number) => Array.from({ length: n }, () => alphabet[randomInt(alphabet.length)]).join('');

export interface AlpacaKeys {
  keyId: string;
  secret: string;
}

/** Fresh keys in Alpaca's shapes (PK... paper, AK... live), different in every test, so a leak cannot hide behind a fixed string. */
export function randomAlpacaKeys(mode: 'paper' | 'live'): AlpacaKeys {
  return { keyId: `${mode === 'paper' ? 'PK' : 'AK'}${pick(UPPER_DIGITS, 18)}`, secret: pick(ALPHANUM, 40) };
}

export interface AlpacaAccount extends AlpacaKeys {
  server: FakeAlpaca;
  /** Alpaca's account number, which a passed test shows. */
  accountNumber: string;
}

/** Alpaca keeps paper and live accounts on different hosts: so do the fakes. */
export interface FakeAlpacaVenues {
  paper: AlpacaAccount;
  live: AlpacaAccount;
}

async function startAccount(mode: 'paper' | 'live', accountNumber: string): Promise<AlpacaAccount> {
  const { startFakeAlpaca } = (await tsImport('../../support/fakeAlpaca/index.ts', import.meta.url)) as FakeAlpacaModule;
  const keys = randomAlpacaKeys(mode);
  const server = await startFakeAlpaca({ ...keys, cash: mode === 'paper' ? '25000' : '1250.5', accountNumber });
  return { ...keys, server, accountNumber };
}

/**
 * The paper-session fixture with two fake Alpaca servers on 127.0.0.1 (a paper account and
 * a live one, each knowing only its own keys) and the engine's real Alpaca adapter pointed
 * at them: a paper connection reaches the paper fake, a live one the live fake.
 */
export const test = sessionTest.extend<{ alpaca: FakeAlpacaVenues }>({
  // Playwright reads a fixture's dependencies from its first parameter, hence the empty pattern.
  // eslint-disable-next-line no-empty-pattern
  alpaca: async ({}, use) => {
    const paper = await startAccount('paper', 'PA9E2EPAPER');
    const live = await startAccount('live', 'LV7E2ELIVE').catch(async (error: unknown) => {
      await paper.server.close();
      throw error;
    });
    try {
      await use({ paper, live });
    } finally {
      await Promise.all([paper.server.close(), live.server.close()]);
    }
  },
  sessionOptions: async ({ alpaca }, use) => {
    const adapterOptions = (server: FakeAlpaca) => ({
      baseUrl: server.baseUrl,
      streamUrl: server.streamUrl,
      timeoutMs: 3_000,
      retry: { maxRetries: 1, baseDelayMs: 10, maxDelayMs: 50 },
      streamConnectTimeoutMs: 3_000,
    });
    await use({
      venueFactory: (create) => {
        const paper = create({ alpaca: adapterOptions(alpaca.paper.server) });
        const live = create({ alpaca: adapterOptions(alpaca.live.server) });
        return (spec) => (spec.mode === 'live' ? live(spec) : paper(spec));
      },
    });
  },
});

export { expect } from '@playwright/test';
