import { describe, expect, it } from 'vitest';
import { VenueRateLimiter } from '../../../electron/core/marketdata/rateLimiter';
import { MarketDataError } from '../../../electron/core/marketdata/source';

describe('VenueRateLimiter', () => {
  it('lets a burst through at once, then paces to the rate', async () => {
    const limiter = new VenueRateLimiter({ perSecond: 20, burst: 3 });
    const start = Date.now();
    const times: number[] = [];
    await Promise.all(Array.from({ length: 7 }, () => limiter.acquire('backfill').then(() => times.push(Date.now() - start))));
    times.sort((a, b) => a - b);
    expect(times.slice(0, 3).every((t) => t < 30)).toBe(true);
    // Four more at 20/s: the last one about 200 ms in.
    expect(times[6]!).toBeGreaterThanOrEqual(170);
    expect(limiter.granted.backfill).toBe(7);
  });

  it('gives the next token to a waiting live request before any waiting backfill request', async () => {
    const limiter = new VenueRateLimiter({ perSecond: 20, burst: 1 });
    await limiter.acquire('backfill');
    const order: string[] = [];
    const backfills = Array.from({ length: 4 }, (_, i) => limiter.acquire('backfill').then(() => order.push(`b${i}`)));
    await new Promise((r) => setTimeout(r, 5));
    const live = limiter.acquire('live').then(() => order.push('live'));
    await Promise.all([...backfills, live]);
    expect(order[0]).toBe('live');
    expect(order.slice(1)).toEqual(['b0', 'b1', 'b2', 'b3']);
  });

  it('pauses everything for the Retry-After of a 429', async () => {
    const limiter = new VenueRateLimiter({ perSecond: 1_000, burst: 10 });
    limiter.pause(250);
    expect(limiter.pausedForMs()).toBeGreaterThan(200);
    const start = Date.now();
    await Promise.all([limiter.acquire('live'), limiter.acquire('backfill')]);
    expect(Date.now() - start).toBeGreaterThanOrEqual(240);
  });

  it('drops a waiter whose request was cancelled, and rejects everyone on dispose', async () => {
    const limiter = new VenueRateLimiter({ perSecond: 1, burst: 1 });
    await limiter.acquire();
    const abort = new AbortController();
    const cancelled = limiter.acquire('backfill', abort.signal);
    abort.abort();
    await expect(cancelled).rejects.toMatchObject({ kind: 'aborted' });
    expect(limiter.waiting()).toBe(0);
    const pending = limiter.acquire('live');
    limiter.dispose();
    await expect(pending).rejects.toBeInstanceOf(MarketDataError);
  });
});
