import { vi } from 'vitest';

/**
 * A stand-in for the 'electron' module: enough surface for electron/main and
 * electron/preload to run under plain Node, recording what they do with it.
 * Tests use it through `vi.mock('electron', () => import('./fake-electron'))`.
 */

type Listener = (...args: unknown[]) => unknown;

export class FakeEmitter {
  readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: Listener): this {
    return this.on(event, listener);
  }
  removeListener(event: string, listener: Listener): this {
    this.listeners.set(
      event,
      (this.listeners.get(event) ?? []).filter((l) => l !== listener),
    );
    return this;
  }
  emit(event: string, ...args: unknown[]): void {
    for (const l of this.listeners.get(event) ?? []) l(...args);
  }
  count(event: string): number {
    return this.listeners.get(event)?.length ?? 0;
  }
}

export interface FakeFrame {
  url: string;
  parent: FakeFrame | null;
  processId: number;
  frameToken: string;
}

let nextContentsId = 1;

export class FakeWebContents extends FakeEmitter {
  readonly id = nextContentsId++;
  destroyed = false;
  mainFrame: FakeFrame;
  readonly sent: Array<{ channel: string; args: unknown[] }> = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  constructor(url = 'app://workstation/index.html') {
    super();
    this.mainFrame = { url, parent: null, processId: 100 + this.id, frameToken: `token-${this.id}` };
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
}

export class BrowserWindow extends FakeEmitter {
  static created: BrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  readonly loadURL = vi.fn(async (_url: string) => {});
  readonly show = vi.fn();
  constructor(readonly options: Record<string, unknown>) {
    super();
    BrowserWindow.created.push(this);
  }
  isDestroyed(): boolean {
    return false;
  }
}

const handlers = new Map<string, Listener>();
export const ipcMain = {
  handlers,
  handle: vi.fn((channel: string, listener: Listener) => {
    if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    handlers.set(channel, listener);
  }),
  removeHandler: vi.fn((channel: string) => {
    handlers.delete(channel);
  }),
};

const rendererEmitter = new FakeEmitter();
export const ipcRenderer = {
  emitter: rendererEmitter,
  invoke: vi.fn(async (channel: string, input: unknown) => ({ ok: true, value: { echoed: channel, input } })),
  on: vi.fn((channel: string, listener: Listener) => {
    rendererEmitter.on(channel, listener);
    return ipcRenderer;
  }),
  removeListener: vi.fn((channel: string, listener: Listener) => {
    rendererEmitter.removeListener(channel, listener);
    return ipcRenderer;
  }),
  send: vi.fn(),
  sendSync: vi.fn(),
};

export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld: vi.fn((key: string, api: unknown) => {
    contextBridge.exposed.set(key, api);
  }),
};

export const shell = {
  openExternal: vi.fn(async (_url: string) => {}),
  openPath: vi.fn(async (_path: string) => ''),
};

export const protocol = {
  registerSchemesAsPrivileged: vi.fn(),
  handle: vi.fn(),
};

export const Menu = {
  buildFromTemplate: vi.fn((template: unknown) => ({ template })),
  setApplicationMenu: vi.fn(),
};

export const dialog = {
  showMessageBox: vi.fn(async () => ({ response: 0, checkboxChecked: false })),
};

export const app = Object.assign(new FakeEmitter(), {
  isPackaged: false,
  enableSandbox: vi.fn(),
  getPath: vi.fn(() => '/tmp/fake-user-data'),
  getName: vi.fn(() => 'Trading Workstation'),
});

export class FakeSession {
  requestHandler: Listener | null = null;
  checkHandler: Listener | null = null;
  deviceHandler: Listener | null = null;
  setPermissionRequestHandler(h: Listener): void {
    this.requestHandler = h;
  }
  setPermissionCheckHandler(h: Listener): void {
    this.checkHandler = h;
  }
  setDevicePermissionHandler(h: Listener): void {
    this.deviceHandler = h;
  }
}

export const session = { defaultSession: new FakeSession() };

export default {
  app,
  BrowserWindow,
  contextBridge,
  dialog,
  ipcMain,
  ipcRenderer,
  Menu,
  protocol,
  session,
  shell,
};
