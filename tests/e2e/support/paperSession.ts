import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base } from '@playwright/test';
import { tsImport } from 'tsx/esm/api';
import type { InputOf, InvokeName, OutputOf } from '../../../shared/contract';
import type { Workstation } from '../../../electron/core/workstation';
import type { HeadlessHost } from '../../../electron/headless/server';

type EngineModule = typeof import('../../../electron/core/workstation');
type HostModule = typeof import('../../../electron/headless/server');

/**
 * The engine and the host are loaded through tsx, the loader `npm run headless` uses,
 * rather than Playwright's: the engine imports package.json without an import attribute,
 * which tsx accepts and Node's ESM loader (under Playwright) refuses.
 */
async function loadEngine(): Promise<{ createWorkstation: EngineModule['createWorkstation']; startHeadlessHost: HostModule['startHeadlessHost'] }> {
  const [engine, host] = await Promise.all([
    tsImport('../../../electron/core/workstation.ts', import.meta.url) as Promise<EngineModule>,
    tsImport('../../../electron/headless/server.ts', import.meta.url) as Promise<HostModule>,
  ]);
  return { createWorkstation: engine.createWorkstation, startHeadlessHost: host.startHeadlessHost };
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

async function start(dataDir: string, reuse?: { port: number; token: string }): Promise<Running> {
  const { createWorkstation, startHeadlessHost } = await loadEngine();
  const engine = await createWorkstation({ dataDir, seed: ENGINE_SEED, speed: ENGINE_SPEED });
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

export const test = base.extend<{ session: PaperSession }>({
  // Playwright reads a fixture's dependencies from its first parameter, hence the empty pattern.
  // eslint-disable-next-line no-empty-pattern
  session: async ({}, use) => {
    const dataDir = await mkdtemp(join(tmpdir(), 'tw-e2e-'));
    let running: Running | null = await start(dataDir);
    const { port, token, url } = running.host;

    const session: PaperSession = {
      url,
      dataDir,
      restart: async () => {
        if (running) await stop(running);
        running = null;
        running = await start(dataDir, { port, token });
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
      if (running) await stop(running);
      await rm(dataDir, { recursive: true, force: true });
    }
  },
});

export { expect } from '@playwright/test';
