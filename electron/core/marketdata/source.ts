/**
 * The market data port: what the engine needs from any source of prices, whatever the venue.
 * History comes as 1-minute bars (higher timeframes are aggregated here, session-aware, so
 * every venue's daily bar means the same thing); live data comes as callbacks per symbol.
 *
 * Adapters (sample, Alpaca, ccxt) own everything venue-specific: wire schemas, symbol
 * formats, page tokens, which streams exist, and the translation of venue failures into
 * `MarketDataError` kinds the backfill and the live feeds act on.
 */
import type { Instrument } from '../../../shared/contract/market';
import type { MarketKind, SourceInfo } from '../../../shared/contract/marketdata';

/** 1-minute bars in columns, ascending by t (epoch seconds, whole minutes), no duplicates. */
export interface MinuteBars {
  t: number[];
  o: number[];
  h: number[];
  l: number[];
  c: number[];
  v: number[];
}

export interface BarsPage {
  bars: MinuteBars;
  /** Opaque: pass back to fetch the next page of the same request; absent on the last page. */
  next?: string;
}

/** One 1-minute bar from a live stream; `closed` false while the minute is still trading. */
export interface LiveBar {
  /** Open time, epoch seconds. */
  readonly t: number;
  readonly o: number;
  readonly h: number;
  readonly l: number;
  readonly c: number;
  readonly v: number;
  readonly closed: boolean;
}

export interface LiveTrade {
  /** Epoch ms. */
  readonly t: number;
  readonly price: number;
  readonly size: number;
  readonly side: 'buy' | 'sell' | null;
}

export interface BookSnapshot {
  /** Epoch ms. */
  readonly t: number;
  /** Best first: bids descending, asks ascending; [price, size]. */
  readonly bids: ReadonlyArray<readonly [number, number]>;
  readonly asks: ReadonlyArray<readonly [number, number]>;
}

export interface LiveHandlers {
  bar?: (bar: LiveBar) => void;
  trade?: (trade: LiveTrade) => void;
  book?: (book: BookSnapshot) => void;
}

/**
 * idle: nothing subscribed; connecting / live: the stream (or the polling loop) works;
 * reconnecting: it dropped and is coming back (live minutes may be missing meanwhile);
 * down: it gave up (bad keys, no such exchange), with a reason.
 */
export type SourceState = 'idle' | 'connecting' | 'live' | 'reconnecting' | 'down';

/** Which instruments a source trades, for session rules: equities keep New York sessions, crypto never sleeps. */
export type MarketOf = 'us_equity' | 'crypto';

/** Who waits for a venue request: a live chart goes before a backfill. */
export type RequestPriority = 'live' | 'backfill';

/** The venue's shared rate limiter, as a source's own polling loops use it (always as 'live'). */
export interface RequestGate {
  acquire(priority: RequestPriority, signal?: AbortSignal): Promise<void>;
  pause(ms: number): void;
}

export interface FetchOptions {
  signal?: AbortSignal;
  priority?: RequestPriority;
}

export interface MarketDataSource {
  readonly id: string;
  /** Most 1-minute bars one page (one request) can carry: the backfill sizes its chunks by it. */
  readonly maxBarsPerPage: number;
  /** The source's market never closes, whatever its instruments (the sample simulation). */
  readonly aroundTheClock: boolean;
  /**
   * Its closed live minutes are already in the store and its 1-minute updates already reach
   * the renderer (the sample replay does both itself); the live service then only adds the
   * higher timeframes.
   */
  readonly storesLiveBars: boolean;
  info(): SourceInfo;
  /** Finds out what the account may use (Alpaca: its feed) so info() can tell; optional. */
  ready?(): Promise<void>;
  /** The instrument's market, or null when the source has no such symbol. */
  marketOf(symbol: string): Promise<MarketOf | null>;
  search(market: MarketKind | 'all', query: string, limit: number): Promise<Instrument[]>;
  /**
   * 1-minute bars with open time in [fromMs, toMs), one page at a time. Every page is
   * checked (shape, order, minute alignment) before it is returned; a page that fails the
   * check throws a `malformed` MarketDataError instead of returning half of it.
   */
  fetchBars(symbol: string, fromMs: number, toMs: number, pageToken?: string, options?: FetchOptions): Promise<BarsPage>;
  /** Starts live data for a symbol; returns the function that stops it. */
  subscribe(symbol: string, handlers: LiveHandlers): () => void;
  state(): SourceState;
  /** State changes; a 'live' after 'reconnecting' is when missing minutes are fetched again. */
  onState(listener: (state: SourceState, detail?: string) => void): () => void;
  close(): Promise<void>;
}

