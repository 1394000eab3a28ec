import type { Session, WebContents } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron'));

const { app, FakeSession, FakeWebContents, shell } = await import('./fake-electron');
const { rendererOrigin } = await import('../../../electron/main/app-origin');
const { denyAllPermissions, guardWebContents, installSecurityPolicy, isAllowedExternalUrl } = await import(
  '../../../electron/main/security'
);

const origin = rendererOrigin(undefined, true);

function guarded() {
  const contents = new FakeWebContents();
  guardWebContents(contents as unknown as WebContents, origin);
  return contents;
}

function navigate(contents: InstanceType<typeof FakeWebContents>, kind: string, url: string) {
  const event = { url, preventDefault: vi.fn() };
  contents.emit(kind, event);
  return event;
}

beforeEach(() => shell.openExternal.mockClear());

describe('navigation and new windows', () => {
  it.each(['will-navigate', 'will-redirect'])('%s stays inside the app', (kind) => {
    const contents = guarded();
    expect(navigate(contents, kind, 'app://workstation/orders').preventDefault).not.toHaveBeenCalled();
    expect(navigate(contents, kind, 'https://evil.example/').preventDefault).toHaveBeenCalled();
    expect(navigate(contents, kind, 'file:///etc/passwd').preventDefault).toHaveBeenCalled();
    expect(navigate(contents, kind, 'http://localhost:5173/').preventDefault).toHaveBeenCalled();
    expect(shell.openExternal).not.toHaveBeenCalled();
  });

  it('opens an allowlisted link in the browser instead of navigating', () => {
    const contents = guarded();
    const event = navigate(contents, 'will-navigate', 'https://www.tradingview.com/?utm_medium=lwc-link');
    expect(event.preventDefault).toHaveBeenCalled();
    expect(shell.openExternal).toHaveBeenCalledWith('https://www.tradingview.com/?utm_medium=lwc-link');
  });

  it('denies every new window, opening only allowlisted https links externally', () => {
    const contents = guarded();
    const open = contents.windowOpenHandler;
    expect(open).not.toBeNull();
    expect(open?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(shell.openExternal).not.toHaveBeenCalled();
    expect(open?.({ url: 'https://alpaca.markets/docs/' })).toEqual({ action: 'deny' });
    expect(shell.openExternal).toHaveBeenCalledWith('https://alpaca.markets/docs/');
    expect(open?.({ url: 'app://workstation/index.html' })).toEqual({ action: 'deny' });
  });

  it('refuses to attach webviews', () => {
    const contents = guarded();
    const event = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', event, {}, {});
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('guards every webContents the app creates', () => {
    installSecurityPolicy(new FakeSession() as unknown as Session, origin);
    const contents = new FakeWebContents();
    app.emit('web-contents-created', {}, contents);
    expect(contents.windowOpenHandler).not.toBeNull();
    expect(contents.count('will-navigate')).toBe(1);
  });
});

describe('external link allowlist', () => {
  it.each([
    'https://alpaca.markets/',
    'https://docs.alpaca.markets/reference',
    'https://app.alpaca.markets/paper/dashboard',
    'https://docs.ccxt.com/#/README',
    'https://tradingview.com/',
    'https://www.tradingview.com/?utm_medium=lwc-link',
  ])('allows %s', (url) => expect(isAllowedExternalUrl(url)).toBe(true));

  it.each([
    'http://alpaca.markets/',
    'https://alpaca.markets.evil.example/',
    'https://evilalpaca.markets/',
    'https://user:pass@alpaca.markets/',
    'https://alpaca.markets:8443/',
    'https://github.com/ccxt/ccxt',
    'https://ccxt.com/',
    'javascript:alert(1)',
    'file:///etc/passwd',
    'app://workstation/index.html',
    'not a url',
  ])('refuses %s', (url) => expect(isAllowedExternalUrl(url)).toBe(false));
});

describe('permissions', () => {
  it('denies every request and every check', () => {
    const s = new FakeSession();
    denyAllPermissions(s as unknown as Session);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      const callback = vi.fn();
      s.requestHandler?.({}, permission, callback, {});
      expect(callback).toHaveBeenCalledWith(false);
      expect(s.checkHandler?.({}, permission, 'app://workstation', {})).toBe(false);
    }
    expect(s.deviceHandler?.({})).toBe(false);
  });
});

describe('renderer origin', () => {
  it('ignores ELECTRON_RENDERER_URL in a packaged app and for non-loopback hosts', () => {
    expect(rendererOrigin('http://localhost:5173', true).entryUrl).toBe('app://workstation/index.html');
    expect(rendererOrigin('http://evil.example:5173', false).entryUrl).toBe('app://workstation/index.html');
    expect(rendererOrigin('http://localhost:5173', false)).toMatchObject({ entryUrl: 'http://localhost:5173', host: 'localhost:5173' });
  });
});
