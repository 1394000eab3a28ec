/**
 * The strategy API. One strategy implementation runs everywhere: in backtests and
 * optimisation (millions of bars per second, one thread), and in bots on paper, shadow and
 * live accounts. So the API is incremental and allocation-free on the hot path:
 *
 * - bars arrive one at a time as an index into columns (typed arrays), never as objects;
 * - indicators are incremental (O(1) per bar) and live in the instance;
 * - a strategy never calls a broker: it states an intent (a target position, in units of
 *   the instrument), and the runner (backtester or bot runtime) turns intents into orders
 *   through sizing, risk and the OMS;
 * - explanations ("why no trade") are written only when the runner asks for them
 *   (`ctx.tracing`), so a backtest pays nothing for them.
 *
 * Strategies are pure TypeScript with no I/O and no clock: the same bars give the same
 * decisions, which is what makes backtests deterministic and comparable with live.
 */

/** Read-only view of the bar columns. Times are epoch seconds (bar open). */
export interface BarSeries {
  readonly length: number;
  readonly t: ArrayLike<number>;
  readonly o: ArrayLike<number>;
  readonly h: ArrayLike<number>;
  readonly l: ArrayLike<number>;
  readonly c: ArrayLike<number>;
  readonly v: ArrayLike<number>;
}

export type ParamKind = 'int' | 'float' | 'enum' | 'bool';

export interface ParamSpec {
  readonly name: string;
  readonly label: string;
  readonly kind: ParamKind;
  readonly default: number | string | boolean;
  /** Valid range for int/float (inclusive); the wizard and the optimizer use it. */
  readonly min?: number;
  readonly max?: number;
  readonly step?: number;
  /** Choices for enum params. */
  readonly options?: readonly string[];
  readonly help?: string;
}

export type ParamValues = Readonly<Record<string, number | string | boolean>>;

/** One gate of a decision, for the "why no trade" trace. */
export interface GateTrace {
  readonly gate: string;
  readonly passed: boolean;
  /** e.g. "SMA(10) 101.2 vs SMA(30) 100.9" */
  readonly detail: string;
  readonly value?: number;
  readonly threshold?: number;
}

/**
 * What a strategy can do from inside onBar. Everything is about one symbol; multi-symbol
 * bots run one instance per symbol.
 */
export interface StrategyContext {
  /** Current position in units (signed: negative is short), as the runner knows it. */
  position(): number;
  /**
   * The position the strategy wants, in units of `unitQty` (e.g. 1 = long one sizing unit,
   * -1 = short one unit, 0 = flat). The runner sizes the unit (fixed qty, % equity, ...).
   * Calling it again in the same bar replaces the earlier intent.
   */
  target(units: number, reason: string): void;
  /**
   * Like target(), but reached through a resting order at `price`: a limit (buy at or
   * below / sell at or above) or a stop (buy at or above / sell at or below). It stays
   * until it fills, or until the next target()/targetAt() replaces it.
   */
  targetAt(units: number, type: 'limit' | 'stop', price: number, reason: string): void;
  /** True when the runner records decision traces; only then should `gate` be called. */
  readonly tracing: boolean;
  /** Records one gate of this bar's decision (no-op unless tracing). */
  gate(trace: GateTrace): void;
}

export interface StrategyInstance {
  /** Called for every bar in order, with i the bar's index in `bars`. Bars before warmup() feed indicators only. */
  onBar(bars: BarSeries, i: number, ctx: StrategyContext): void;
}

export interface StrategyDefinition {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly params: readonly ParamSpec[];
  /** Relations between params (e.g. fast < slow): a message for the user, or null. */
  validate?(p: ParamValues): string | null;
  /** Bars needed before the first decision. */
  warmup(p: ParamValues): number;
  create(p: ParamValues): StrategyInstance;
}

/** Fills in defaults and checks kinds, ranges and relations; throws with a message the user understands. */
export function resolveParams(def: StrategyDefinition, given: Readonly<Record<string, unknown>>): ParamValues {
  const out: Record<string, number | string | boolean> = {};
  for (const key of Object.keys(given)) {
    if (!def.params.some((p) => p.name === key)) throw new Error(`${def.name} has no parameter "${key}"`);
  }
  for (const spec of def.params) {
    const raw = given[spec.name];
    if (raw === undefined || raw === null || raw === '') {
      out[spec.name] = spec.default;
      continue;
    }
    if (spec.kind === 'bool') {
      if (typeof raw === 'boolean') out[spec.name] = raw;
      else if (raw === 'true' || raw === 'false') out[spec.name] = raw === 'true';
      else throw new Error(`${spec.label} must be true or false`);
      continue;
    }
    if (spec.kind === 'enum') {
      if (typeof raw !== 'string' || !spec.options?.includes(raw)) {
        throw new Error(`${spec.label} must be one of ${(spec.options ?? []).join(', ')}`);
      }
      out[spec.name] = raw;
      continue;
    }
    const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
    if (!Number.isFinite(n)) throw new Error(`${spec.label} must be a number`);
    if (spec.kind === 'int' && !Number.isInteger(n)) throw new Error(`${spec.label} must be a whole number`);
    if (spec.min !== undefined && n < spec.min) throw new Error(`${spec.label} must be at least ${spec.min}`);
    if (spec.max !== undefined && n > spec.max) throw new Error(`${spec.label} must be at most ${spec.max}`);
    out[spec.name] = n;
  }
  const relation = def.validate?.(out);
  if (relation) throw new Error(relation);
  return out;
}