/**
 * The few kinds of failure the market data engine acts on differently:
 * rate_limited (pause the venue's limiter for retryAfterMs, then retry), transient (retry
 * with backoff), not_found (unknown symbol: tell the user), malformed (the venue sent
 * something we cannot trust: write nothing, tell the user), refused (keys or plan do not
 * allow it), fatal (stop).
 */
export type MarketDataErrorKind = 'rate_limited' | 'transient' | 'not_found' | 'malformed' | 'refused' | 'fatal' | 'aborted';

export class MarketDataError extends Error {
  constructor(
    readonly kind: MarketDataErrorKind,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'MarketDataError';
  }
}

export const isRetryable = (err: unknown): boolean =>
  err instanceof MarketDataError ? err.kind === 'rate_limited' || err.kind === 'transient' : false;

export function emptyMinuteBars(): MinuteBars {
  return { t: [], o: [], h: [], l: [], c: [], v: [] };
}

export function appendBars(target: MinuteBars, page: MinuteBars): void {
  for (let i = 0; i < page.t.length; i++) {
    target.t.push(page.t[i]!);
    target.o.push(page.o[i]!);
    target.h.push(page.h[i]!);
    target.l.push(page.l[i]!);
    target.c.push(page.c[i]!);
    target.v.push(page.v[i]!);
  }
}

/** A row as venues describe bars: open time in epoch ms and the five numbers. */
export interface VenueBarRow {
  tMs: number;
  o: number;
  h: number;
  l: number;
  c: number;
  v: number;
}

/**
 * Venue rows -> MinuteBars, refusing the whole page if one row is off: not on a minute,
 * out of order or repeated, outside the asked range, or not a sane bar. `what` names the
 * request for the message ("Alpaca bars of AAPL").
 */
export function toMinuteBars(rows: readonly VenueBarRow[], fromMs: number, toMs: number, what: string): MinuteBars {
  const out = emptyMinuteBars();
  let previous = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const at = `${what}: bar ${i + 1} of ${rows.length} (${Number.isFinite(r.tMs) ? new Date(r.tMs).toISOString() : String(r.tMs)})`;
    if (!Number.isSafeInteger(r.tMs) || r.tMs % 60_000 !== 0) throw new MarketDataError('malformed', `${at} does not start on a whole minute`);
    if (r.tMs <= previous) throw new MarketDataError('malformed', `${at} is out of order or repeated`);
    if (r.tMs < fromMs || r.tMs >= toMs) throw new MarketDataError('malformed', `${at} is outside the range asked for`);
    const problem = barProblem(r.o, r.h, r.l, r.c, r.v);
    if (problem) throw new MarketDataError('malformed', `${at} is not a valid bar: ${problem}`);
    previous = r.tMs;
    out.t.push(r.tMs / 1000);
    out.o.push(r.o);
    out.h.push(r.h);
    out.l.push(r.l);
    out.c.push(r.c);
    out.v.push(r.v);
  }
  return out;
}

/** Why five numbers are not a bar, or null. Shared with the store's own check. */
export function barProblem(o: number, h: number, l: number, c: number, v: number): string | null {
  if (!(Number.isFinite(o) && Number.isFinite(h) && Number.isFinite(l) && Number.isFinite(c))) return 'prices must be finite';
  if (!(Number.isFinite(v) && v >= 0)) return 'volume must be finite and not negative';
  if (h < l) return 'h is below l';
  if (h < o || h < c) return 'h is below o or c';
  if (l > o || l > c) return 'l is above o or c';
  return null;
}
