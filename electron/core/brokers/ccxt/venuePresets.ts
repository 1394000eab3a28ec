/**
 * What differs between exchanges beyond ccxt's unified API, kept in one place. Only
 * exchanges we have exercised against a server speaking their protocol get a preset;
 * every other exchange runs on the generic path (search by client order id, ccxt defaults).
 */
export interface VenuePreset {
  /** ccxt options merged into the exchange's defaults at construction. */
  options: Record<string, unknown>;
  /**
   * fetchOrder / cancelOrder accept `params.clientOrderId` (Binance: origClientOrderId), so
   * an order can be found by our id alone. Without it we search open and recent orders.
   */
  lookupByClientId: boolean;
}

const GENERIC: VenuePreset = { options: { defaultType: 'spot' }, lookupByClientId: false };

const BINANCE: VenuePreset = {
  options: {
    defaultType: 'spot',
    // This app trades spot: loading futures and options markets costs two extra requests
    // and thousands of markets; margin pairs and currency details are signed sapi calls we
    // do not use (and testnet does not serve).
    fetchMarkets: { types: ['spot'] },
    fetchMargins: false,
    fetchCurrencies: false,
    // Listing open orders of every symbol at once is one request (weight 80) instead of one per symbol.
    fetchOpenOrders: { warnWithoutSymbol: false },
  },
  lookupByClientId: true,
};

export function venuePreset(exchangeId: string): VenuePreset {
  if (exchangeId === 'binance' || exchangeId === 'binanceus') return BINANCE;
  return GENERIC;
}
