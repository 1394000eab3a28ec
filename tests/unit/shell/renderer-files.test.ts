import { relative, resolve, sep } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentTypeOf, resolveRequestPath } from '../../../electron/headless/renderer-files';
import { isAllowedOrigin, isLoopbackHost, tokenMatches } from '../../../electron/headless/access';

const root = resolve('/srv/tw/renderer');
const inside = (p: string) => {
  const rel = relative(root, p);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !rel.startsWith(sep);
};

describe('resolveRequestPath', () => {
  it('never resolves outside the renderer folder, whatever the path (property)', () => {
    const segment = fc.oneof(
      fc.constantFrom('..', '.', '%2e%2e', '%2E%2e', '..%2f', '%5c..', '..\\', '%00', '', 'assets', 'index.html', '%252e%252e', '%c0%ae'),
      fc.string({ maxLength: 6 }),
    );
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 8 }), (parts) => {
        const r = resolveRequestPath(root, `/${parts.join('/')}`);
        if (r.kind === 'file') {
          expect(inside(r.path)).toBe(true);
          if (r.fallback) expect(r.fallback).toBe(resolve(root, 'index.html'));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('maps / to index.html and keeps query strings out of the path', () => {
    expect(resolveRequestPath(root, '/')).toEqual({ kind: 'file', path: resolve(root, 'index.html'), fallback: null });
    expect(resolveRequestPath(root, '/assets/a.js?v=1#x')).toMatchObject({ kind: 'file', path: resolve(root, 'assets/a.js'), fallback: null });
    expect(resolveRequestPath(root, '/orders')).toMatchObject({ fallback: resolve(root, 'index.html') });
  });

  it('knows the content types a Vite build produces', () => {
    expect(contentTypeOf('a.js')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeOf('a.CSS')).toBe('text/css; charset=utf-8');
    expect(contentTypeOf('a.svg')).toBe('image/svg+xml');
    expect(contentTypeOf('a.woff2')).toBe('font/woff2');
    expect(contentTypeOf('a.unknown')).toBe('application/octet-stream');
  });
});

describe('access checks', () => {
  it.each([
    ['127.0.0.1:8080', true],
    ['localhost:5173', true],
    ['[::1]:80', true],
    ['localhost', true],
    ['evil.example:8080', false],
    ['127.0.0.1.evil.example', false],
    ['', false],
    [undefined, false],
  ])('Host %s loopback=%s', (host, ok) => expect(isLoopbackHost(host)).toBe(ok));

  it.each([
    [undefined, true],
    ['http://127.0.0.1:5173', true],
    ['http://localhost:1', true],
    ['http://localhost', true],
    ['https://localhost:5173', false],
    ['http://evil.example', false],
    ['http://localhost.evil.example', false],
    ['null', false],
    ['http://127.0.0.1:5173/path', false],
  ])('Origin %s allowed=%s', (origin, ok) => expect(isAllowedOrigin(origin)).toBe(ok));

  it('compares tokens exactly', () => {
    const t = 'a'.repeat(64);
    expect(tokenMatches(t, t)).toBe(true);
    expect(tokenMatches(`${t}a`, t)).toBe(false);
    expect(tokenMatches('A'.repeat(64), t)).toBe(false);
    expect(tokenMatches(null, t)).toBe(false);
  });
});
