import type { WebContents } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { invokeNames } from '../../../shared/contract';
import type { Envelope } from '../../../shared/contract';
import type { ApiHost, EventListener } from '../../../electron/core/api/host';

vi.mock('electron', () => import('./fake-electron'));

const { FakeWebContents, ipcMain } = await import('./fake-electron');
const { rendererOrigin } = await import('../../../electron/main/app-origin');
const { bindIpc } = await import('../../../electron/main/ipc');

type Contents = InstanceType<typeof FakeWebContents>;

function fakeApi() {
  let listener: EventListener | null = null;
  const api = {
    invoke: vi.fn(async (channel: string, rawInput: unknown, _ctx: { caller: string }): Promise<Envelope<unknown>> => ({
      ok: true,
      value: { channel, rawInput },
    })),
    subscribe: vi.fn((l: EventListener) => {
      listener = l;
      return () => {
        listener = null;
      };
    }),
    close: vi.fn(async () => {}),
  } satisfies ApiHost;
  return { api, emit: (event: string, payload: unknown) => (listener as ((e: string, p: unknown) => void) | null)?.(event, payload), subscribed: () => listener !== null };
}

const origin = rendererOrigin(undefined, true);

function setup() {
  ipcMain.handlers.clear();
  const ours = new FakeWebContents();
  const { api, emit, subscribed } = fakeApi();
  const unbind = bindIpc({
    api,
    origin,
    trustedContents: () => [ours as unknown as WebContents],
    onError: () => {},
  });
  const call = (channel: string, input: unknown, event: { sender: Contents; senderFrame: unknown }) => {
    const handler = ipcMain.handlers.get(channel);
    if (!handler) throw new Error(`no handler for ${channel}`);
    return handler(event, input) as Promise<Envelope<unknown>>;
  };
  const fromOurWindow = () => ({ sender: ours, senderFrame: ours.mainFrame });
  return { ours, api, emit, subscribed, unbind, call, fromOurWindow };
}

beforeEach(() => {
  ipcMain.handle.mockClear();
  ipcMain.removeHandler.mockClear();
});

describe('IPC binding', () => {
  it('registers a handler for every declared invoke channel and nothing else', () => {
    setup();
    const registered = ipcMain.handle.mock.calls.map((c) => c[0]);
    expect([...registered].sort()).toEqual([...invokeNames].sort());
  });

  it('forwards the raw input from our main frame with the webContents as caller', async () => {
    const { ours, api, call, fromOurWindow } = setup();
    const raw = { symbol: 'AAPL', side: 'buy', type: 'market', qty: '1', extra: { nested: true } };
    const reply = await call('orders.submit', raw, fromOurWindow());
    expect(api.invoke).toHaveBeenCalledTimes(1);
    expect(api.invoke.mock.calls[0]?.[0]).toBe('orders.submit');
    expect(api.invoke.mock.calls[0]?.[1]).toBe(raw); // not parsed or copied here: the engine parses
    expect(api.invoke.mock.calls[0]?.[2]).toEqual({ caller: `ipc:${ours.id}` });
    expect(reply).toEqual({ ok: true, value: { channel: 'orders.submit', rawInput: raw } });
  });

  const forbiddenSenders: Array<[string, (ours: Contents) => { sender: Contents; senderFrame: unknown }]> = [
    ['a destroyed frame (senderFrame null)', (ours) => ({ sender: ours, senderFrame: null })],
    ['an iframe of our window', (ours) => ({ sender: ours, senderFrame: { ...ours.mainFrame, parent: ours.mainFrame, frameToken: 'child' } })],
    ['a top frame that is not our main frame', (ours) => ({ sender: ours, senderFrame: { ...ours.mainFrame, frameToken: 'other' } })],
    ['our main frame after navigating off-app', (ours) => ({ sender: ours, senderFrame: { ...ours.mainFrame, url: 'https://evil.example/' } })],
    ['our main frame on file://', (ours) => ({ sender: ours, senderFrame: { ...ours.mainFrame, url: 'file:///tmp/x.html' } })],
    ['another webContents', () => {
      const other = new FakeWebContents();
      return { sender: other, senderFrame: other.mainFrame };
    }],
  ];

  it.each(forbiddenSenders)('answers FORBIDDEN to %s without calling the engine', async (_name, makeEvent) => {
    const { ours, api, call } = setup();
    const reply = await call('orders.submit', { symbol: 'AAPL' }, makeEvent(ours));
    expect(reply).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(api.invoke).not.toHaveBeenCalled();
  });

  it('turns an engine exception into INTERNAL instead of letting it cross', async () => {
    const { api, call, fromOurWindow } = setup();
    api.invoke.mockRejectedValueOnce(new Error('secret detail'));
    const reply = await call('app.info', {}, fromOurWindow());
    expect(reply).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'Internal error.' } });
  });

  it('sends events to our windows only while they show our renderer', () => {
    const { ours, emit } = setup();
    emit('orders.changed', { orders: [] });
    expect(ours.sent).toEqual([{ channel: 'orders.changed', args: [{ orders: [] }] }]);
    ours.mainFrame.url = 'https://evil.example/';
    emit('orders.changed', { orders: [] });
    expect(ours.sent).toHaveLength(1);
    ours.mainFrame.url = 'app://workstation/index.html';
    ours.destroyed = true;
    emit('orders.changed', { orders: [] });
    expect(ours.sent).toHaveLength(1);
  });

  it('unbinding removes every handler and the event subscription', () => {
    const { unbind, subscribed } = setup();
    expect(subscribed()).toBe(true);
    unbind();
    expect(ipcMain.handlers.size).toBe(0);
    expect(subscribed()).toBe(false);
  });
});
