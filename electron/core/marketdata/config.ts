/**
 * Market data settings of the composition root: endpoint overrides (tests point them at
 * fake venues on 127.0.0.1), rate limits per venue, and the backfill / live knobs. Every
 * field is optional; the defaults are the real venues and the limits below.
 */
import type { UrlTree } from '../brokers/ccxt/ccxtConnection';
import type { VenueSpec } from '../connections/types';
import type { Logger } from '../log/logger';
import type { RetryPolicy } from './fetchRange';
import type { RateLimit } from './rateLimiter';
import type { MarketDataSource, RequestGate } from './source';

export interface MarketDataConfig {
  alpaca?: {
    /** Market data REST host (default https://data.alpaca.markets). */
    dataUrl?: string;
    /** Trading REST host the asset list is read from (default: Alpaca's paper or live host). */
    tradingUrl?: string;
    /** Market data stream host (default wss://stream.data.alpaca.markets). */
    streamUrl?: string;
    /** Skip the SIP/IEX entitlement probe. */
    feed?: 'iex' | 'sip';
    timeoutMs?: number;
    reconnect?: { initialMs?: number; maxMs?: number; jitter?: number };
  };
  ccxt?: {
    urlsOverride?: UrlTree;
    /** Use ccxt.pro websockets where the exchange has them (default true). */
    stream?: boolean;
    pollIntervalMs?: number;
    timeoutMs?: number;
    reconnect?: { initialMs?: number; maxMs?: number };
  };
  /** Requests per second and burst, by venue ("alpaca", a ccxt exchange id, "sample"); see DEFAULT_RATE_LIMITS. */
  rateLimits?: Record<string, RateLimit>;
  backfill?: { concurrency?: number; progressIntervalMs?: number; chunkMinutes?: number; settleMs?: number; retry?: Partial<RetryPolicy> };
  live?: { catchUpMaxMinutes?: number; tradesWindow?: number; bookDepth?: number };
  /** Builds the source of a connection; default: the Alpaca and ccxt adapters with the overrides above. */
  sourceFactory?: MarketDataSourceFactory;
}

export interface SourceContext {
  name: string;
  gate: RequestGate;
  log: Logger;
  /** The engine's clock (tests run venues on a clock of their own). */
  now: () => number;
}

export type MarketDataSourceFactory = (spec: VenueSpec, ctx: SourceContext) => MarketDataSource | Promise<MarketDataSource>;

/**
 * Alpaca: ~200 requests a minute per account (3/s with a small burst stays under it).
 * Binance: 6000 request weight a minute per IP; a kline page weighs 2, so 10/s is a third.
 * Other exchanges: a cautious 3/s. The sample market reads the local store.
 */
export const DEFAULT_RATE_LIMITS: Record<string, RateLimit> = {
  alpaca: { perSecond: 3, burst: 10 },
  binance: { perSecond: 10, burst: 20 },
  binanceus: { perSecond: 5, burst: 10 },
  sample: { perSecond: 1_000, burst: 1_000 },
};
export const FALLBACK_RATE_LIMIT: RateLimit = { perSecond: 3, burst: 5 };

/** The venue a connection's limiter is keyed by: one limiter per venue, whatever the number of connections. */
export function venueKeyOf(spec: Pick<VenueSpec, 'venue' | 'exchangeId'>): string {
  return spec.venue === 'alpaca' ? 'alpaca' : (spec.exchangeId ?? 'ccxt');
}

/** The real adapters, imported on first use: a paper-only session never loads the SDKs. */
export function defaultSourceFactory(config: MarketDataConfig): MarketDataSourceFactory {
  return async (spec, ctx) => {
    const id = spec.connectionId ?? 'connection-test';
    if (spec.venue === 'alpaca') {
      const { AlpacaSource } = await import('./alpaca/alpacaSource');
      return new AlpacaSource({
        ...config.alpaca,
        id,
        name: ctx.name,
        keyId: spec.credentials.keyId,
        secret: spec.credentials.secret,
        live: spec.mode === 'live',
        log: ctx.log,
        now: ctx.now,
      });
    }
    const { CcxtSource } = await import('./ccxt/ccxtSource');
    return new CcxtSource({
      ...config.ccxt,
      id,
      name: ctx.name,
      exchangeId: spec.exchangeId ?? '',
      sandbox: spec.sandbox,
      gate: ctx.gate,
      log: ctx.log,
      now: ctx.now,
    });
  };
}
