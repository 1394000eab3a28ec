import { beforeEach, describe, expect, it, vi } from 'vitest';
import { eventNames, invokeNames } from '../../../shared/contract';
import type { WorkstationBridge } from '../../../shared/contract';

vi.mock('electron', () => import('./fake-electron'));

const { contextBridge, ipcRenderer } = await import('./fake-electron');
await import('../../../electron/preload/index');

const exposed = () => contextBridge.exposed.get('workstation') as WorkstationBridge;

beforeEach(() => {
  ipcRenderer.invoke.mockClear();
  ipcRenderer.on.mockClear();
});

describe('preload bridge', () => {
  it('exposes exactly window.workstation = { invoke, subscribe }', () => {
    // (call history is reset between tests; the fake keeps what was exposed)
    expect([...contextBridge.exposed.keys()]).toEqual(['workstation']);
    expect(Object.keys(exposed()).sort()).toEqual(['invoke', 'subscribe']);
  });

  it.each(invokeNames)('forwards the declared channel %s with its input untouched', async (name) => {
    const input = { any: ['thing'] };
    await exposed().invoke(name, input);
    expect(ipcRenderer.invoke).toHaveBeenCalledWith(name, input);
  });

  it.each(['shell.openExternal', 'orders.changed', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '', 'ORDERS.SUBMIT'])(
    'answers UNKNOWN_CHANNEL for %j without touching IPC',
    async (name) => {
      const reply = await exposed().invoke(name, {});
      expect(reply).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
      expect(ipcRenderer.invoke).not.toHaveBeenCalled();
    },
  );

  it('answers with an envelope, not an exception, when IPC fails', async () => {
    ipcRenderer.invoke.mockRejectedValueOnce(new Error('An object could not be cloned.'));
    expect(await exposed().invoke('app.info', { f: () => 1 })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    ipcRenderer.invoke.mockRejectedValueOnce(new Error("No handler registered for 'app.info'"));
    expect(await exposed().invoke('app.info', {})).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
  });

  it('refuses non-string channel names', async () => {
    const reply = await exposed().invoke(42 as unknown as string, {});
    expect(reply).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    expect(ipcRenderer.invoke).not.toHaveBeenCalled();
  });

  it.each(eventNames)('subscribes to %s and passes only the payload, never the IPC event', (name) => {
    const listener = vi.fn();
    const unsubscribe = exposed().subscribe(name, listener);
    expect(ipcRenderer.on).toHaveBeenCalledWith(name, expect.any(Function));
    const fakeIpcEvent = { sender: ipcRenderer, ports: [] };
    ipcRenderer.emitter.emit(name, fakeIpcEvent, { hello: 1 });
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener.mock.calls[0]).toEqual([{ hello: 1 }]);
    unsubscribe();
    ipcRenderer.emitter.emit(name, fakeIpcEvent, { hello: 2 });
    expect(listener).toHaveBeenCalledTimes(1);
    expect(ipcRenderer.emitter.count(name)).toBe(0);
  });

  it.each(['orders.submit', 'ipc-internal', '__proto__'])('does not subscribe to undeclared event %j', (name) => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const unsubscribe = exposed().subscribe(name, vi.fn());
    expect(ipcRenderer.on).not.toHaveBeenCalled();
    expect(() => unsubscribe()).not.toThrow();
    warn.mockRestore();
  });
});
