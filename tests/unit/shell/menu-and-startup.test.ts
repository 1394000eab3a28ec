import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron'));

const { dialog, shell } = await import('./fake-electron');
const { menuTemplate } = await import('../../../electron/main/menu');
const { describeStartupError, showStartupError } = await import('../../../electron/main/startup-error');
const { StoreError } = await import('../../../electron/core/store/database');

function roles(items: MenuItemConstructorOptions[]): string[] {
  return items.flatMap((item) => [
    ...(item.role ? [item.role] : []),
    ...(Array.isArray(item.submenu) ? roles(item.submenu) : []),
  ]);
}

describe('application menu', () => {
  it('has no reload or developer tools in a packaged build', () => {
    const packaged = roles(menuTemplate({ appName: 'TW', isMac: false, isDev: false }));
    expect(packaged).not.toContain('toggleDevTools');
    expect(packaged).not.toContain('reload');
    expect(packaged).toContain('quit');
    expect(roles(menuTemplate({ appName: 'TW', isMac: false, isDev: true }))).toContain('toggleDevTools');
  });

  it('puts the Trading menu (kill switch) after Edit only when it has items', () => {
    const labels = (t: MenuItemConstructorOptions[]) => t.map((i) => i.label ?? i.role);
    expect(labels(menuTemplate({ appName: 'TW', isMac: false, isDev: false }))).not.toContain('Trading');
    const withTrading = menuTemplate({ appName: 'TW', isMac: true, isDev: false, tradingItems: [{ label: 'Kill switch' }] });
    expect(labels(withTrading)).toEqual(['TW', 'File', 'Edit', 'Trading', 'View', 'windowMenu']);
  });
});

describe('startup error dialog', () => {
  it('shows the store error written for the user, with the data folder', () => {
    const err = new StoreError('newer-version', 'The database was written by a newer version. Update the app.');
    const shown = describeStartupError(err, '/data');
    expect(shown.title).toMatch(/newer version/);
    expect(shown.detail).toContain('Update the app.');
    expect(shown.detail).toContain('/data');
  });

  it('is a native error dialog that can open the data folder', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    dialog.showMessageBox.mockResolvedValueOnce({ response: 1, checkboxChecked: false });
    await showStartupError(new StoreError('corrupt', 'damaged'), '/data');
    expect(dialog.showMessageBox).toHaveBeenCalledWith(expect.objectContaining({ type: 'error', detail: expect.stringContaining('damaged') }));
    expect(shell.openPath).toHaveBeenCalledWith('/data');
  });
});
