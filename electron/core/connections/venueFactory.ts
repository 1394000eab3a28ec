import type { AlpacaConnectionOptions } from '../brokers/alpaca/alpacaConnection';
import type { CcxtConnectionOptions } from '../brokers/ccxt/ccxtConnection';
import type { Logger } from '../log/logger';
import type { VenueFactory, VenueSpec } from './types';

export interface VenueFactoryOptions {
  log?: Logger;
  /** Alpaca endpoint and timing overrides (tests point these at a local fake server). */
  alpaca?: Partial<
    Pick<AlpacaConnectionOptions, 'baseUrl' | 'streamUrl' | 'timeoutMs' | 'retry' | 'streamConnectTimeoutMs' | 'reconnect' | 'pollIntervalMs' | 'breaker'>
  >;
  /** ccxt endpoint and timing overrides (tests point urls at a local fake exchange). */
  ccxt?: Partial<Pick<CcxtConnectionOptions, 'urlsOverride' | 'timeoutMs' | 'retry' | 'breaker' | 'pollIntervalMs' | 'stream' | 'quoteCurrency'>>;
}

/** The id the OMS books a connection's orders under; a connection being tested has none yet. */
const accountIdOf = (spec: VenueSpec) => spec.connectionId ?? 'connection-test';

/**
 * Builds the real adapters from a saved (or about to be saved) connection. They are imported
 * on first use: the broker SDKs are large and a paper-only session never needs them.
 */
export function createVenueFactory(opts: VenueFactoryOptions = {}): VenueFactory {
  const log = opts.log && { log: opts.log };
  return async (spec) => {
    if (spec.venue === 'alpaca') {
      const { AlpacaConnection } = await import('../brokers/alpaca/alpacaConnection');
      return new AlpacaConnection({
        ...opts.alpaca,
        ...log,
        accountId: accountIdOf(spec),
        keyId: spec.credentials.keyId,
        secret: spec.credentials.secret,
        // Real money only for a connection the user added as live.
        live: spec.mode === 'live',
      });
    }
    const { CcxtConnection } = await import('../brokers/ccxt/ccxtConnection');
    return new CcxtConnection({
      ...opts.ccxt,
      ...log,
      accountId: accountIdOf(spec),
      exchangeId: spec.exchangeId ?? '',
      apiKey: spec.credentials.keyId,
      secret: spec.credentials.secret,
      ...(spec.credentials.passphrase !== undefined && { password: spec.credentials.passphrase }),
      // For exchanges paper means the testnet (validation ties the two together).
      sandbox: spec.sandbox,
    });
  };
}
