import type { ConnectionInfo, ConnectionStatus, ConnectionTest, VaultStatus } from '../../../../../shared/contract';
import { formatPrice } from '../../../lib/format';

/** "Alpaca", or "ccxt · binance" for an exchange. */
export function venueLabel(connection: Pick<ConnectionInfo, 'venue' | 'exchangeId'>): string {
  return connection.venue === 'alpaca' ? 'Alpaca' : `ccxt · ${connection.exchangeId ?? 'exchange'}`;
}

/** "key ••••ABCD", from the last four characters the engine sends; never more. */
export function maskedKey(keyLast4: string): string {
  return keyLast4 ? `key ••••${keyLast4}` : 'key hidden';
}

type Storage = VaultStatus['backend'];

export const STORAGE_LABELS: Record<Storage, string> = {
  keychain: 'OS keychain',
  safeStorage: 'Safe storage',
  session: 'Session only',
};

export const STORAGE_HINTS: Record<Storage, string> = {
  keychain: 'The key is kept in the operating system keychain.',
  safeStorage: "The key is encrypted with the system's safe storage and kept in the app's database.",
  session: 'The key is kept in memory only: it is gone when the app quits.',
};

const STATUS_LABELS: Record<ConnectionStatus, string> = {
  untested: 'Not tested',
  connecting: 'Testing…',
  connected: 'Connected',
  reconnecting: 'Reconnecting',
  down: 'Down',
  error: 'Problem',
};

export type StatusTone = 'ok' | 'busy' | 'idle' | 'failed';

export function statusLabel(status: ConnectionStatus): string {
  return STATUS_LABELS[status];
}

export function statusTone(status: ConnectionStatus): StatusTone {
  switch (status) {
    case 'connected':
      return 'ok';
    case 'connecting':
    case 'reconnecting':
      return 'busy';
    case 'untested':
      return 'idle';
    case 'down':
    case 'error':
      return 'failed';
  }
}

/** Buying power with its currency as the venue names it (USD, USDT, BTC: not all are ISO codes). */
export function formatBuyingPower(test: Pick<ConnectionTest, 'buyingPower' | 'currency'>): string | null {
  if (test.buyingPower === null) return null;
  return `${formatPrice(test.buyingPower, 2)}${test.currency ? ` ${test.currency}` : ''}`;
}

/** A passed test as "account PA123 · buying power 25,000.00 USD"; a failed one in the venue's words. */
export function describeTest(test: ConnectionTest): string {
  if (!test.ok) return test.message;
  const parts = [test.venueAccountId ? `account ${test.venueAccountId}` : null];
  const power = formatBuyingPower(test);
  if (power) parts.push(`buying power ${power}`);
  const shown = parts.filter(Boolean).join(' · ');
  return shown || test.message;
}
