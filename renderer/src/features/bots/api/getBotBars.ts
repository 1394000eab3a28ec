import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { Timeframe } from '../../../../../shared/contract';
import { api } from '../../../api';
import { botKeys } from './botKeys';

const BAR_LIMIT = 400;

/** Where an account's bars come from: the sample market for the local paper account, else its connection. */
export const barSourceOf = (accountId: string) => (accountId === 'paper' ? 'sample' : accountId);

/**
 * The bot chart's candles. `through` is the bar time of the bot's newest decision: each
 * decision closes a bar, so the candles are read again with it (the previous ones stay on
 * screen meanwhile) and the markers never point past the last candle.
 */
export const botBarsQueryOptions = (source: string, symbol: string, timeframe: Timeframe, through: number) =>
  queryOptions({
    queryKey: botKeys.bars(source, symbol, timeframe, through),
    queryFn: () => api.invoke('market.bars', { source, symbol, timeframe, limit: BAR_LIMIT }),
    staleTime: Infinity,
    gcTime: 10_000,
    placeholderData: keepPreviousData,
  });

export function useBotBars(source: string, symbol: string, timeframe: Timeframe, through: number) {
  return useQuery(botBarsQueryOptions(source, symbol, timeframe, through));
}
