/**
 * Where the renderer is allowed to come from. Packaged and `npm start`: our own
 * privileged scheme, app://workstation/. In `npm run dev` only: electron-vite's dev
 * server, whose URL arrives in ELECTRON_RENDERER_URL. Everything that decides trust
 * (IPC sender check, navigation guard) asks `isTrustedRendererUrl`.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'workstation';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

export interface RendererOrigin {
  /** The URL the window loads. */
  entryUrl: string;
  /** `app:` + `workstation`, or the dev server's protocol and host:port. */
  protocol: string;
  host: string;
}

export function rendererOrigin(devServerUrl: string | undefined, isPackaged: boolean): RendererOrigin {
  // A packaged app ignores the variable: anyone who can set an environment variable
  // must not be able to point the trusted window at their own server.
  if (devServerUrl && !isPackaged) {
    const url = new URL(devServerUrl);
    if (url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)) {
      return { entryUrl: devServerUrl, protocol: url.protocol, host: url.host };
    }
  }
  return { entryUrl: APP_ENTRY_URL, protocol: `${APP_SCHEME}:`, host: APP_HOST };
}

export function isTrustedRendererUrl(rawUrl: string, origin: RendererOrigin): boolean {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return false;
  }
  // Node's URL gives "null" as the origin of a custom scheme, so compare the parts.
  return url.protocol === origin.protocol && url.host === origin.host && url.username === '' && url.password === '';
}
