/**
 * The offline paper session's instruments. They are fictional on purpose: made-up names
 * marked "(sample)" and price levels that match no real asset, so a generated price can never
 * be mistaken for a quote. (Short tickers inevitably resemble something somewhere; the names
 * and the 'paper' venue are what identify them as samples.)
 */
import type { Instrument } from '../../../shared/contract/market';
import type { SymbolProfile } from './sampleGenerator';

/** An instrument of the sample market and the process that generates its prices. */
export interface SampleListing {
  readonly instrument: Instrument;
  readonly profile: SymbolProfile;
}

export const SAMPLE_VENUE = 'paper';

interface Spec {
  symbol: string;
  name: string;
  kind: 'equity' | 'crypto';
  startPrice: number;
  annualDrift: number;
  annualVolatility: number;
  /** Shares (equities) or coins (crypto) per active minute. */
  typicalVolume: number;
}

const SPECS: readonly Spec[] = [
  { symbol: 'ACME', name: 'Acme Anvil Works (sample)', kind: 'equity', startPrice: 42, annualDrift: 0.06, annualVolatility: 0.3, typicalVolume: 2_500 },
  { symbol: 'BOLT', name: 'Bolt Robotics (sample)', kind: 'equity', startPrice: 187.5, annualDrift: 0.12, annualVolatility: 0.45, typicalVolume: 1_800 },
  { symbol: 'CRUX', name: 'Crux Materials (sample)', kind: 'equity', startPrice: 23.4, annualDrift: 0.03, annualVolatility: 0.38, typicalVolume: 6_000 },
  { symbol: 'DYNA', name: 'Dyna Power Systems (sample)', kind: 'equity', startPrice: 585, annualDrift: 0.09, annualVolatility: 0.28, typicalVolume: 400 },
  { symbol: 'ORB/USD', name: 'Orb (sample coin)', kind: 'crypto', startPrice: 38.4, annualDrift: 0.2, annualVolatility: 0.85, typicalVolume: 900 },
  { symbol: 'VYX/USD', name: 'Vyx (sample coin)', kind: 'crypto', startPrice: 2_450, annualDrift: 0.15, annualVolatility: 0.65, typicalVolume: 3.2 },
];

// Trading rules by asset class, in the contract's decimal strings.
const RULES = {
  equity: { tickSize: '0.01', lotSize: '1', minQty: '1', minNotional: '1', fractionable: false, shortable: true },
  crypto: { tickSize: '0.01', lotSize: '0.0001', minQty: '0.0001', minNotional: '10', fractionable: true, shortable: false },
} as const;

/** Fresh objects on every call: callers fill in lastPrice and dayChange. */
export function sampleMarket(): SampleListing[] {
  return SPECS.map((spec) => {
    const rules = RULES[spec.kind];
    const instrument: Instrument = {
      symbol: spec.symbol,
      name: spec.name,
      assetClass: spec.kind === 'equity' ? 'us_equity' : 'crypto',
      venue: SAMPLE_VENUE,
      tickSize: rules.tickSize,
      lotSize: rules.lotSize,
      minQty: rules.minQty,
      minNotional: rules.minNotional,
      quoteCurrency: 'USD',
      tradable: true,
      fractionable: rules.fractionable,
      shortable: rules.shortable,
      lastPrice: null,
      dayChange: null,
    };
    const profile: SymbolProfile = {
      symbol: spec.symbol,
      kind: spec.kind,
      startPrice: spec.startPrice,
      annualDrift: spec.annualDrift,
      annualVolatility: spec.annualVolatility,
      typicalVolume: spec.typicalVolume,
      tickSize: Number(rules.tickSize),
      lotSize: Number(rules.lotSize),
    };
    return { instrument, profile };
  });
}

export function sampleInstruments(): Instrument[] {
  return sampleMarket().map((listing) => listing.instrument);
}
