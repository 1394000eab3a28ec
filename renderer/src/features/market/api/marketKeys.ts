import type { Timeframe } from '../../../../../shared/contract';

/** Every query key of the market feature comes from here, so invalidation cannot miss one. */
export const marketKeys = {
  all: ['market'] as const,
  instruments: () => [...marketKeys.all, 'instruments'] as const,
  bars: (symbol: string, timeframe: Timeframe) => [...marketKeys.all, 'bars', symbol, timeframe] as const,
};
