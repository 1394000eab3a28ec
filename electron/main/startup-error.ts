import { dialog, shell } from 'electron';
import { StoreError } from '../core/store/database';

/**
 * When the engine cannot start, the user gets a native dialog that says why and what to
 * do (the StoreError message is written for them), not a blank window.
 */
export function describeStartupError(err: unknown, dataDir: string): { title: string; message: string; detail: string } {
  if (err instanceof StoreError) {
    const titles: Record<StoreError['reason'], string> = {
      corrupt: 'The workstation database is damaged',
      'newer-version': 'The workstation database is from a newer version',
      locked: 'The workstation database is in use',
      io: 'The workstation database cannot be opened',
    };
    return { title: titles[err.reason], message: titles[err.reason], detail: `${err.message}\n\nData folder: ${dataDir}` };
  }
  const reason = err instanceof Error ? err.message : String(err);
  return {
    title: 'Trading Workstation could not start',
    message: 'Trading Workstation could not start',
    detail: `${reason}\n\nData folder: ${dataDir}`,
  };
}

export async function showStartupError(err: unknown, dataDir: string): Promise<void> {
  console.error('main: engine failed to start:', err);
  const { title, message, detail } = describeStartupError(err, dataDir);
  const { response } = await dialog.showMessageBox({
    type: 'error',
    title,
    message,
    detail,
    buttons: ['Quit', 'Show data folder'],
    defaultId: 0,
    cancelId: 0,
    noLink: true,
  });
  if (response === 1) await shell.openPath(dataDir);
}
