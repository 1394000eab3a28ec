/**
 * `npm run headless`: the engine with its API on a loopback WebSocket, and the built
 * renderer on the same port, for development in a browser and the end-to-end tests.
 *
 *   npm run headless -- [--data-dir DIR] [--port N] [--seed N] [--speed N] [--paused] [--renderer-dir DIR]
 *
 * stdout carries one machine-readable line per fact (HEADLESS_URL=..., HEADLESS_WS_URL=...,
 * HEADLESS_DATA_DIR=...) before the line meant for a human, so scripts can wait for it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { StoreError } from '../core/store/database';
import { createWorkstation } from '../core/workstation';
import { startHeadlessHost } from './server';

const repoRoot = resolve(import.meta.dirname, '../..');

interface CliOptions {
  dataDir: string;
  port: number;
  seed: number | undefined;
  speed: number | undefined;
  paused: boolean;
  rendererDir: string;
}

function parseCli(argv: string[]): CliOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      'data-dir': { type: 'string' },
      port: { type: 'string' },
      seed: { type: 'string' },
      speed: { type: 'string' },
      paused: { type: 'boolean', default: false },
      'renderer-dir': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(
      'usage: npm run headless -- [--data-dir DIR] [--port N] [--seed N] [--speed N] [--paused] [--renderer-dir DIR]',
    );
    process.exit(0);
  }
  return {
    // Persistent on purpose, so a developer's orders survive a restart; tests pass their own folder.
    dataDir: resolve(values['data-dir'] ?? join(homedir(), '.trading-workstation-dev')),
    port: integerOption('port', values.port, 0, 65_535) ?? 0,
    seed: integerOption('seed', values.seed, -(2 ** 31), 2 ** 31 - 1),
    speed: numberOption('speed', values.speed, 1, 10_000),
    paused: values.paused ?? false,
    rendererDir: resolve(values['renderer-dir'] ?? join(repoRoot, 'out/renderer')),
  };
}

function numberOption(name: string, raw: string | undefined, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max) usageError(`--${name} must be a number from ${min} to ${max}`);
  return n;
}

function integerOption(name: string, raw: string | undefined, min: number, max: number): number | undefined {
  const n = numberOption(name, raw, min, max);
  if (n !== undefined && !Number.isInteger(n)) usageError(`--${name} must be an integer`);
  return n;
}

function usageError(message: string): never {
  console.error(`headless: ${message}`);
  process.exit(2);
}

function appVersion(): string {
  try {
    const pkg: unknown = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
    const version = typeof pkg === 'object' && pkg !== null ? (pkg as { version?: unknown }).version : undefined;
    return typeof version === 'string' ? version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

async function main(): Promise<void> {
  let opts: CliOptions;
  try {
    opts = parseCli(process.argv.slice(2));
  } catch (err) {
    usageError((err as Error).message);
  }

  let api: Awaited<ReturnType<typeof createWorkstation>>;
  try {
    api = await createWorkstation({
      dataDir: opts.dataDir,
      ...(opts.seed !== undefined && { seed: opts.seed }),
      ...(opts.speed !== undefined && { speed: opts.speed }),
      ...(opts.paused && { paused: true }),
    });
  } catch (err) {
    if (err instanceof StoreError) {
      console.error(`headless: ${err.message} (${err.reason})`);
      process.exit(1);
    }
    throw err;
  }

  const host = await startHeadlessHost({
    api,
    port: opts.port,
    rendererDir: opts.rendererDir,
    version: appVersion(),
    onError: (err) => console.error('headless: transport error:', err),
  });

  if (!existsSync(join(opts.rendererDir, 'index.html'))) {
    console.warn(
      `headless: no renderer build in ${opts.rendererDir}: run \`npm run build\` for the UI. The API is served anyway.`,
    );
  }
  console.log(`HEADLESS_URL=${host.url}`);
  console.log(`HEADLESS_WS_URL=${host.wsUrl}`);
  console.log(`HEADLESS_DATA_DIR=${opts.dataDir}`);
  console.log(`Trading Workstation (headless) is running. Open ${host.url}  (data: ${opts.dataDir}; Ctrl+C stops)`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      console.error(`headless: ${signal} again, exiting without waiting`);
      process.exit(1);
    }
    stopping = true;
    console.log(`headless: ${signal}, shutting down`);
    void (async () => {
      try {
        await host.close();
        await api.close();
        process.exit(0);
      } catch (err) {
        console.error('headless: shutdown failed:', err);
        process.exit(1);
      }
    })();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error('headless: failed to start:', err);
  process.exit(1);
});
