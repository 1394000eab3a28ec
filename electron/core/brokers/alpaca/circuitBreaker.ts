export interface CircuitBreakerOptions {
  /** Consecutive transient failures that open the circuit. */
  failureThreshold: number;
  /** How long calls fail fast once open, before one is let through to probe. */
  coolDownMs: number;
}

export type BreakerState = 'closed' | 'open' | 'half_open';

/**
 * A per-connection circuit breaker. When Alpaca keeps failing, hammering it with more
 * requests (each with its own retries and timeouts) only delays the moment the trader
 * learns the connection is down; failing fast for a cool-down says so at once. After the
 * cool-down the next call probes: success closes the circuit, failure opens it again.
 */
export class CircuitBreaker {
  private current: BreakerState = 'closed';
  private consecutiveFailures = 0;
  private openedAt = 0;
  private coolDownTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly opts: CircuitBreakerOptions,
    private readonly onChange: (state: BreakerState, detail: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  state(): BreakerState {
    return this.current;
  }

  /** Milliseconds until a call may be tried again, or 0 when calls may go through. */
  blockedForMs(): number {
    if (this.current !== 'open') return 0;
    return Math.max(0, this.openedAt + this.opts.coolDownMs - this.now());
  }

  recordSuccess(): void {
    this.consecutiveFailures = 0;
    if (this.current !== 'closed') this.transition('closed', 'Alpaca answered again');
  }

  recordFailure(reason: string): void {
    this.consecutiveFailures++;
    // A failed probe (half-open, or open with the cool-down just over) opens it again.
    if (this.current !== 'closed' || this.consecutiveFailures >= this.opts.failureThreshold) this.open(reason);
  }

  dispose(): void {
    if (this.coolDownTimer) clearTimeout(this.coolDownTimer);
    this.coolDownTimer = undefined;
  }

  private open(reason: string): void {
    const wasOpen = this.current === 'open';
    this.openedAt = this.now();
    this.dispose();
    // The timer only announces the half-open state; blockedForMs() is the authority.
    this.coolDownTimer = setTimeout(() => {
      this.coolDownTimer = undefined;
      if (this.current === 'open') this.transition('half_open', 'cool-down over; the next request probes Alpaca');
    }, this.opts.coolDownMs);
    this.coolDownTimer.unref?.();
    if (wasOpen) return;
    this.transition(
      'open',
      `${this.consecutiveFailures} requests to Alpaca failed in a row (last: ${reason}); pausing for ${Math.round(this.opts.coolDownMs / 1000)} s`,
    );
  }

  private transition(next: BreakerState, detail: string): void {
    if (next === this.current) return;
    this.current = next;
    this.onChange(next, detail);
  }
}
