import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, posix, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The layers of ARCHITECTURE.md, checked on every import of every source file:
 *
 *   shared/            zod and shared/ only
 *   renderer/          shared/, renderer/ and the UI libraries; no Node, no Electron, no engine
 *   electron/core      never 'electron' (it runs under plain Node), never the shells above it
 *   electron/headless  never 'electron' (it runs under plain Node), never main/preload
 *   electron/preload   'electron' and shared/ only (a sandboxed preload can require nothing else)
 *   'electron'         only from electron/main and electron/preload
 *
 * Tests are not scanned: they may name 'electron' to stand in for it.
 */

const repoRoot = join(import.meta.dirname, '..', '..');
const SCANNED_ROOTS = ['electron', 'shared', 'renderer'];
const SOURCE_FILE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;
const SKIPPED_DIRS = new Set(['node_modules', 'out', 'dist', '.vite']);

const RENDERER_PACKAGES = new Set([
  'react',
  'react-dom',
  '@tanstack/react-query',
  'lightweight-charts',
  // The contract's types are zod types; the renderer may name them (z.infer) without
  // reaching anything privileged.
  'zod',
]);
const RENDERER_TEST_PACKAGES = new Set(['vitest', '@testing-library/react', '@testing-library/user-event', '@testing-library/dom', '@testing-library/jest-dom']);

export interface Violation {
  file: string;
  specifier: string;
  rule: string;
}

/** Import specifiers of a source text: static, type-only, re-exports, dynamic import() and require(). */
export function importsOf(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?(?:[\w$*{}\s,]+?\s+from\s+)?['"]([^'"\n]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"\n]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"\n]+)['"]\s*\)/g,
  ];
  const found: string[] = [];
  for (const pattern of patterns) for (const m of code.matchAll(pattern)) if (m[1]) found.push(m[1]);
  return found;
}

function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

function isNodeBuiltin(specifier: string): boolean {
  return specifier.startsWith('node:') || builtinModules.includes(packageOf(specifier));
}

function within(path: string, dir: string): boolean {
  return path === dir || path.startsWith(`${dir}/`);
}

/**
 * The rule an import breaks, or null. `file` is repo-relative with forward slashes.
 * A relative import is judged by the repo path it lands on.
 */
export function ruleBroken(file: string, specifier: string): string | null {
  const relativeImport = specifier.startsWith('./') || specifier.startsWith('../');
  const target = relativeImport ? posix.normalize(posix.join(posix.dirname(file), specifier)) : null;
  const isElectron = specifier === 'electron' || specifier.startsWith('electron/');

  if (isElectron && !within(file, 'electron/main') && !within(file, 'electron/preload')) {
    return "only electron/main and electron/preload may import 'electron'";
  }

  if (within(file, 'shared')) {
    if (target !== null) return within(target, 'shared') ? null : 'shared/ may import only shared/ files';
    return specifier === 'zod' ? null : 'shared/ may import only zod';
  }

  if (within(file, 'renderer')) {
    if (target !== null) {
      return within(target, 'renderer') || within(target, 'shared') ? null : 'renderer/ may import only renderer/ and shared/ files';
    }
    if (isNodeBuiltin(specifier)) return 'renderer/ may not import Node built-ins';
    const pkg = packageOf(specifier);
    if (RENDERER_PACKAGES.has(pkg)) return null;
    if (/\.(test|spec)\.[cm]?[jt]sx?$/.test(file) && RENDERER_TEST_PACKAGES.has(pkg)) return null;
    return `renderer/ may import only ${[...RENDERER_PACKAGES].join(', ')}`;
  }

  if (within(file, 'electron/preload')) {
    if (target !== null) {
      return within(target, 'electron/preload') || within(target, 'shared') ? null : 'electron/preload may import only shared/ and preload files';
    }
    return isElectron ? null : "a sandboxed preload can require only 'electron'";
  }

  if (within(file, 'electron/core') && target !== null) {
    for (const upper of ['electron/main', 'electron/preload', 'electron/headless', 'renderer']) {
      if (within(target, upper)) return `electron/core may not import ${upper}`;
    }
  }

  if (within(file, 'electron/headless') && target !== null) {
    for (const upper of ['electron/main', 'electron/preload', 'renderer']) {
      if (within(target, upper)) return `electron/headless may not import ${upper}`;
    }
  }

  return null;
}

function sourceFiles(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => {
    const full = join(dir, e.name);
    if (e.isDirectory()) return SKIPPED_DIRS.has(e.name) ? [] : sourceFiles(full);
    return SOURCE_FILE.test(e.name) ? [full] : [];
  });
}

export function scanRepository(root: string): { files: number; violations: Violation[] } {
  const files = SCANNED_ROOTS.flatMap((r) => sourceFiles(join(root, r)));
  const violations: Violation[] = [];
  for (const full of files) {
    const file = relative(root, full).split(sep).join('/');
    for (const specifier of importsOf(readFileSync(full, 'utf8'))) {
      const rule = ruleBroken(file, specifier);
      if (rule) violations.push({ file, specifier, rule });
    }
  }
  return { files: files.length, violations };
}

