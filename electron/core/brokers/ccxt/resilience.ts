import { VenueError } from '../port';

export interface CircuitBreakerOptions {
  /** Consecutive failed requests that open the breaker. */
  failureThreshold: number;
  /** First pause once open; doubled each time a probe fails, up to maxCooldownMs. */
  cooldownMs: number;
  maxCooldownMs: number;
}

export type BreakerState = 'closed' | 'open' | 'half_open';

/**
 * One breaker per connection. After repeated transient failures, or as soon as the exchange
 * says "slow down" with a Retry-After, requests stop leaving this machine for a while:
 * hammering an exchange that is down or rate-limiting us gets an IP banned (Binance 418).
 * After the pause one request is let through as a probe; its outcome closes or re-opens it.
 */
export class CircuitBreaker {
  private failures = 0;
  private openUntil = 0;
  private cooldown: number;
  private probing = false;
  private current: BreakerState = 'closed';
  private readonly listeners = new Set<(state: BreakerState, detail: string) => void>();
  private lastReason = '';

  constructor(
    private readonly opts: CircuitBreakerOptions,
    private readonly now: () => number = Date.now,
  ) {
    this.cooldown = opts.cooldownMs;
  }

  state(): BreakerState {
    return this.current;
  }

  /** Milliseconds until a probe may go out (0 when closed or ready). */
  waitMs(): number {
    return this.current === 'closed' ? 0 : Math.max(0, this.openUntil - this.now());
  }

  onChange(listener: (state: BreakerState, detail: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Asks to send one request. Returns when it may go (closed, or as the one probe after a
   * pause); throws a VenueError saying why not (nothing was sent) while the breaker is open.
   */
  admit(): void {
    if (this.current === 'closed') return;
    const wait = this.openUntil - this.now();
    if (wait > 0 || this.probing) {
      const seconds = Math.max(1, Math.ceil(Math.max(wait, 0) / 1000));
      throw new VenueError('transient', `requests are paused after ${this.lastReason || 'repeated failures'}; next try in about ${seconds} s`, Math.max(wait, 0));
    }
    this.probing = true;
    this.set('half_open', 'probing the exchange');
  }

  /** True when a request would be let through now (closed, or ready to probe). */
  ready(): boolean {
    return this.current === 'closed' || (!this.probing && this.openUntil <= this.now());
  }

  succeeded(): void {
    this.failures = 0;
    this.probing = false;
    this.cooldown = this.opts.cooldownMs;
    if (this.current !== 'closed') this.set('closed', 'the exchange answers again');
  }

  /** Only transient and rate-limited failures count: an invalid order says nothing about the connection. */
  failed(err: VenueError): void {
    if (err.kind !== 'transient' && err.kind !== 'rate_limited') {
      // The request reached the exchange and got an answer: the connection works.
      this.succeeded();
      return;
    }
    this.failures++;
    const wasProbe = this.probing;
    this.probing = false;
    this.lastReason = err.kind === 'rate_limited' ? 'the exchange asked us to slow down' : `${this.failures} failed requests`;
    if (err.kind === 'rate_limited' && err.retryAfterMs !== undefined) {
      this.open(Math.max(err.retryAfterMs, wasProbe ? this.cooldown : 0), err.message);
      return;
    }
    if (wasProbe) {
      this.cooldown = Math.min(this.cooldown * 2, this.opts.maxCooldownMs);
      this.open(this.cooldown, err.message);
      return;
    }
    if (this.failures >= this.opts.failureThreshold) this.open(this.cooldown, err.message);
  }

  private open(forMs: number, detail: string): void {
    this.openUntil = Math.max(this.openUntil, this.now() + forMs);
    this.set('open', detail);
  }

  private set(state: BreakerState, detail: string): void {
    if (state === this.current) return;
    this.current = state;
    for (const l of this.listeners) l(state, detail);
  }
}

export interface RetryPolicy {
  /** Attempts in total for a safe read (1 = no retry). */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** Exponential backoff with full jitter; a Retry-After from the exchange wins when longer. */
export function backoffMs(policy: RetryPolicy, attempt: number, err: VenueError): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  const jittered = exp / 2 + Math.random() * (exp / 2);
  return Math.max(jittered, err.retryAfterMs ?? 0);
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
