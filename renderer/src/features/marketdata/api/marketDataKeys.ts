import type { MarketKind } from '../../../../../shared/contract';

export type MarketFilter = MarketKind | 'all';

/** Every query key of the market data feature (sources, search, backfills, gaps, live trades and book). */
export const marketDataKeys = {
  all: ['marketdata'] as const,
  sources: () => [...marketDataKeys.all, 'sources'] as const,
  search: (source: string, market: MarketFilter, query: string) => [...marketDataKeys.all, 'search', source, market, query] as const,
  backfills: () => [...marketDataKeys.all, 'backfills'] as const,
  gaps: (source: string, symbol: string, from: number, to: number) => [...marketDataKeys.all, 'gaps', source, symbol, from, to] as const,
  trades: (source: string, symbol: string) => [...marketDataKeys.all, 'trades', source, symbol] as const,
  book: (source: string, symbol: string) => [...marketDataKeys.all, 'book', source, symbol] as const,
};
