/**
 * One token bucket per venue, shared by everything that asks that venue for market data:
 * every backfill job, every chunk in parallel, the catch-up after a stream reconnect.
 * Venues count requests per account or per IP, not per job, so one limiter is the only way
 * to stay under their limit while running several jobs.
 *
 * Two queues: a waiting live request (a chart's catch-up after a reconnect) takes the next
 * token before any backfill request does, so a long backfill never delays live data by
 * more than one token's time. A 429 pauses the whole venue until its Retry-After has passed:
 * asking again sooner only extends the ban.
 */
import { MarketDataError, type RequestPriority } from './source';

export interface RateLimit {
  /** Sustained requests per second. */
  perSecond: number;
  /** Requests that may go at once after a quiet spell. */
  burst: number;
}

interface Waiter {
  resolve: () => void;
  reject: (err: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

export interface VenueRateLimiterOptions extends RateLimit {
  now?: () => number;
}

export class VenueRateLimiter {
  private tokens: number;
  private refilledAt: number;
  private pausedUntil = 0;
  private readonly queues: Record<RequestPriority, Waiter[]> = { live: [], backfill: [] };
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly now: () => number;
  /** Requests granted so far, by priority (tests and the bench read it). */
  readonly granted: Record<RequestPriority, number> = { live: 0, backfill: 0 };

  constructor(private readonly opts: VenueRateLimiterOptions) {
    if (!(opts.perSecond > 0) || !(opts.burst >= 1)) throw new RangeError('A rate limit needs perSecond > 0 and burst >= 1');
    this.now = opts.now ?? Date.now;
    this.tokens = opts.burst;
    this.refilledAt = this.now();
  }

  /** Resolves when a request may go; rejects with an 'aborted' MarketDataError if the signal fires first. */
  acquire(priority: RequestPriority = 'backfill', signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(aborted());
    this.refill();
    const mayGoNow = this.now() >= this.pausedUntil && this.tokens >= 1 && (priority === 'live' || this.queues.live.length === 0) && this.queues[priority].length === 0;
    if (mayGoNow) {
      this.tokens -= 1;
      this.granted[priority]++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, signal, onAbort: undefined };
      if (signal) {
        waiter.onAbort = () => {
          const queue = this.queues[priority];
          const at = queue.indexOf(waiter);
          if (at >= 0) queue.splice(at, 1);
          reject(aborted());
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.queues[priority].push(waiter);
      this.schedule();
    });
  }

  /** The venue said "too many requests": nothing goes out for `ms`. */
  pause(ms: number): void {
    const until = this.now() + Math.max(0, ms);
    if (until > this.pausedUntil) this.pausedUntil = until;
    // Whatever was saved up is gone: the venue's window is full.
    this.tokens = 0;
    this.refilledAt = Math.max(this.refilledAt, this.pausedUntil);
    this.reschedule();
  }

  /** Milliseconds the venue is still paused for (0 when not paused). */
  pausedForMs(): number {
    return Math.max(0, this.pausedUntil - this.now());
  }

  waiting(priority?: RequestPriority): number {
    return priority ? this.queues[priority].length : this.queues.live.length + this.queues.backfill.length;
  }

  /** Rejects everyone waiting (the engine is closing). */
  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const priority of ['live', 'backfill'] as const) {
      for (const w of this.queues[priority].splice(0)) {
        if (w.signal && w.onAbort) w.signal.removeEventListener('abort', w.onAbort);
        w.reject(aborted());
      }
    }
  }

  private refill(): void {
    const now = this.now();
    if (now <= this.refilledAt) return;
    this.tokens = Math.min(this.opts.burst, this.tokens + ((now - this.refilledAt) / 1000) * this.opts.perSecond);
    this.refilledAt = now;
  }

  private drain(): void {
    this.timer = undefined;
    this.refill();
    while (this.now() >= this.pausedUntil && this.tokens >= 1) {
      const priority: RequestPriority = this.queues.live.length > 0 ? 'live' : 'backfill';
      const waiter = this.queues[priority].shift();
      if (!waiter) break;
      if (waiter.signal && waiter.onAbort) waiter.signal.removeEventListener('abort', waiter.onAbort);
      this.tokens -= 1;
      this.granted[priority]++;
      waiter.resolve();
    }
    this.schedule();
  }

  private reschedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.schedule();
  }

  private schedule(): void {
    if (this.timer || this.waiting() === 0) return;
    const now = this.now();
    // Tokens accrue from refilledAt on (the end of a pause lies in the future).
    const untilToken = this.tokens >= 1 ? 0 : ((1 - this.tokens) / this.opts.perSecond) * 1000;
    const wait = Math.max(this.pausedUntil - now, 0, Math.max(this.refilledAt - now, 0) + untilToken);
    this.timer = setTimeout(() => this.drain(), Math.ceil(wait));
    this.timer.unref?.();
  }
}

function aborted(): MarketDataError {
  return new MarketDataError('aborted', 'The request was cancelled');
}
