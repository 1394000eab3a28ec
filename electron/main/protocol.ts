import { protocol } from 'electron';
import { readFile, stat } from 'node:fs/promises';
import { APP_CSP, fileHeaders, resolveRequestPath, securityHeaders } from '../headless/renderer-files';
import { APP_HOST, APP_SCHEME } from './app-origin';

/**
 * The renderer is served from app://workstation/ rather than file://: a file:// page
 * could read any file its path can name, and has no origin to write a CSP for.
 * `standard` gives the scheme real origins and relative URLs; `secure` makes it a
 * secure context; `supportFetchAPI` lets the page fetch its own assets.
 * Must run before the app is ready.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

/** Installs the handler on the default session; call once the app is ready. */
export function serveRendererFrom(rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => appResponse(request, rendererDir));
}

/** What app://workstation/<path> answers. Every response, errors included, carries the CSP. */
export async function appResponse(request: Request, rendererDir: string): Promise<Response> {
  const plain = (status: number, text: string): Response =>
    new Response(text, {
      status,
      headers: { ...securityHeaders(APP_CSP), 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
    });

  if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method Not Allowed');
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return plain(400, 'Bad Request');
  }
  if (url.host !== APP_HOST) return plain(404, 'Not Found');

  // Chromium has already normalised dot segments of a standard scheme; the raw path is
  // still checked, for encoded variants and for requests that do not come from Chromium.
  const target = resolveRequestPath(rendererDir, url.pathname);
  if (target.kind === 'refused') return plain(400, 'Bad Request');

  for (const candidate of [target.path, target.fallback]) {
    if (candidate === null || !(await isFile(candidate))) continue;
    const body = await readFile(candidate);
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: fileHeaders(candidate, rendererDir, APP_CSP),
    });
  }
  return plain(404, 'Not Found');
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
