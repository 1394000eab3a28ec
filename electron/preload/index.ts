import { contextBridge, ipcRenderer } from 'electron';
import type { IpcRendererEvent } from 'electron';
import { fail, isEventName, isInvokeName } from '../../shared/contract';
import type { WorkstationBridge } from '../../shared/contract';

/**
 * window.workstation: the page's only way to the engine. Only declared channel names go
 * through, so a compromised page cannot reach any other IPC message; main checks the
 * sender and the engine parses the input again anyway.
 * This file runs in a sandbox: it may require 'electron' and nothing else, so all it
 * imports besides Electron is bundled (the contract, with zod).
 */
export const bridge: WorkstationBridge = {
  async invoke(channel, input) {
    if (!isInvokeName(channel)) return fail('UNKNOWN_CHANNEL', `Unknown channel "${String(channel)}".`);
    try {
      return (await ipcRenderer.invoke(channel, input)) as unknown;
    } catch (err) {
      // The page is promised an envelope, never an exception: the input could not be
      // structured-cloned (functions, DOM nodes ...), or main had no handler yet.
      const message = err instanceof Error ? err.message : String(err);
      return /could not be cloned/i.test(message)
        ? fail('BAD_REQUEST', 'The request contains values that cannot be sent (functions, DOM nodes ...).')
        : fail('UNAVAILABLE', 'The workstation engine is not reachable.');
    }
  },
  subscribe(event, listener) {
    if (!isEventName(event) || typeof listener !== 'function') {
      console.warn(`workstation: cannot subscribe to unknown event "${String(event)}"`);
      return () => {};
    }
    // The IpcRendererEvent carries `sender` (ipcRenderer itself): it must never reach the page.
    const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(event, forward);
    return () => {
      ipcRenderer.removeListener(event, forward);
    };
  },
};

contextBridge.exposeInMainWorld('workstation', bridge);
