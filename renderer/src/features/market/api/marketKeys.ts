import type { Timeframe } from '../../../../../shared/contract';

export type ChartSession = 'regular' | 'extended';

/** Every query key of the market feature comes from here, so invalidation cannot miss one. */
export const marketKeys = {
  all: ['market'] as const,
  instruments: () => [...marketKeys.all, 'instruments'] as const,
  bars: (source: string, symbol: string, timeframe: Timeframe, session: ChartSession) =>
    [...marketKeys.all, 'bars', source, symbol, timeframe, session] as const,
  layouts: () => [...marketKeys.all, 'layout'] as const,
  layout: (key: string) => [...marketKeys.layouts(), key] as const,
  presets: () => [...marketKeys.all, 'presets'] as const,
};
