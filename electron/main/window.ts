import { BrowserWindow } from 'electron';
import type { BrowserWindowConstructorOptions } from 'electron';
import { join } from 'node:path';

/** The built preload: CommonJS, because a sandboxed preload cannot load an ES module. */
export const PRELOAD_PATH = join(import.meta.dirname, '../preload/index.cjs');
/** Same as the renderer's background, so there is no white flash before the first paint. */
export const BACKGROUND_COLOR = '#0b0e14';

/** Electron's security checklist, every item spelled out even where it is the default. */
export function mainWindowOptions(opts: { preloadPath?: string; devTools: boolean }): BrowserWindowConstructorOptions {
  return {
    width: 1440,
    height: 900,
    minWidth: 1024,
    minHeight: 640,
    title: 'Trading Workstation',
    backgroundColor: BACKGROUND_COLOR,
    show: false,
    webPreferences: {
      preload: opts.preloadPath ?? PRELOAD_PATH,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: opts.devTools,
    },
  };
}

export function createMainWindow(entryUrl: string, devTools: boolean): BrowserWindow {
  const win = new BrowserWindow(mainWindowOptions({ devTools }));
  win.once('ready-to-show', () => win.show());
  win.loadURL(entryUrl).catch((err: unknown) => {
    // Show whatever did load rather than an invisible window that looks like a hang.
    console.error('main: the renderer failed to load:', err);
    if (!win.isDestroyed()) win.show();
  });
  return win;
}
