import { Notification, app, session } from 'electron';
import type { BrowserWindow } from 'electron';
import { join } from 'node:path';
import type { ApiHost } from '../core/api/host';
import { createWorkstation } from '../core/workstation';
import { rendererOrigin } from './app-origin';
import { bindIpc } from './ipc';
import { installMenu } from './menu';
import { watchForNotifications } from './notifications';
import { registerAppScheme, serveRendererFrom } from './protocol';
import { installSecurityPolicy } from './security';
import { safeStorageCipher } from './safeStorageCipher';
import { showStartupError } from './startup-error';
import { createMainWindow } from './window';

// Both must happen before the app is ready.
registerAppScheme();
app.enableSandbox();

// Two instances would both write the database and both talk to the brokers.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  start().catch((err: unknown) => {
    console.error('main: fatal:', err);
    app.exit(1);
  });
}

async function start(): Promise<void> {
  const origin = rendererOrigin(process.env['ELECTRON_RENDERER_URL'], app.isPackaged);
  const windows = new Set<BrowserWindow>();

  app.on('second-instance', () => {
    const [win] = windows;
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  // macOS apps stay open without windows; elsewhere closing the last window quits.
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  await app.whenReady();
  installSecurityPolicy(session.defaultSession, origin);
  serveRendererFrom(join(import.meta.dirname, '../renderer'));
  installMenu({ appName: app.getName(), isMac: process.platform === 'darwin', isDev: !app.isPackaged });

  const dataDir = app.getPath('userData');
  let api: ApiHost;
  try {
    api = await createWorkstation({ dataDir, vault: { cipher: safeStorageCipher() } });
  } catch (err) {
    await showStartupError(err, dataDir);
    app.exit(1);
    return;
  }

  // The kill switch lives in the menu too, with a shortcut, so it works whatever the page is doing.
  installMenu({
    appName: app.getName(),
    isMac: process.platform === 'darwin',
    isDev: !app.isPackaged,
    tradingItems: [
      {
        label: 'Kill Switch: Halt All Trading',
        accelerator: 'CmdOrCtrl+Shift+K',
        click: () => void api.invoke('risk.killSwitch', { cancelOpen: true, flatten: false, reason: 'Menu' }, { caller: 'menu' }),
      },
    ],
  });

  const stopNotifications = watchForNotifications(api, (title, body) => {
    if (Notification.isSupported()) new Notification({ title, body }).show();
  });

  const unbind = bindIpc({
    api,
    origin,
    trustedContents: () => [...windows].filter((w) => !w.isDestroyed()).map((w) => w.webContents),
  });

  const openWindow = (): void => {
    const win = createMainWindow(origin.entryUrl, !app.isPackaged);
    windows.add(win);
    win.on('closed', () => windows.delete(win));
  };
  openWindow();
  app.on('activate', () => {
    if (windows.size === 0) openWindow();
  });

  // The engine gets to finish its writes and close the database before the process ends.
  let shutdown: 'running' | 'closing' | 'closed' = 'running';
  app.on('will-quit', (event) => {
    if (shutdown === 'closed') return;
    event.preventDefault();
    if (shutdown === 'closing') return;
    shutdown = 'closing';
    void (async () => {
      try {
        unbind();
        stopNotifications();
        await api.close();
      } catch (err) {
        console.error('main: engine did not close cleanly:', err);
      } finally {
        shutdown = 'closed';
        app.quit();
      }
    })();
  });
}
