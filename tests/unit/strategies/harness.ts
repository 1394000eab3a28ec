import { resolveParams, type BarSeries, type GateTrace, type StrategyContext, type StrategyDefinition } from '../../../electron/core/strategies/api';

/** Bar columns from closes; high/low default to the close (enough for close-only strategies). */
export function barsOf(close: number[], columns: { high?: number[]; low?: number[] } = {}): BarSeries {
  const high = columns.high ?? close;
  const low = columns.low ?? close;
  return {
    length: close.length,
    t: close.map((_, i) => 1_700_000_000 + i * 60),
    o: close,
    h: high,
    l: low,
    c: close,
    v: close.map(() => 1000),
  };
}

/** A random walk with highs above and lows below the close, seeded for reproducibility. */
export function randomBars(seed: number, length: number): { close: number[]; high: number[]; low: number[] } {
  let state = seed >>> 0 || 1;
  const random = () => {
    // xorshift32: deterministic without pulling in a library
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4_294_967_296;
  };
  const close: number[] = [];
  const high: number[] = [];
  const low: number[] = [];
  let price = 100;
  for (let i = 0; i < length; i++) {
    price = Math.max(1, price * (1 + (random() - 0.5) * 0.04));
    close.push(price);
    high.push(price * (1 + random() * 0.01));
    low.push(price * (1 - random() * 0.01));
  }
  return { close, high, low };
}

export interface Decision {
  bar: number;
  units: number;
  reason: string;
}

/** A StrategyContext that records intents and gates per bar, like a runner would. */
export class RecordingContext implements StrategyContext {
  bar = -1;
  readonly decisions: Decision[] = [];
  readonly gates: Array<{ bar: number; trace: GateTrace }> = [];
  /** gate() calls made while not tracing: must stay 0. */
  untracedGateCalls = 0;
  private held = 0;

  constructor(readonly tracing: boolean) {}

  position(): number {
    return this.held;
  }

  target(units: number, reason: string): void {
    this.decisions.push({ bar: this.bar, units, reason });
    this.held = units;
  }

  targetAt(units: number, _type: 'limit' | 'stop', _price: number, reason: string): void {
    this.target(units, reason);
  }

  gate(trace: GateTrace): void {
    if (!this.tracing) this.untracedGateCalls++;
    else this.gates.push({ bar: this.bar, trace });
  }

  gatesAt(bar: number): GateTrace[] {
    return this.gates.filter((g) => g.bar === bar).map((g) => g.trace);
  }
}

export function run(def: StrategyDefinition, params: Record<string, unknown>, bars: BarSeries, options: { tracing?: boolean } = {}): RecordingContext {
  const instance = def.create(resolveParams(def, params));
  const ctx = new RecordingContext(options.tracing ?? false);
  for (let i = 0; i < bars.length; i++) {
    ctx.bar = i;
    instance.onBar(bars, i, ctx);
  }
  return ctx;
}

/** [bar, units] pairs, the compact form the tests compare. */
export const actions = (ctx: RecordingContext): Array<[number, number]> => ctx.decisions.map((d) => [d.bar, d.units]);
