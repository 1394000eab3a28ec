import type { BarColumns } from '../../../../../shared/contract';
import { api } from '../../../api';
import type { BarsRequest } from './getBars';

/** Bars per scroll-back request. */
export const OLDER_BARS_PAGE = 2_000;

/**
 * The page of bars just before `beforeSec` (epoch seconds, the oldest bar on the chart).
 * Not cached: the chart keeps what it prepends, and a page is asked for once.
 */
export function fetchOlderBars(request: BarsRequest, beforeSec: number): Promise<BarColumns> {
  return api.invoke('market.bars', {
    source: request.source,
    symbol: request.symbol,
    timeframe: request.timeframe,
    session: request.session,
    to: beforeSec * 1000,
    limit: OLDER_BARS_PAGE,
  });
}
