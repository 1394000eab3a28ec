import type { WorkstationBridge } from '../../../shared/contract';
import { ConnectionStatusStore } from './connectionStatus';
import { WebSocketBridge } from './webSocketBridge';

declare global {
  interface Window {
    /** Set by the Electron preload script; absent in a plain browser. */
    workstation?: WorkstationBridge;
  }
}

export interface Transport {
  bridge: WorkstationBridge;
  status: ConnectionStatusStore;
  /** Skip the backoff wait (the "Retry now" button). */
  retryNow: () => void;
}

/**
 * Where the headless host's WebSocket is: a `ws` query parameter with the full URL
 * (Vite dev server, which does not serve the API itself), otherwise /api on the host that
 * served this page, with the session token from the page's own query string.
 */
export function webSocketUrlFromLocation(location: Location): string {
  const params = new URLSearchParams(location.search);
  const explicit = params.get('ws');
  if (explicit) return explicit;
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const token = params.get('token') ?? '';
  return `${scheme}//${location.host}/api?token=${encodeURIComponent(token)}`;
}

/** In Electron, IPC to the main process; in a browser, the headless host's WebSocket. */
export function createTransport(): Transport {
  const preloadBridge = window.workstation;
  if (preloadBridge) {
    // IPC to the main process in the same app cannot drop; engine trouble shows up as
    // UNAVAILABLE replies instead.
    const status = new ConnectionStatusStore({
      state: 'connected',
      nextRetryAt: null,
      failedAttempts: 0,
      connectedEpoch: 1,
    });
    return { bridge: preloadBridge, status, retryNow: () => undefined };
  }
  const socketBridge = new WebSocketBridge({ url: webSocketUrlFromLocation(window.location) });
  return { bridge: socketBridge, status: socketBridge.status, retryNow: () => socketBridge.retryNow() };
}
