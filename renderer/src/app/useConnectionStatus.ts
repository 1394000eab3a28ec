import { useSyncExternalStore } from 'react';
import { getTransport, type ConnectionStatus } from '../api';

export function useConnectionStatus(): ConnectionStatus {
  const { status } = getTransport();
  return useSyncExternalStore(status.subscribe, status.get);
}

export function retryConnectionNow(): void {
  getTransport().retryNow();
}
