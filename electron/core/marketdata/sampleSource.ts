/**
 * The offline sample market as a market data source. Its history is generated into the
 * store by the replay (SampleFeed) and its live bars are the replay's, already stored and
 * already pushed to the renderer, so this adapter is thin: fetchBars reads the store and,
 * for minutes before the stored history, generates them (from the instrument's long-run
 * price level, so a range far in the past joins the stored history with a small step).
 *
 * The sample market is a simulation that trades around the clock, equities included: no
 * session filtering applies to it.
 */
import type { Instrument, Timeframe } from '../../../shared/contract/market';
import type { MarketKind, SourceInfo } from '../../../shared/contract/marketdata';
import type { BarStore } from './barStore';
import type { SampleFeed } from './sampleFeed';
import { SampleSeries } from './sampleGenerator';
import type { SampleListing } from './sampleInstruments';
import { emptyMinuteBars, MarketDataError, type BarsPage, type LiveHandlers, type MarketDataSource, type MarketOf, type MinuteBars, type SourceState } from './source';
import { matchRank } from './search';

export const SAMPLE_SOURCE = 'sample';
const PAGE = 10_000;
const TIMEFRAMES: Timeframe[] = ['1m', '5m', '15m', '1h', '4h', '1D', '1W'];

export interface SampleSourceOptions {
  store: BarStore;
  feed: SampleFeed;
  listings: readonly SampleListing[];
  seed: number;
  /** The instruments with their current price and day change (the workstation's list). */
  instruments: (query?: string) => Instrument[];
}

export class SampleSource implements MarketDataSource {
  readonly id = SAMPLE_SOURCE;
  readonly maxBarsPerPage = PAGE;
  readonly aroundTheClock = true;
  readonly storesLiveBars = true;
  private readonly listings: Map<string, SampleListing>;

  constructor(private readonly opts: SampleSourceOptions) {
    this.listings = new Map(opts.listings.map((l) => [l.instrument.symbol, l]));
  }

  listing(symbol: string): SampleListing | undefined {
    return this.listings.get(symbol);
  }

  info(): SourceInfo {
    return {
      id: SAMPLE_SOURCE,
      name: 'Sample market (offline)',
      venue: 'sample',
      markets: ['us_equity', 'crypto_spot'],
      timeframes: TIMEFRAMES,
      feed: null,
      canStream: true,
      hasOrderBook: false,
    };
  }

  marketOf(symbol: string): Promise<MarketOf | null> {
    const l = this.listings.get(symbol);
    return Promise.resolve(l ? (l.instrument.assetClass === 'crypto' ? 'crypto' : 'us_equity') : null);
  }

  search(market: MarketKind | 'all', query: string, limit: number): Promise<Instrument[]> {
    const q = query.trim().toUpperCase();
    const wanted = market === 'all' ? null : market === 'crypto_spot' ? 'crypto' : market === 'us_equity' ? 'us_equity' : 'none';
    const ranked = this.opts
      .instruments()
      .filter((i) => wanted === null || i.assetClass === wanted)
      .map((i) => [matchRank(i.symbol, i.name, q), i] as const)
      .filter((r): r is readonly [number, Instrument] => r[0] !== null)
      .sort((a, b) => a[0] - b[0] || a[1].symbol.localeCompare(b[1].symbol));
    return Promise.resolve(ranked.slice(0, limit).map(([, i]) => i));
  }

  fetchBars(symbol: string, fromMs: number, toMs: number, pageToken?: string): Promise<BarsPage> {
    const listing = this.listings.get(symbol);
    if (!listing) return Promise.reject(new MarketDataError('not_found', `The sample market has no symbol ${symbol}`));
    const startMs = pageToken === undefined ? fromMs : Number(pageToken);
    const fromSec = Math.ceil(startMs / 60_000) * 60;
    const toSec = Math.min(Math.ceil(toMs / 60_000) * 60, fromSec + PAGE * 60);
    const stored = this.opts.store.range({ source: SAMPLE_SOURCE, symbol, timeframe: '1m', from: fromSec * 1000, to: toSec * 1000, limit: PAGE });
    const firstStored = this.opts.store.firstTime(SAMPLE_SOURCE, symbol, '1m');
    const bars = emptyMinuteBars();
    // Minutes before the stored history never existed: generate them.
    const generateUntil = Math.min(toSec, firstStored ?? toSec);
    if (generateUntil > fromSec) append(bars, new SampleSeries(listing.profile, this.opts.seed).history(fromSec, (generateUntil - fromSec) / 60));
    append(bars, stored);
    const more = toSec < Math.ceil(toMs / 60_000) * 60;
    return Promise.resolve(more ? { bars, next: String(toSec * 1000) } : { bars });
  }

  subscribe(symbol: string, handlers: LiveHandlers): () => void {
    const offs: Array<() => void> = [];
    if (handlers.bar) {
      const bar = handlers.bar;
      offs.push(this.opts.feed.onUpdate((u) => (u.symbol === symbol && u.timeframe === '1m' ? bar({ t: u.t, o: u.o, h: u.h, l: u.l, c: u.c, v: u.v, closed: u.closed }) : undefined)));
    }
    if (handlers.trade) {
      const trade = handlers.trade;
      offs.push(this.opts.feed.onTick((tick) => (tick.symbol === symbol ? trade({ t: tick.t, price: tick.price, size: tick.size, side: null }) : undefined)));
    }
    return () => offs.forEach((off) => off());
  }

  state(): SourceState {
    return 'live';
  }

  onState(): () => void {
    return () => undefined;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

function append(target: MinuteBars, src: { t: ArrayLike<number>; o: ArrayLike<number>; h: ArrayLike<number>; l: ArrayLike<number>; c: ArrayLike<number>; v: ArrayLike<number> }): void {
  for (let i = 0; i < src.t.length; i++) {
    target.t.push(src.t[i]!);
    target.o.push(src.o[i]!);
    target.h.push(src.h[i]!);
    target.l.push(src.l[i]!);
    target.c.push(src.c[i]!);
    target.v.push(src.v[i]!);
  }
}
