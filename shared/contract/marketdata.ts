import { z } from 'zod';
import { event, invoke } from './define';
import { EpochMs, Symbol } from './common';
import { Instrument, Timeframe } from './market';

/** Where market data comes from: "sample" (the offline paper session) or a connection id (Alpaca, a ccxt exchange). */
export const DataSource = z.string().min(1).max(64);

export const MarketKind = z.enum(['us_equity', 'crypto_spot', 'crypto_derivatives']);
export type MarketKind = z.infer<typeof MarketKind>;

export const SourceInfo = z.object({
  id: z.string(),
  name: z.string(),
  /** "sample", "alpaca" or the ccxt exchange id. */
  venue: z.string(),
  markets: z.array(MarketKind),
  timeframes: z.array(Timeframe),
  /** What the account is entitled to (Alpaca: "iex" or "sip"). */
  feed: z.string().nullable(),
  canStream: z.boolean(),
  hasOrderBook: z.boolean(),
});
export type SourceInfo = z.infer<typeof SourceInfo>;

export const BackfillStatus = z.enum(['queued', 'running', 'paused', 'canceled', 'done', 'failed']);

export const BackfillJob = z.object({
  id: z.string(),
  source: z.string(),
  symbols: z.array(z.string()),
  /** Epoch ms, [from, to). */
  from: EpochMs,
  to: EpochMs,
  status: BackfillStatus,
  barsDone: z.number().int(),
  /** Expected bars (minutes in the range's sessions); null until known. */
  barsExpected: z.number().int().nullable(),
  barsPerSec: z.number(),
  etaSec: z.number().nullable(),
  gapsFound: z.number().int(),
  gapsRepaired: z.number().int(),
  error: z.string().nullable(),
  createdAt: EpochMs,
  updatedAt: EpochMs,
});
export type BackfillJob = z.infer<typeof BackfillJob>;

export const Trade = z.object({ t: EpochMs, price: z.number(), size: z.number(), side: z.enum(['buy', 'sell']).nullable() });
export const BookLevel = z.tuple([z.number(), z.number()]);

export const IndicatorSpec = z.object({
  type: z.enum(['sma', 'ema', 'rsi', 'macd', 'bollinger', 'vwap', 'atr']),
  params: z.record(z.string(), z.number()),
  color: z.string().max(16).optional(),
});
export type IndicatorSpec = z.infer<typeof IndicatorSpec>;

export const ChartLayout = z.object({
  source: z.string().max(64),
  symbol: z.string().max(32),
  timeframe: Timeframe,
  session: z.enum(['regular', 'extended']),
  indicators: z.array(IndicatorSpec).max(20),
});
export type ChartLayout = z.infer<typeof ChartLayout>;

export const IndicatorPreset = z.object({ name: z.string().min(1).max(64), indicators: z.array(IndicatorSpec).max(20) });
export type IndicatorPreset = z.infer<typeof IndicatorPreset>;

const RangeInput = z
  .object({ source: DataSource, symbols: z.array(Symbol).min(1).max(200), from: EpochMs, to: EpochMs })
  .strict()
  .refine((r) => r.from < r.to, { message: 'The start must be before the end', path: ['from'] });

export const marketDataChannels = {
  'market.sources': invoke('Market data sources: the sample market and each connected account.', z.object({}).strict().default({}), z.array(SourceInfo)),
  'market.search': invoke(
    'Search instruments of a source by market, with their trading details.',
    z
      .object({
        source: DataSource.default('sample'),
        market: z.union([MarketKind, z.literal('all')]).default('all'),
        query: z.string().max(64).default(''),
        limit: z.number().int().min(1).max(500).default(50),
      })
      .strict(),
    z.array(Instrument),
  ),
  'market.backfill.start': invoke('Fetch history for symbols and a date range, in the background, with progress.', RangeInput, BackfillJob),
  'market.backfill.cancel': invoke('Stop a backfill; what was fetched is kept and it can be resumed.', z.object({ jobId: z.string().min(1).max(64) }).strict(), BackfillJob),
  'market.backfill.resume': invoke('Resume a paused, cancelled or failed backfill where it stopped.', z.object({ jobId: z.string().min(1).max(64) }).strict(), BackfillJob),
  'market.backfill.list': invoke('Backfill jobs, newest first.', z.object({}).strict().default({}), z.array(BackfillJob)),
  'market.gaps': invoke(
    'Missing 1-minute bars of a symbol in a range (session-aware).',
    z.object({ source: DataSource, symbol: Symbol, from: EpochMs, to: EpochMs }).strict(),
    z.array(z.object({ from: EpochMs, to: EpochMs, bars: z.number().int() })),
  ),
  'market.subscribe': invoke(
    'Start live data for a symbol: bars always; trades and the order book where the source has them.',
    z.object({ source: DataSource, symbol: Symbol, trades: z.boolean().default(false), book: z.boolean().default(false) }).strict(),
    z.object({ subscribed: z.literal(true) }),
  ),
  'market.unsubscribe': invoke('Stop live data for a symbol.', z.object({ source: DataSource, symbol: Symbol }).strict(), z.object({ unsubscribed: z.literal(true) })),
  'chart.layout.get': invoke('The saved chart layout.', z.object({ key: z.string().min(1).max(64).default('main') }).strict().default({ key: 'main' }), ChartLayout.nullable()),
  'chart.layout.save': invoke('Save the chart layout.', z.object({ key: z.string().min(1).max(64).default('main'), layout: ChartLayout }).strict(), ChartLayout),
  'chart.presets.list': invoke('Saved indicator presets.', z.object({}).strict().default({}), z.array(IndicatorPreset)),
  'chart.presets.save': invoke('Save an indicator preset.', IndicatorPreset.strict(), IndicatorPreset),
  'chart.presets.delete': invoke('Delete an indicator preset.', z.object({ name: z.string().min(1).max(64) }).strict(), z.object({ deleted: z.literal(true) })),
} as const;

export const marketDataEvents = {
  'market.backfillProgress': event('Backfill progress (at most a few per second per job).', z.object({ job: BackfillJob })),
  'market.trades': event('Live trades of subscribed symbols (coalesced).', z.object({ source: z.string(), symbol: z.string(), trades: z.array(Trade) })),
  'market.book': event('Order book snapshot of a subscribed symbol (latest wins).', z.object({ source: z.string(), symbol: z.string(), t: EpochMs, bids: z.array(BookLevel), asks: z.array(BookLevel) })),
} as const;
