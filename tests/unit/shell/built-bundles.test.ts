import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';

/**
 * Checks on the output of `electron-vite build` (npm test builds before running vitest;
 * skipped when there is no build). A sandboxed preload is given a `require` that knows
 * only 'electron': if the bundle needs anything else, the preload dies in the real app,
 * window.workstation never appears, and unit tests of the source would not notice.
 */
const root = join(import.meta.dirname, '..', '..', '..');
const preloadFile = process.env['TW_PRELOAD_BUNDLE'] ?? join(root, 'out/preload/index.cjs');
const mainFile = join(root, 'out/main/index.js');

describe.skipIf(!existsSync(preloadFile))('built preload (out/preload/index.cjs)', () => {
  const code = readFileSync(preloadFile, 'utf8');

  it("requires nothing but 'electron' (what a sandboxed preload may load)", () => {
    const required = [...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
    expect([...new Set(required)]).toEqual(['electron']);
  });

  it('runs with a sandbox-like require and exposes window.workstation', async () => {
    const exposed = new Map<string, unknown>();
    const fakeElectron = {
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
      ipcRenderer: { invoke: async () => ({ ok: true, value: 'via ipc' }), on: () => {}, removeListener: () => {} },
    };
    const sandboxRequire = (id: string) => {
      if (id === 'electron') return fakeElectron;
      throw new Error(`module not found: ${id} (a sandboxed preload can only require 'electron')`);
    };
    const module = { exports: {} };
    runInNewContext(code, { require: sandboxRequire, module, exports: module.exports, console, Promise, setTimeout, clearTimeout });
    const bridge = exposed.get('workstation') as { invoke(c: string, i: unknown): Promise<unknown> } | undefined;
    expect(bridge).toBeDefined();
    expect(await bridge?.invoke('app.info', {})).toEqual({ ok: true, value: 'via ipc' });
    expect(await bridge?.invoke('not.a.channel', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
  });
});

describe.skipIf(!existsSync(mainFile))('built main (out/main/index.js)', () => {
  it('loads the preload from ../preload/index.cjs, which the build produced', () => {
    const code = readFileSync(mainFile, 'utf8');
    expect(code).toContain('../preload/index.cjs');
    expect(existsSync(join(root, 'out/preload/index.cjs'))).toBe(true);
  });
});
