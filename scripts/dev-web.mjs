// `npm run dev:web`: the renderer with hot reload in a browser, against the real engine.
//
// Starts `electron/headless/cli.ts` (the engine + API on a loopback WebSocket) as a child,
// waits for its HEADLESS_URL line, then runs Vite's dev server for the renderer (the
// renderer config of electron.vite.config.ts) on 127.0.0.1 with /api proxied to the
// headless host. The page therefore finds the API where it always does,
// ws://<page host>/api?token=..., and the browser's Origin is a loopback one.
// Arguments are passed to the headless host: `npm run dev:web -- --seed 7 --speed 600`.
// Ctrl+C stops both.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsx = join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'tsx.cmd' : 'tsx');
const DEV_PORT = Number(process.env.DEV_WEB_PORT ?? 5173);

// Its own process group, so stopping it also stops the node process tsx starts.
const headless = spawn(tsx, ['electron/headless/cli.ts', ...process.argv.slice(2)], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'inherit'],
  detached: process.platform !== 'win32',
});

let vite = null;
let stopping = false;

async function stop(code) {
  if (stopping) return;
  stopping = true;
  try {
    await vite?.close();
  } catch (err) {
    console.error('dev:web: vite did not close cleanly:', err);
  }
  if (headless.exitCode === null && headless.signalCode === null) {
    const exited = once(headless, 'exit');
    try {
      if (process.platform === 'win32') headless.kill('SIGTERM');
      else process.kill(-headless.pid, 'SIGTERM');
    } catch {
      // already gone
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-headless.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 5_000);
    await exited;
    clearTimeout(timer);
  }
  process.exit(code);
}

process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
headless.on('exit', (code, signal) => {
  if (stopping) return;
  console.error(`dev:web: the headless host exited (${signal ?? `code ${code}`})`);
  void stop(code || 1);
});

const headlessUrl = await new Promise((resolve, reject) => {
  const lines = createInterface({ input: headless.stdout });
  let found = false;
  lines.on('line', (line) => {
    if (!line.startsWith('HEADLESS_')) console.log(`[headless] ${line}`);
    if (!found && line.startsWith('HEADLESS_URL=')) {
      found = true;
      resolve(new URL(line.slice('HEADLESS_URL='.length)));
    }
  });
  lines.on('close', () => {
    if (!found) reject(new Error('the headless host stopped before printing its URL'));
  });
}).catch((err) => {
  console.error(`dev:web: ${err.message}`);
  return stop(1);
});

const token = headlessUrl.searchParams.get('token');
const { resolveConfig } = await import('electron-vite');
const { createServer, mergeConfig } = await import('vite');

try {
  const resolved = await resolveConfig({ root }, 'serve', 'development');
  const rendererConfig = resolved.config?.renderer;
  if (!rendererConfig) throw new Error('electron.vite.config.ts has no renderer config');
  vite = await createServer(
    mergeConfig(rendererConfig, {
      configFile: false,
      server: {
        host: '127.0.0.1',
        port: DEV_PORT,
        strictPort: false,
        proxy: { '/api': { target: `http://${headlessUrl.host}`, ws: true } },
      },
    }),
  );
  await vite.listen();
} catch (err) {
  console.error('dev:web: the Vite dev server did not start:', err);
  await stop(1);
}

const address = vite.httpServer?.address();
const port = typeof address === 'object' && address ? address.port : DEV_PORT;
const url = `http://127.0.0.1:${port}/?token=${token}`;
console.log(`DEV_WEB_URL=${url}`);
console.log(`\nRenderer with hot reload: open ${url}\n(API from the headless host at ${headlessUrl.origin}; Ctrl+C stops both)`);
