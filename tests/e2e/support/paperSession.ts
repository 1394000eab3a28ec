import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base } from '@playwright/test';
import { tsImport } from 'tsx/esm/api';
import type { InputOf, InvokeName, OutputOf } from '../../../shared/contract';
import type { VenueFactory } from '../../../electron/core/connections/types';
import type { VaultConfig } from '../../../electron/core/config';
import type { Workstation } from '../../../electron/core/workstation';
import type { HeadlessHost } from '../../../electron/headless/server';

type EngineModule = typeof import('./engine');

/** What a spec may change about the engine the fixture starts. */
export interface SessionOptions {
  /**
   * Builds broker connections, given the engine's own `createVenueFactory` (loaded in the
   * engine's module graph): e.g. one pointing at a fake Alpaca. Default: the real adapters,
   * which no e2e test should reach.
   */
  venueFactory?: (create: EngineModule['createVenueFactory']) => VenueFactory;
  /**
   * Keep secrets in memory only, with this reason shown to the user (the "session only"
   * banner). Default: the OS keychain under a service name unique to this test, so the
   * user's real entries (service "TradingWorkstation") are never read, listed or written;
   * where no keychain answers, the engine falls back to memory by itself.
   */
  sessionOnlyVault?: string;
}

/**
 * The engine and the host are loaded through tsx, the loader `npm run headless` uses,
 * rather than Playwright's: the engine imports package.json without an import attribute,
 * which tsx accepts and Node's ESM loader (under Playwright) refuses. One import of one
 * entry file, so the engine and the venue factory share their classes (see engine.ts).
 */
function loadEngine(): Promise<EngineModule> {
  return tsImport('./engine.ts', import.meta.url) as Promise<EngineModule>;
}

/** The engine as the e2e tests start it: a fixed seed, and a fast replay so bars move. */
const ENGINE_SEED = 7;
const ENGINE_SPEED = 600;
const RENDERER_DIR = 'out/renderer';

export interface PaperSession {
  /** The page to open: the built renderer with the session token. */
  readonly url: string;
  readonly dataDir: string;
  /**
   * Stops the host and the engine and starts both again on the same data folder, port and
   * token, as a user restarting the app would: what was stored must come back.
   */
  restart(): Promise<void>;
  /** Asks the engine directly, bypassing the UI, to check what really happened. */
  invoke<N extends InvokeName>(name: N, input: InputOf<N>): Promise<OutputOf<N>>;
}

interface Running {
  engine: Workstation;
  host: HeadlessHost;
}

function isAddressInUse(error: unknown): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
}

interface EngineSetup {
  options: SessionOptions;
  /** Unique per test, kept across a restart so a stored key comes back. */
  keytarService: string;
}

async function start(dataDir: string, setup: EngineSetup, reuse?: { port: number; token: string }): Promise<Running> {
  const { createWorkstation, startHeadlessHost, createVenueFactory, SessionVault } = await loadEngine();
  const { options } = setup;
  const vault: VaultConfig =
    options.sessionOnlyVault !== undefined
      ? { vault: new SessionVault(), reason: options.sessionOnlyVault }
      : { keytarService: setup.keytarService };
  const engine = await createWorkstation({
    dataDir,
    seed: ENGINE_SEED,
    speed: ENGINE_SPEED,
    vault,
    ...(options.venueFactory && { venueFactory: options.venueFactory(createVenueFactory) }),
  });
  try {
    // The port of the previous host may take a moment to be free again after a restart.
    for (let attempt = 1; ; attempt++) {
      try {
        const host = await startHeadlessHost({ api: engine, rendererDir: RENDERER_DIR, ...reuse });
        return { engine, host };
      } catch (error) {
        if (!reuse || !isAddressInUse(error) || attempt >= 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } catch (error) {
    await engine.close();
    throw error;
  }
}

async function stop(running: Running): Promise<void> {
  // The host first: no client may reach an engine that is closing.
  await running.host.close();
  await running.engine.close();
}

/** Deletes what a test left behind, so no keychain entry outlives the test. */
async function deleteConnections(running: Running): Promise<void> {
  const listed = await running.engine.invoke('connections.list', {}, { caller: 'test' });
  if (!listed.ok) return;
  for (const connection of listed.value as OutputOf<'connections.list'>) {
    await running.engine.invoke('connections.delete', { id: connection.id }, { caller: 'test' });
  }
}

export const test = base.extend<{ sessionOptions: SessionOptions; session: PaperSession }>({
  sessionOptions: [{}, { option: true }],
  session: async ({ sessionOptions }, use) => {
    const dataDir = await mkdtemp(join(tmpdir(), 'tw-e2e-'));
    const setup: EngineSetup = { options: sessionOptions, keytarService: `TradingWorkstation-e2e-${randomBytes(6).toString('hex')}` };
    let running: Running | null = await start(dataDir, setup);
    const { port, token, url } = running.host;

    const session: PaperSession = {
      url,
      dataDir,
      restart: async () => {
        if (running) await stop(running);
        running = null;
        running = await start(dataDir, setup, { port, token });
      },
      invoke: async (name, input) => {
        if (!running) throw new Error('the engine is not running');
        const reply = await running.engine.invoke(name, input, { caller: 'test' });
        if (!reply.ok) throw new Error(`${name} failed: ${reply.error.code} ${reply.error.message}`);
        return reply.value as OutputOf<typeof name>;
      },
    };

    try {
      await use(session);
    } finally {
      if (running) {
        await deleteConnections(running).catch(() => undefined);
        await stop(running);
      }
      await rm(dataDir, { recursive: true, force: true });
    }
  },
});

export { expect } from '@playwright/test';
