import { createTransport, type Transport } from './bridge';
import { createApi, type Api } from './client';

export { ApiError, describeError, isApiError } from './ApiError';
export type { ConnectionState, ConnectionStatus } from './connectionStatus';

let transport: Transport | null = null;
let typedApi: Api | null = null;

/** The one transport of this window, created on first use rather than at import time. */
export function getTransport(): Transport {
  transport ??= createTransport();
  return transport;
}

function getApi(): Api {
  typedApi ??= createApi(getTransport().bridge);
  return typedApi;
}

/** The typed API every feature calls: `api.invoke('orders.submit', input)`. */
export const api: Api = {
  invoke: (name, input) => getApi().invoke(name, input),
  subscribe: (event, listener) => getApi().subscribe(event, listener),
};
