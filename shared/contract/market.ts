import { z } from 'zod';
import { event, invoke } from './define';
import { DecimalString, EpochMs, Symbol } from './common';

export const AssetClass = z.enum(['us_equity', 'crypto']);
export type AssetClass = z.infer<typeof AssetClass>;

export const Instrument = z.object({
  symbol: z.string(),
  name: z.string(),
  assetClass: AssetClass,
  venue: z.string(),
  /** Smallest price increment. */
  tickSize: DecimalString,
  /** Smallest quantity increment. */
  lotSize: DecimalString,
  minQty: DecimalString,
  /** Smallest order value in quote currency. */
  minNotional: DecimalString,
  quoteCurrency: z.string(),
  tradable: z.boolean(),
  fractionable: z.boolean(),
  shortable: z.boolean(),
  lastPrice: z.number().nullable(),
  /** Change since the start of the current day (UTC for crypto, session for equities), as a fraction. */
  dayChange: z.number().nullable(),
});
export type Instrument = z.infer<typeof Instrument>;

export const Timeframe = z.enum(['1m', '5m', '15m', '1h', '4h', '1D', '1W']);
export type Timeframe = z.infer<typeof Timeframe>;

/**
 * Bars cross to the renderer as columns, not arrays of objects: one array per field,
 * times in epoch seconds (what lightweight-charts uses). Volume 0 is a real zero;
 * a missing bar is simply absent.
 */
export const BarColumns = z.object({
  symbol: z.string(),
  timeframe: Timeframe,
  t: z.array(z.number()),
  o: z.array(z.number()),
  h: z.array(z.number()),
  l: z.array(z.number()),
  c: z.array(z.number()),
  v: z.array(z.number()),
});
export type BarColumns = z.infer<typeof BarColumns>;

export const BarUpdate = z.object({
  symbol: z.string(),
  timeframe: Timeframe,
  /** Bar open time, epoch seconds. */
  t: z.number(),
  o: z.number(),
  h: z.number(),
  l: z.number(),
  c: z.number(),
  v: z.number(),
  /** False while the bar is still forming. */
  closed: z.boolean(),
});
export type BarUpdate = z.infer<typeof BarUpdate>;

export const BarsQuery = z
  .object({
    symbol: Symbol,
    timeframe: Timeframe.default('1m'),
    /** Inclusive, epoch ms. */
    from: EpochMs.optional(),
    /** Exclusive, epoch ms. */
    to: EpochMs.optional(),
    /** Most recent `limit` bars in the range. */
    limit: z.number().int().min(1).max(200_000).default(2_000),
    /** "sample" (the paper session's market) or a connection id. */
    source: z.string().min(1).max(64).default('sample'),
    /** US equities: regular hours only, or with pre/post market. Crypto trades around the clock. */
    session: z.enum(['regular', 'extended']).default('regular'),
  })
  .strict()
  .refine((q) => q.from === undefined || q.to === undefined || q.from < q.to, {
    message: '"from" must be before "to"',
  });

export const marketChannels = {
  'market.instruments': invoke(
    'Instruments of the current session, optionally filtered by a search text.',
    z.object({ query: z.string().max(64).optional() }).strict().default({}),
    z.array(Instrument),
  ),
  'market.bars': invoke('Historical bars for one symbol, in columns.', BarsQuery, BarColumns),
} as const;

export const marketEvents = {
  'market.barsUpdated': event(
    'Bar updates (forming and closed), coalesced: at most the latest per symbol and bar time per flush.',
    z.object({ bars: z.array(BarUpdate) }),
  ),
} as const;
