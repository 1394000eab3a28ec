import type { VenueKind } from '../../../shared/contract';
import type { VenueConnection } from '../brokers/port';

/** What the vault holds for one connection, as one JSON blob under `connection:<id>`. */
export interface Credentials {
  keyId: string;
  secret: string;
  passphrase?: string;
}

/** Everything an adapter needs to reach one account at one venue. */
export interface VenueSpec {
  /** The saved connection (the OMS books its orders under this id); null while testing a new one. */
  connectionId: string | null;
  venue: VenueKind;
  /** ccxt exchange id; null for Alpaca. */
  exchangeId: string | null;
  mode: 'paper' | 'live';
  /** ccxt sandbox / testnet; always false for Alpaca (its paper accounts are `mode: 'paper'`). */
  sandbox: boolean;
  credentials: Credentials;
}

/**
 * Builds a connection to a venue. Injected so tests use a fake venue and so builds without
 * an adapter can answer UNAVAILABLE. It may throw an ApiError (for example UNAVAILABLE)
 * when it cannot build one.
 */
export type VenueFactory = (spec: VenueSpec) => VenueConnection | Promise<VenueConnection>;

export const vaultAccountOf = (connectionId: string) => `connection:${connectionId}`;
export const VAULT_ACCOUNT_PREFIX = 'connection:';
