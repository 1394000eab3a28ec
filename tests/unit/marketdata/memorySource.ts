import type { Instrument } from '../../../shared/contract';
import type { SourceInfo } from '../../../shared/contract/marketdata';
import {
  emptyMinuteBars,
  type BookSnapshot,
  type LiveBar,
  type LiveTrade,
  MarketDataError,
  type BarsPage,
  type FetchOptions,
  type LiveHandlers,
  type MarketDataSource,
  type MarketOf,
  type MinuteBars,
  type SourceState,
} from '../../../electron/core/marketdata/source';

/**
 * A market data source in memory for unit tests: every minute of its symbols has a bar
 * unless listed as empty; pages of `pageSize`; failures and spoiled pages on demand; live
 * bars pushed by hand; state changes by hand.
 */
export class MemorySource implements MarketDataSource {
  readonly maxBarsPerPage: number;
  readonly aroundTheClock = false;
  readonly storesLiveBars = false;
  readonly calls: Array<{ symbol: string; fromMs: number; toMs: number; token?: string; at: number }> = [];
  /** Minutes (epoch s) with no trade. */
  readonly empty = new Set<number>();
  /** Minutes (epoch s) missing from the first answer that covers them only. */
  readonly hiddenOnce = new Set<number>();
  /** Scripted failures / spoilers, consumed in order by fetchBars. */
  readonly script: Array<MarketDataError | 'out_of_order' | 'high_below_low' | { delayMs: number }> = [];
  private readonly handlers = new Map<string, Set<LiveHandlers>>();
  private readonly stateListeners = new Set<(s: SourceState, d?: string) => void>();
  private current: SourceState = 'idle';

  constructor(
    readonly id: string,
    private readonly markets: Record<string, MarketOf>,
    opts: { pageSize?: number; now?: () => number } = {},
  ) {
    this.maxBarsPerPage = opts.pageSize ?? 100;
    this.now = opts.now ?? Date.now;
  }

  private readonly now: () => number;

  info(): SourceInfo {
    return { id: this.id, name: `Memory ${this.id}`, venue: 'memory', markets: ['crypto_spot'], timeframes: ['1m'], feed: null, canStream: true, hasOrderBook: false };
  }

  marketOf(symbol: string): Promise<MarketOf | null> {
    return Promise.resolve(this.markets[symbol] ?? null);
  }

  search(): Promise<Instrument[]> {
    return Promise.resolve([]);
  }

  async fetchBars(symbol: string, fromMs: number, toMs: number, token?: string, options: FetchOptions = {}): Promise<BarsPage> {
    this.calls.push({ symbol, fromMs, toMs, token, at: this.now() });
    const step = this.script.shift();
    if (step instanceof MarketDataError) throw step;
    if (step && typeof step === 'object' && 'delayMs' in step) {
      await new Promise((r) => setTimeout(r, step.delayMs));
      if (options.signal?.aborted) throw new MarketDataError('aborted', 'cancelled');
    }
    if (!this.markets[symbol]) throw new MarketDataError('not_found', `no ${symbol}`);
    const start = token ? Number(token) : fromMs;
    const bars = emptyMinuteBars();
    let t = Math.ceil(start / 60_000) * 60;
    const nowSec = Math.floor(this.now() / 60_000) * 60;
    for (; t * 1000 < toMs && bars.t.length < this.maxBarsPerPage; t += 60) {
      if (this.empty.has(t) || t >= nowSec) continue;
      if (this.hiddenOnce.delete(t)) continue;
      push(bars, t, barValue(symbol, t));
    }
    if (step === 'out_of_order' && bars.t.length >= 3) [bars.t[0], bars.t[2]] = [bars.t[2]!, bars.t[0]!];
    if (step === 'high_below_low' && bars.t.length >= 2) bars.h[1] = bars.l[1]! - 1;
    return t * 1000 < toMs ? { bars, next: String(t * 1000) } : { bars };
  }

  subscribe(symbol: string, handlers: LiveHandlers): () => void {
    const set = this.handlers.get(symbol) ?? new Set();
    set.add(handlers);
    this.handlers.set(symbol, set);
    this.setState('live');
    return () => {
      set.delete(handlers);
    };
  }

  push(symbol: string, tSec: number, closed = true): void {
    const b = barValue(symbol, tSec);
    for (const h of this.handlers.get(symbol) ?? []) h.bar?.({ t: tSec, ...b, closed });
  }

  /** Any bar, sane or not, as a venue might send it. */
  pushBar(symbol: string, bar: LiveBar): void {
    for (const h of this.handlers.get(symbol) ?? []) h.bar?.(bar);
  }

  pushTrade(symbol: string, trade: LiveTrade): void {
    for (const h of this.handlers.get(symbol) ?? []) h.trade?.(trade);
  }

  pushBook(symbol: string, book: BookSnapshot): void {
    for (const h of this.handlers.get(symbol) ?? []) h.book?.(book);
  }

  state(): SourceState {
    return this.current;
  }

  setState(s: SourceState): void {
    if (s === this.current) return;
    this.current = s;
    for (const l of this.stateListeners) l(s);
  }

  onState(listener: (s: SourceState, d?: string) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

export function barValue(symbol: string, tSec: number): { o: number; h: number; l: number; c: number; v: number } {
  const base = symbol.length * 10 + (tSec / 60) * 0.001;
  const o = Math.round(base * 100) / 100;
  return { o, h: o + 0.5, l: o - 0.5, c: o + 0.1, v: 1 };
}

function push(bars: MinuteBars, t: number, b: { o: number; h: number; l: number; c: number; v: number }): void {
  bars.t.push(t);
  bars.o.push(b.o);
  bars.h.push(b.h);
  bars.l.push(b.l);
  bars.c.push(b.c);
  bars.v.push(b.v);
}
