import { basename, dirname } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron'));

const { BrowserWindow } = await import('./fake-electron');
const { createMainWindow, mainWindowOptions, PRELOAD_PATH } = await import('../../../electron/main/window');

describe('main window', () => {
  it('sets every flag of the Electron security checklist', () => {
    const prefs = mainWindowOptions({ devTools: false }).webPreferences;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      devTools: false,
    });
  });

  it('points at the CommonJS preload next to the main bundle (out/main -> out/preload/index.cjs)', () => {
    expect(basename(PRELOAD_PATH)).toBe('index.cjs');
    expect(basename(dirname(PRELOAD_PATH))).toBe('preload');
    expect(mainWindowOptions({ devTools: true }).webPreferences?.preload).toBe(PRELOAD_PATH);
  });

  it('is created hidden on a dark background and shown when ready to show', () => {
    const win = createMainWindow('app://workstation/index.html', false) as unknown as InstanceType<typeof BrowserWindow>;
    expect(win.options).toMatchObject({ show: false, backgroundColor: '#0b0e14' });
    expect(win.loadURL).toHaveBeenCalledWith('app://workstation/index.html');
    expect(win.show).not.toHaveBeenCalled();
    win.emit('ready-to-show');
    expect(win.show).toHaveBeenCalledTimes(1);
  });
});
