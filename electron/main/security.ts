import { app, shell } from 'electron';
import type { Session, WebContents } from 'electron';
import { isTrustedRendererUrl } from './app-origin';
import type { RendererOrigin } from './app-origin';

/**
 * The renderer is treated as untrusted (Electron security checklist): it may not
 * navigate away from the app, open windows, attach webviews or get any permission.
 * Links it shows (broker docs, the chart attribution) open in the user's browser,
 * and only for a short list of https sites.
 */

/** Hosts (and their subdomains) whose pages the app may open in the system browser. */
const EXTERNAL_SITES = ['alpaca.markets', 'docs.ccxt.com', 'tradingview.com'] as const;

export function isAllowedExternalUrl(rawUrl: string): boolean {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '' || url.port !== '') return false;
  const host = url.hostname.toLowerCase();
  return EXTERNAL_SITES.some((site) => host === site || host.endsWith(`.${site}`));
}

export function openExternalIfAllowed(rawUrl: string): boolean {
  if (!isAllowedExternalUrl(rawUrl)) return false;
  void shell.openExternal(rawUrl).catch(() => {});
  return true;
}

/** Guards for one webContents: navigation, redirects, new windows, webviews. */
export function guardWebContents(contents: WebContents, origin: RendererOrigin): void {
  const keepInApp = (event: { preventDefault(): void }, url: string) => {
    if (isTrustedRendererUrl(url, origin)) return;
    event.preventDefault();
    openExternalIfAllowed(url);
  };
  contents.on('will-navigate', (event) => keepInApp(event, event.url));
  contents.on('will-redirect', (event) => keepInApp(event, event.url));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openExternalIfAllowed(url);
    return { action: 'deny' };
  });
}

/** No camera, microphone, notifications, geolocation, HID, serial, USB ... for anyone. */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

/** Applies the guards to every webContents the app will ever create, including ones we did not expect. */
export function installSecurityPolicy(session: Session, origin: RendererOrigin): void {
  denyAllPermissions(session);
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, origin));
}
