/**
 * Builds the market data service for the composition root (workstation.ts), so the root
 * only passes its parts in: the store, the sample replay, the connections, the event
 * coalescer the service's events go through.
 */
import type { Instrument } from '../../../shared/contract/market';
import type { EventCoalescer } from '../api/eventCoalescer';
import type { Logger } from '../log/logger';
import type { MarketCalendar } from '../risk/marketCalendar';
import type { Db } from '../store/database';
import type { BarStore } from './barStore';
import type { MarketDataConfig } from './config';
import type { SampleFeed } from './sampleFeed';
import type { SampleListing } from './sampleInstruments';
import { SampleSource } from './sampleSource';
import { MarketDataService, type ConnectionsForMarketData } from './service';

export interface MarketDataParts {
  db: Db;
  bars: BarStore;
  feed: SampleFeed;
  listings: readonly SampleListing[];
  seed: number;
  /** The sample instruments with their current prices (late-bound: the workstation lists them). */
  instruments: (query?: string) => Instrument[];
  connections: ConnectionsForMarketData;
  coalescer: EventCoalescer;
  calendar: MarketCalendar;
  log: Logger;
  now: () => number;
  config?: MarketDataConfig;
}

export function buildMarketData(p: MarketDataParts): MarketDataService {
  const c = p.coalescer;
  return new MarketDataService({
    db: p.db,
    bars: p.bars,
    sample: new SampleSource({ store: p.bars, feed: p.feed, listings: p.listings, seed: p.seed, instruments: p.instruments }),
    connections: p.connections,
    calendar: p.calendar,
    log: p.log,
    now: p.now,
    config: p.config,
    emit: {
      bar: (update) => c.bar(update),
      trades: (source, symbol, trades) => c.trades({ source, symbol, trades: trades.map((t) => ({ t: Math.round(t.t), price: t.price, size: t.size, side: t.side })) }),
      book: (source, symbol, book) =>
        c.book({ source, symbol, t: Math.round(book.t), bids: book.bids.map(([price, size]) => [price, size]), asks: book.asks.map(([price, size]) => [price, size]) }),
      backfillProgress: (job) => c.backfillProgress({ job }),
    },
  });
}
