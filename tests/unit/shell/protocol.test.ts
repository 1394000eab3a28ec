import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { rmSync } from 'node:fs';

vi.mock('electron', () => import('./fake-electron'));

const { protocol } = await import('./fake-electron');
const { appResponse, registerAppScheme, serveRendererFrom } = await import('../../../electron/main/protocol');

const EXPECTED_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

const base = mkdtempSync(join(tmpdir(), 'tw-protocol-'));
const root = join(base, 'renderer');
mkdirSync(join(root, 'assets'), { recursive: true });
writeFileSync(join(root, 'index.html'), '<!doctype html><title>tw</title>');
writeFileSync(join(root, 'assets', 'app-abc123.js'), 'console.log(1)');
writeFileSync(join(root, 'assets', 'app-abc123.css'), 'body{}');
writeFileSync(join(base, 'secret.txt'), 'TOP SECRET');
afterAll(() => rmSync(base, { recursive: true, force: true }));

const get = (url: string, method = 'GET') => appResponse(new Request(url, { method }), root);

describe('app:// protocol', () => {
  it('registers a standard, secure scheme before ready, and handles it', () => {
    registerAppScheme();
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      expect.objectContaining({
        scheme: 'app',
        privileges: expect.objectContaining({ standard: true, secure: true }),
      }),
    ]);
    const privileges = protocol.registerSchemesAsPrivileged.mock.calls[0]?.[0]?.[0]?.privileges;
    expect(privileges?.bypassCSP).toBeFalsy();
    serveRendererFrom(root);
    expect(protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
  });

  it('serves index.html with the CSP and no caching', async () => {
    const res = await get('app://workstation/');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>tw</title>');
    expect(res.headers.get('content-security-policy')).toBe(EXPECTED_CSP);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('serves hashed assets with their content type', async () => {
    const js = await get('app://workstation/assets/app-abc123.js');
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toContain('immutable');
    const css = await get('app://workstation/assets/app-abc123.css');
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('falls back to index.html for app routes, not for missing files', async () => {
    const route = await get('app://workstation/orders/123');
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('<title>tw</title>');
    const missing = await get('app://workstation/assets/missing.js');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-security-policy')).toBe(EXPECTED_CSP);
  });

  it.each([
    'app://workstation/..%2fsecret.txt',
    'app://workstation/%2e%2e%2fsecret.txt',
    'app://workstation/assets/..%2f..%2fsecret.txt',
    'app://workstation/..%5csecret.txt',
    'app://workstation/%252e%252e/secret.txt',
    'app://workstation/%00index.html',
  ])('never serves a file outside the renderer folder: %s', async (url) => {
    const res = await get(url);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(await res.text()).not.toContain('TOP SECRET');
  });

  it('answers only its own host and only reads', async () => {
    expect((await get('app://elsewhere/index.html')).status).toBe(404);
    expect((await get('app://workstation/index.html', 'POST')).status).toBe(405);
  });
});
