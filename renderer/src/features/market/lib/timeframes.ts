import type { Timeframe } from '../../../../../shared/contract';

/** The chart's timeframes in button (and key 1..7) order. */
export const TIMEFRAMES: readonly Timeframe[] = ['1m', '5m', '15m', '1h', '4h', '1D', '1W'];

export const DEFAULT_TIMEFRAME: Timeframe = '1m';

const NAMES: Record<Timeframe, string> = {
  '1m': 'one-minute',
  '5m': 'five-minute',
  '15m': 'fifteen-minute',
  '1h': 'hourly',
  '4h': 'four-hour',
  '1D': 'daily',
  '1W': 'weekly',
};

/** "five-minute", for the chart's accessible name. */
export function timeframeName(timeframe: Timeframe): string {
  return NAMES[timeframe];
}

/** Intraday timeframes show clock times on the axis; daily and weekly only dates. */
export function isIntraday(timeframe: Timeframe): boolean {
  return timeframe !== '1D' && timeframe !== '1W';
}

/** The timeframe of keyboard digit 1..7, or null. */
export function timeframeOfKey(key: string): Timeframe | null {
  const index = Number(key) - 1;
  return Number.isInteger(index) && index >= 0 ? (TIMEFRAMES[index] ?? null) : null;
}
