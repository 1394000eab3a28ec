/**
 * Every page of 1-minute bars in a range, through the venue's shared rate limiter: a 429
 * pauses the whole venue for its Retry-After and the same page is asked for again; a
 * transient failure is retried with exponential backoff and jitter; anything else (an
 * unknown symbol, a malformed page, refused keys) ends the fetch with that error.
 */
import type { VenueRateLimiter } from './rateLimiter';
import { appendBars, emptyMinuteBars, MarketDataError, type MarketDataSource, type MinuteBars, type RequestPriority } from './source';

export interface RetryPolicy {
  /** Attempts per page for transient failures (the first included). */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** 429s in a row for one page before giving up (each one waited out). */
  maxRateLimited: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 500, maxDelayMs: 10_000, maxRateLimited: 20 };

/** When a venue says 429 without saying for how long. */
const DEFAULT_RATE_LIMIT_PAUSE_MS = 1_000;
/** A venue that keeps answering with a next page token past this many pages is looping. */
const MAX_PAGES = 10_000;

export interface FetchRangeOptions {
  priority: RequestPriority;
  signal?: AbortSignal;
  retry?: RetryPolicy;
  /** Called after each page arrives (progress meters). */
  onPage?: (bars: number) => void;
}

export async function fetchRange(
  source: MarketDataSource,
  limiter: VenueRateLimiter,
  symbol: string,
  fromMs: number,
  toMs: number,
  opts: FetchRangeOptions,
): Promise<MinuteBars> {
  const retry = opts.retry ?? DEFAULT_RETRY;
  const out = emptyMinuteBars();
  const seenTokens = new Set<string>();
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const result = await fetchPage(source, limiter, symbol, fromMs, toMs, token, opts, retry);
    // Pages of one request follow each other in time; a page that goes back is not trusted.
    if (out.t.length && result.bars.t.length && result.bars.t[0]! <= out.t[out.t.length - 1]!) {
      throw new MarketDataError('malformed', `${source.info().name} sent a page of ${symbol} bars that overlaps the page before it`);
    }
    appendBars(out, result.bars);
    opts.onPage?.(result.bars.t.length);
    if (!result.next) return out;
    if (seenTokens.has(result.next)) throw new MarketDataError('malformed', `${source.info().name} repeated a page token for ${symbol}`);
    seenTokens.add(result.next);
    token = result.next;
  }
  throw new MarketDataError('malformed', `${source.info().name} sent more than ${MAX_PAGES} pages for one request of ${symbol}`);
}

async function fetchPage(
  source: MarketDataSource,
  limiter: VenueRateLimiter,
  symbol: string,
  fromMs: number,
  toMs: number,
  token: string | undefined,
  opts: FetchRangeOptions,
  retry: RetryPolicy,
) {
  let transientFailures = 0;
  let rateLimited = 0;
  for (;;) {
    await limiter.acquire(opts.priority, opts.signal);
    try {
      return await source.fetchBars(symbol, fromMs, toMs, token, { signal: opts.signal, priority: opts.priority });
    } catch (err) {
      if (opts.signal?.aborted) throw new MarketDataError('aborted', 'The request was cancelled');
      if (!(err instanceof MarketDataError)) throw err;
      if (err.kind === 'rate_limited') {
        if (++rateLimited > retry.maxRateLimited) throw err;
        limiter.pause(err.retryAfterMs ?? DEFAULT_RATE_LIMIT_PAUSE_MS);
        continue;
      }
      if (err.kind !== 'transient' || ++transientFailures >= retry.attempts) throw err;
      await sleep(backoffMs(transientFailures, retry), opts.signal);
    }
  }
}

export function backoffMs(attempt: number, policy: { baseDelayMs: number; maxDelayMs: number }): number {
  const base = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  // +-25% jitter: clients that failed together should not come back together.
  return Math.round(base * (0.75 + Math.random() * 0.5));
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new MarketDataError('aborted', 'The request was cancelled'));
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new MarketDataError('aborted', 'The request was cancelled'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
