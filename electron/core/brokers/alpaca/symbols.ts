/**
 * Symbol mapping between the workstation and Alpaca. Our symbols are Alpaca's order
 * symbols ("AAPL", "BTC/USD"), but Alpaca writes crypto pairs without the slash in
 * positions and account activities ("BTCUSD"), so those are mapped back through the
 * asset list. Class symbols like "BRK.B" pass through unchanged.
 */
export class SymbolMap {
  /** "BTCUSD" -> "BTC/USD" for every pair Alpaca listed. */
  private readonly compactToPair = new Map<string, string>();

  constructor(symbols: Iterable<string> = []) {
    for (const s of symbols) this.add(s);
  }

  add(alpacaSymbol: string): void {
    if (alpacaSymbol.includes('/')) this.compactToPair.set(alpacaSymbol.replace('/', ''), alpacaSymbol);
  }

  /** What we send to Alpaca for one of our symbols. */
  toAlpaca(symbol: string): string {
    return this.compactToPair.get(symbol) ?? symbol;
  }

  /** Our symbol for whatever spelling Alpaca used. */
  fromAlpaca(alpacaSymbol: string): string {
    if (alpacaSymbol.includes('/')) return alpacaSymbol;
    return this.compactToPair.get(alpacaSymbol) ?? alpacaSymbol;
  }
}

/** The quote currency of a crypto pair ("BTC/USD" -> "USD"); equities trade in USD. */
export function quoteCurrencyOf(symbol: string): string {
  const slash = symbol.indexOf('/');
  return slash >= 0 ? symbol.slice(slash + 1) : 'USD';
}
