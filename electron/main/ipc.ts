import { ipcMain } from 'electron';
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { fail, invokeNames } from '../../shared/contract';
import type { Envelope } from '../../shared/contract';
import type { ApiHost } from '../core/api/host';
import { isTrustedRendererUrl } from './app-origin';
import type { RendererOrigin } from './app-origin';

export interface IpcBindingOptions {
  api: ApiHost;
  origin: RendererOrigin;
  /** The webContents of our own windows, the only ones that may call and that receive events. */
  trustedContents: () => readonly WebContents[];
  onError?: (err: unknown) => void;
}

/**
 * Only the top frame of one of our windows, showing our own renderer, may call the
 * API. An iframe, a page that navigated elsewhere, or any other webContents gets
 * FORBIDDEN and the engine never sees the call.
 */
export function isTrustedSender(event: IpcMainInvokeEvent, opts: Pick<IpcBindingOptions, 'origin' | 'trustedContents'>): boolean {
  const frame = event.senderFrame;
  if (frame === null || frame.parent !== null) return false;
  const contents = opts.trustedContents().find((c) => !c.isDestroyed() && c.id === event.sender.id);
  if (contents === undefined) return false;
  const main = contents.mainFrame;
  if (frame.processId !== main.processId || frame.frameToken !== main.frameToken) return false;
  return isTrustedRendererUrl(frame.url, opts.origin);
}

/**
 * Registers one handler per declared invoke channel (the preload forwards no other
 * names, and an undeclared name has no handler here either) and forwards the engine's
 * events to our windows. The engine parses every input itself. Returns the unbinding.
 */
export function bindIpc(opts: IpcBindingOptions): () => void {
  const onError = opts.onError ?? ((err: unknown) => console.error('main: ipc:', err));
  for (const name of invokeNames) {
    ipcMain.handle(name, async (event, input: unknown): Promise<Envelope<unknown>> => {
      if (!isTrustedSender(event, opts)) return fail('FORBIDDEN', 'This frame may not use the workstation API.');
      try {
        return await opts.api.invoke(name, input, { caller: `ipc:${event.sender.id}` });
      } catch (err) {
        // ApiHost promises never to throw; an exception must still not cross to the renderer.
        onError(err);
        return fail('INTERNAL', 'Internal error.');
      }
    });
  }

  const unsubscribe = opts.api.subscribe((eventName, payload) => {
    for (const contents of opts.trustedContents()) {
      if (contents.isDestroyed()) continue;
      // Only while our renderer is what the window shows.
      if (!isTrustedRendererUrl(contents.mainFrame.url, opts.origin)) continue;
      try {
        contents.send(eventName, payload);
      } catch (err) {
        onError(err);
      }
    }
  });

  return () => {
    unsubscribe();
    for (const name of invokeNames) ipcMain.removeHandler(name);
  };
}