describe('layering', () => {
  it('every import in electron/, shared/ and renderer/ respects the layers', () => {
    const { files, violations } = scanRepository(repoRoot);
    expect(files).toBeGreaterThan(10); // the scan really looked at the tree
    const report = violations.map((v) => `${v.file}: import '${v.specifier}' (${v.rule})`).join('\n');
    expect(report, `layering violations:\n${report}`).toBe('');
  });
});

describe('layering rules (self-check: the scanner can fail)', () => {
  it('finds every form of import', () => {
    const src = [
      "import a from 'pkg-a';",
      "import type { B } from 'pkg-b';",
      "import {\n  c,\n  type D,\n} from 'pkg-c';",
      "import 'pkg-side-effect';",
      "export * from 'pkg-e';",
      "export { f } from 'pkg-f';",
      "const g = await import('pkg-g');",
      "const h = require('pkg-h');",
      "import * as i from 'pkg-i';",
      "// import x from 'commented-out';",
      "/* import y from 'block-commented'; */",
    ].join('\n');
    const found = importsOf(src);
    expect(found).toEqual(
      expect.arrayContaining(['pkg-a', 'pkg-b', 'pkg-c', 'pkg-side-effect', 'pkg-e', 'pkg-f', 'pkg-g', 'pkg-h', 'pkg-i']),
    );
    expect(found).not.toContain('commented-out');
    expect(found).not.toContain('block-commented');
  });

  it.each([
    ['electron/core/oms/orderManager.ts', 'electron'],
    ['electron/core/secrets/vault.ts', 'electron/main'],
    ['electron/headless/server.ts', 'electron'],
    ['electron/headless/server.ts', '../main/ipc'],
    ['electron/core/api/x.ts', '../../main/ipc'],
    ['electron/core/api/x.ts', '../../headless/server'],
    ['shared/contract/orders.ts', 'electron'],
    ['shared/contract/orders.ts', 'decimal.js'],
    ['shared/contract/orders.ts', 'node:fs'],
    ['shared/contract/orders.ts', '../../electron/core/domain/decimal'],
    ['renderer/src/app/App.tsx', 'electron'],
    ['renderer/src/app/App.tsx', 'better-sqlite3'],
    ['renderer/src/app/App.tsx', 'keytar'],
    ['renderer/src/app/App.tsx', 'ccxt'],
    ['renderer/src/app/App.tsx', '@alpacahq/alpaca-trade-api'],
    ['renderer/src/app/App.tsx', 'node:fs'],
    ['renderer/src/app/App.tsx', 'fs'],
    ['renderer/src/app/App.tsx', 'path'],
    ['renderer/src/app/App.tsx', '../../../electron/core/workstation'],
    ['renderer/src/app/App.tsx', '../../../package.json'],
    ['renderer/src/app/App.test.tsx', 'ws'],
    ['electron/preload/index.ts', 'node:fs'],
    ['electron/preload/index.ts', 'zod'],
    ['electron/preload/index.ts', '../core/workstation'],
    ['tests/unit/x.test.ts', 'electron'],
    ['scripts/anything.ts', 'electron'],
  ])('%s importing %s is reported', (file, specifier) => {
    expect(ruleBroken(file, specifier)).not.toBeNull();
  });

  it.each([
    ['electron/main/index.ts', 'electron'],
    ['electron/main/index.ts', '../core/workstation'],
    ['electron/main/protocol.ts', '../headless/renderer-files'],
    ['electron/preload/index.ts', 'electron'],
    ['electron/preload/index.ts', '../../shared/contract'],
    ['electron/core/store/database.ts', 'better-sqlite3'],
    ['electron/core/api/host.ts', '../../../shared/contract'],
    ['electron/headless/server.ts', 'ws'],
    ['electron/headless/server.ts', '../core/api/host'],
    ['shared/contract/orders.ts', 'zod'],
    ['shared/contract/orders.ts', './common'],
    ['renderer/src/app/App.tsx', 'react'],
    ['renderer/src/main.tsx', 'react-dom/client'],
    ['renderer/src/app/App.tsx', 'react/jsx-runtime'],
    ['renderer/src/app/App.tsx', '@tanstack/react-query'],
    ['renderer/src/features/chart/Chart.tsx', 'lightweight-charts'],
    ['renderer/src/features/chart/Chart.tsx', './chart.css'],
    ['renderer/src/api/client.ts', '../../../shared/contract'],
    ['renderer/src/app/App.test.tsx', 'vitest'],
  ])('%s importing %s is allowed', (file, specifier) => {
    expect(ruleBroken(file, specifier)).toBeNull();
  });

  it('reports the offending file and import', () => {
    expect(ruleBroken('electron/core/oms/orderManager.ts', 'electron')).toMatch(/electron\/main and electron\/preload/);
    const fakeScan: Violation[] = [{ file: 'renderer/src/x.ts', specifier: 'better-sqlite3', rule: ruleBroken('renderer/src/x.ts', 'better-sqlite3')! }];
    expect(fakeScan[0]?.rule).toMatch(/renderer\/ may import only/);
  });
});
