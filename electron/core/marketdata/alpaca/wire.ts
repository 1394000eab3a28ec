/**
 * Alpaca Market Data API v2 / v1beta3 payloads we read, as zod schemas. Raw JSON is
 * parsed here (not through the SDK's model converters) so a missing or mistyped field is a
 * clear "malformed" error instead of an undefined deep inside the engine.
 */
import { z } from 'zod';

/** One bar: t is RFC-3339 (the minute's open), prices and volume are numbers. */
export const AlpacaBar = z.object({
  t: z.string().min(1),
  o: z.number(),
  h: z.number(),
  l: z.number(),
  c: z.number(),
  v: z.number(),
  n: z.number().optional(),
  vw: z.number().optional(),
});
export type AlpacaBar = z.infer<typeof AlpacaBar>;

/** GET /v2/stocks/{symbol}/bars: `bars` is null when there are none. */
export const AlpacaStockBarsSingle = z.object({
  bars: z.array(AlpacaBar).nullable(),
  symbol: z.string().optional(),
  next_page_token: z.string().nullable().optional(),
});

/** GET /v2/stocks/bars and /v1beta3/crypto/{loc}/bars: bars keyed by symbol. */
export const AlpacaBarsBySymbol = z.object({
  bars: z.record(z.string(), z.array(AlpacaBar)).nullable(),
  next_page_token: z.string().nullable().optional(),
});

export function parseAlpaca<T>(schema: z.ZodType<T>, value: unknown, what: string): T | string {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  return `${what}: ${r.error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ')}`;
}
