/**
 * Runs one bot's strategy over its symbols: one strategy instance and one growing bar
 * series per symbol. The same class runs inside a worker thread (strategyWorker.ts) and
 * in-process (InlineHost); it knows nothing about orders, risk or the database.
 */
import type { BarSeries, GateTrace, ParamValues, StrategyContext, StrategyDefinition, StrategyInstance } from '../strategies/api';

export interface WireBar {
  /** Open time, epoch seconds (as in the strategy API). */
  t: number;
  o: number;
  h: number;
  l: number;
  c: number;
  v: number;
}

export interface Intent {
  units: number;
  orderType: 'market' | 'limit' | 'stop';
  price: number | null;
  reason: string;
}

export interface EvalItem {
  symbol: string;
  bar: WireBar;
  /** The bot's position in units of its sizing unit, as the runner knows it. */
  positionUnits: number;
}

export interface EvalResult {
  symbol: string;
  /** The intent stated on this bar, or null when the strategy stated none. */
  intent: Intent | null;
  gates: Array<{ gate: string; passed: boolean; detail: string }>;
  /** Time spent in onBar, microseconds. */
  micros: number;
}

/** The strategy threw (or stated an impossible intent): the bot is at fault, not the engine. */
export class StrategyFault extends Error {
  constructor(
    message: string,
    readonly symbol: string | null,
  ) {
    super(message);
    this.name = 'StrategyFault';
  }
}

/**
 * Bar columns that grow by doubling. Strategies keep their state in their instance and
 * only look back a bounded number of bars, so once `keep` bars are far behind, the oldest
 * are dropped: memory stays bounded on a bot that runs for months. Indices passed to
 * onBar are always into the current columns.
 */
export class GrowingSeries implements BarSeries {
  length = 0;
  t: Float64Array;
  o: Float64Array;
  h: Float64Array;
  l: Float64Array;
  c: Float64Array;
  v: Float64Array;

  constructor(
    private readonly keep: number,
    capacity = 256,
  ) {
    this.t = new Float64Array(capacity);
    this.o = new Float64Array(capacity);
    this.h = new Float64Array(capacity);
    this.l = new Float64Array(capacity);
    this.c = new Float64Array(capacity);
    this.v = new Float64Array(capacity);
  }

  /** Appends a bar and returns its index. */
  push(b: WireBar): number {
    if (this.length === this.t.length) this.makeRoom();
    const i = this.length++;
    this.t[i] = b.t;
    this.o[i] = b.o;
    this.h[i] = b.h;
    this.l[i] = b.l;
    this.c[i] = b.c;
    this.v[i] = b.v;
    return i;
  }

  private makeRoom(): void {
    const cap = this.t.length;
    if (this.length >= this.keep * 2) {
      // Drop the oldest bars, keeping `keep`: capacity stops at the first doubling past 2 * keep.
      const from = this.length - this.keep;
      for (const col of [this.t, this.o, this.h, this.l, this.c, this.v]) col.copyWithin(0, from, this.length);
      this.length = this.keep;
      return;
    }
    const grow = (a: Float64Array) => {
      const b = new Float64Array(cap * 2);
      b.set(a);
      return b;
    };
    this.t = grow(this.t);
    this.o = grow(this.o);
    this.h = grow(this.h);
    this.l = grow(this.l);
    this.c = grow(this.c);
    this.v = grow(this.v);
  }
}

/** The context handed to onBar; one per symbol, reused every bar so a decision allocates little. */
class Context implements StrategyContext {
  tracing = false;
  positionUnits = 0;
  intent: Intent | null = null;
  gates: EvalResult['gates'] = [];

  position(): number {
    return this.positionUnits;
  }

  target(units: number, reason: string): void {
    this.intent = { units, orderType: 'market', price: null, reason };
  }

  targetAt(units: number, type: 'limit' | 'stop', price: number, reason: string): void {
    this.intent = { units, orderType: type, price, reason };
  }

  gate(trace: GateTrace): void {
    if (this.tracing) this.gates.push({ gate: trace.gate, passed: trace.passed, detail: trace.detail });
  }

  reset(tracing: boolean, positionUnits: number): void {
    this.tracing = tracing;
    this.positionUnits = positionUnits;
    this.intent = null;
    this.gates = tracing ? [] : this.gates;
  }
}

interface SymbolSlot {
  series: GrowingSeries;
  instance: StrategyInstance;
  ctx: Context;
}

/** Keep at least this many bars per symbol, whatever the strategy's warm-up. */
const MIN_KEEP = 2_000;

export class StrategyEvaluator {
  private readonly slots = new Map<string, SymbolSlot>();

  constructor(def: StrategyDefinition, params: ParamValues, symbols: readonly string[]) {
    const keep = Math.max(MIN_KEEP, def.warmup(params) * 4);
    for (const symbol of symbols) {
      let instance: StrategyInstance;
      try {
        instance = def.create(params);
      } catch (err) {
        throw new StrategyFault(`${def.name} could not start: ${messageOf(err)}`, symbol);
      }
      this.slots.set(symbol, { series: new GrowingSeries(keep), instance, ctx: new Context() });
    }
  }

  /** Feeds history to the indicators; intents are ignored (nothing is decided on old bars). */
  warm(symbol: string, bars: readonly WireBar[]): void {
    const slot = this.slot(symbol);
    for (const bar of bars) {
      const i = slot.series.push(bar);
      slot.ctx.reset(false, 0);
      try {
        slot.instance.onBar(slot.series, i, slot.ctx);
      } catch (err) {
        throw new StrategyFault(`The strategy failed on ${symbol} during warm-up: ${messageOf(err)}`, symbol);
      }
    }
  }

  evaluate(item: EvalItem): EvalResult {
    const slot = this.slot(item.symbol);
    const i = slot.series.push(item.bar);
    slot.ctx.reset(true, item.positionUnits);
    const started = performance.now();
    try {
      slot.instance.onBar(slot.series, i, slot.ctx);
    } catch (err) {
      throw new StrategyFault(`The strategy failed on ${item.symbol}: ${messageOf(err)}`, item.symbol);
    }
    const micros = Math.round((performance.now() - started) * 1000);
    const intent = slot.ctx.intent;
    if (intent) checkIntent(intent, item.symbol);
    return { symbol: item.symbol, intent, gates: slot.ctx.gates, micros };
  }

  private slot(symbol: string): SymbolSlot {
    const slot = this.slots.get(symbol);
    if (!slot) throw new Error(`This bot does not trade ${symbol}`);
    return slot;
  }
}

function checkIntent(intent: Intent, symbol: string): void {
  if (!Number.isFinite(intent.units)) throw new StrategyFault(`The strategy asked for a target of ${intent.units} units on ${symbol}`, symbol);
  if (intent.orderType !== 'market' && !(intent.price !== null && Number.isFinite(intent.price) && intent.price > 0)) {
    throw new StrategyFault(`The strategy asked for a ${intent.orderType} order at ${String(intent.price)} on ${symbol}`, symbol);
  }
  if (typeof intent.reason !== 'string') intent.reason = String(intent.reason);
}

export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
