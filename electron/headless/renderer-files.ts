import { extname, isAbsolute, relative, resolve, sep } from 'node:path';

/**
 * Mapping a request path to a file of the built renderer, shared by the headless HTTP
 * server and the Electron app:// protocol handler. It lives in electron/headless because
 * that folder is checked electron-free by tests/unit/layering.test.ts, so main may use it
 * and the headless host can never pull Electron in through it.
 */

/**
 * The page's Content-Security-Policy. 'unsafe-inline' for styles only: lightweight-charts
 * inserts a <style> element for its attribution logo, and React sets style properties.
 * Scripts stay 'self' only. `connectSources` lets the headless host name its WebSocket
 * explicitly, since older engines do not let 'self' cover ws: URLs.
 */
export function contentSecurityPolicy(connectSources: readonly string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    ["connect-src 'self'", ...connectSources].join(' '),
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}

export const APP_CSP = contentSecurityPolicy();

const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
};

export function contentTypeOf(filePath: string): string {
  return contentTypes[extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

export type ResolvedRequest =
  /** A file that may exist under the root; `fallback` is index.html when the file is missing and the path looks like an app route. */
  | { kind: 'file'; path: string; fallback: string | null }
  | { kind: 'refused'; reason: string };

/**
 * Turns the raw (still percent-encoded) path of a request into a file under `rootDir`.
 * Anything that could climb out is refused outright rather than normalised away: the
 * decoded path may not contain "..", backslashes, NUL or a drive letter, and the result
 * must still be inside the root.
 */
export function resolveRequestPath(rootDir: string, rawPath: string): ResolvedRequest {
  const root = resolve(rootDir);
  const pathOnly = rawPath.split(/[?#]/, 1)[0] ?? '';
  if (!pathOnly.startsWith('/')) return { kind: 'refused', reason: 'path must start with /' };

  let decoded: string;
  try {
    decoded = decodeURIComponent(pathOnly);
  } catch {
    return { kind: 'refused', reason: 'malformed percent-encoding' };
  }
  if (/[\\\0]/.test(decoded) || /^\/[A-Za-z]:/.test(decoded)) {
    return { kind: 'refused', reason: 'forbidden character in path' };
  }
  const segments = decoded.split('/');
  if (segments.some((s) => s === '..' || s === '.')) return { kind: 'refused', reason: 'dot segment in path' };

  const wanted = decoded.endsWith('/') ? `${decoded}index.html` : decoded;
  const file = resolve(root, `.${wanted}`);
  const rel = relative(root, file);
  if (rel === '' || rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel)) {
    return { kind: 'refused', reason: 'outside the renderer folder' };
  }
  // Client-side routes have no extension; missing assets (with one) must stay 404s,
  // otherwise a missing script would be answered with HTML.
  const looksLikeRoute = extname(wanted) === '';
  return { kind: 'file', path: file, fallback: looksLikeRoute ? resolve(root, 'index.html') : null };
}

/** Headers every response carries, errors included. */
export function securityHeaders(csp: string = APP_CSP): Record<string, string> {
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}

/**
 * Headers for a renderer file. index.html must never be cached, so a rebuilt renderer
 * is picked up; Vite's content-hashed files under assets/ can be cached forever.
 */
export function fileHeaders(filePath: string, rootDir: string, csp: string = APP_CSP): Record<string, string> {
  const rel = relative(resolve(rootDir), filePath).split(sep).join('/');
  const cache = rel.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-store';
  return { ...securityHeaders(csp), 'Content-Type': contentTypeOf(filePath), 'Cache-Control': cache };
}
