import {
  resolveParams,
  type BarSeries,
  type GateTrace,
  type ParamSpec,
  type ParamValues,
  type StrategyContext,
  type StrategyDefinition,
  type StrategyInstance,
} from './api';
import { bollingerReversion } from './bollingerReversion';
import { donchianBreakout } from './donchianBreakout';
import { maCross } from './maCross';
import { ALLOW_SHORT_PARAM, boolParam, numberParam } from './params';
import { rsiReversion } from './rsiReversion';
import { WARM_UP_GATE, formatNumber, formatUnits } from './trace';

export interface EnsembleMember {
  readonly def: StrategyDefinition;
  /** The member's own parameters, checked with resolveParams (defaults fill the rest). */
  readonly params: Readonly<Record<string, unknown>>;
  /** Finite, >= 0; the weights of an ensemble sum to 1. */
  readonly weight: number;
  /** Name in traces; defaults to the strategy id (numbered when an id repeats). */
  readonly label?: string;
}

/** How far from 1 the weights may sum (floating-point slack, e.g. ten weights of 0.1). */
export const WEIGHT_SUM_TOLERANCE = 1e-9;

/** Slack when comparing the weighted vote with the threshold, for the same reason. */
const VOTE_TOLERANCE = 1e-9;

/** What is wrong with these weights, in words, or null when they are usable. */
export function weightProblem(weights: ReadonlyArray<{ readonly label: string; readonly weight: number }>): string | null {
  if (weights.length === 0) return 'An ensemble needs at least one member';
  for (const { label, weight } of weights) {
    if (typeof weight !== 'number' || !Number.isFinite(weight)) return `The weight of ${label} must be a finite number, not ${String(weight)}`;
    if (weight < 0) return `The weight of ${label} must not be negative (it is ${weight})`;
  }
  const sum = weights.reduce((total, w) => total + w.weight, 0);
  if (Math.abs(sum - 1) > WEIGHT_SUM_TOLERANCE) {
    return `The weights must sum to 1, but ${weights.map((w) => String(w.weight)).join(' + ')} = ${String(sum)}`;
  }
  return null;
}

export const THRESHOLD_PARAM: ParamSpec = {
  name: 'threshold',
  label: 'Vote threshold',
  kind: 'float',
  default: 0.5,
  min: 0.01,
  max: 1,
  step: 0.05,
  help: 'Long when the weighted vote is at least this, short at most minus this, flat in between. 0.5 rounds to the nearest of -1, 0, +1.',
};

/**
 * Stands between a member and the real context: a member's target() is its vote, its
 * position() is that vote, and its gates are passed on (prefixed with its label) when the
 * runner traces. One per member, made once; `parent` is swapped per bar without allocating.
 */
class MemberContext implements StrategyContext {
  parent: StrategyContext | null = null;
  vote = 0;
  lastReason = '';

  constructor(readonly label: string) {}

  get tracing(): boolean {
    return this.parent?.tracing ?? false;
  }

  position(): number {
    return this.vote;
  }

  target(units: number, reason: string): void {
    this.vote = units;
    this.lastReason = reason;
  }

  /** A vote cannot rest at a price: the ensemble counts it at once (see the report on this API gap). */
  targetAt(units: number, _type: 'limit' | 'stop', _price: number, reason: string): void {
    this.target(units, reason);
  }

  gate(trace: GateTrace): void {
    if (this.parent?.tracing) this.parent.gate({ ...trace, gate: `${this.label}: ${trace.gate}` });
  }
}

interface ResolvedMember {
  readonly def: StrategyDefinition;
  readonly params: ParamValues;
  readonly weight: number;
  readonly label: string;
}

/**
 * Weighted vote of member strategies, decided at each bar's close after every member has
 * seen the bar: vote = sum(weight * member's current target), where a member's target is the
 * last one it stated (0 until it states one). Target +1 when vote >= threshold, -1 when
 * vote <= -threshold, else 0; target() is called only when that changes. No decision before
 * the slowest member's warm-up (members are still fed every bar).
 */
class Ensemble implements StrategyInstance {
  private readonly instances: StrategyInstance[];
  private readonly contexts: MemberContext[];
  private readonly weights: Float64Array;
  private readonly threshold: number;
  private readonly warmup: number;
  private readonly reasons: readonly [string, string, string];
  private held = 0;
  private barsSeen = 0;

  constructor(members: readonly ResolvedMember[], threshold: number, warmup: number) {
    this.instances = members.map((m) => m.def.create(m.params));
    this.contexts = members.map((m) => new MemberContext(m.label));
    this.weights = Float64Array.from(members.map((m) => m.weight));
    this.threshold = threshold;
    this.warmup = warmup;
    const t = formatNumber(threshold);
    this.reasons = [`weighted vote at or below -${t}: short`, `weighted vote between -${t} and ${t}: flat`, `weighted vote at or above ${t}: long`];
  }

  onBar(bars: BarSeries, i: number, ctx: StrategyContext): void {
    let vote = 0;
    for (let k = 0; k < this.instances.length; k++) {
      const member = this.contexts[k]!;
      member.parent = ctx;
      this.instances[k]!.onBar(bars, i, member);
      vote += this.weights[k]! * member.vote;
    }
    const seenBefore = this.barsSeen++;
    if (seenBefore < this.warmup) {
      if (ctx.tracing) {
        ctx.gate({ gate: WARM_UP_GATE, passed: false, detail: `the slowest member needs ${this.warmup} bars before deciding; ${seenBefore} seen`, value: seenBefore, threshold: this.warmup });
      }
      return;
    }
    const next = vote >= this.threshold - VOTE_TOLERANCE ? 1 : vote <= -this.threshold + VOTE_TOLERANCE ? -1 : 0;
    if (ctx.tracing) this.trace(ctx, vote, next, seenBefore);
    if (next !== this.held) {
      this.held = next;
      ctx.target(next, this.reasons[next + 1]!);
    }
  }

  private trace(ctx: StrategyContext, vote: number, next: number, seenBefore: number): void {
    ctx.gate({ gate: WARM_UP_GATE, passed: true, detail: `${seenBefore} bars seen` });
    for (let k = 0; k < this.contexts.length; k++) {
      const member = this.contexts[k]!;
      const weight = this.weights[k]!;
      const why = member.lastReason === '' ? 'no signal yet' : member.lastReason;
      ctx.gate({
        gate: `vote ${member.label}`,
        passed: member.vote !== 0,
        detail: `${formatUnits(member.vote)} x weight ${formatNumber(weight)} = ${formatUnits(member.vote * weight)} (${why})`,
        value: member.vote,
        threshold: weight,
      });
    }
    const t = formatNumber(this.threshold);
    ctx.gate({
      gate: 'weighted vote',
      passed: next !== this.held,
      detail: `${formatUnits(vote)} vs threshold +/-${t}: target ${formatUnits(next)}${next === this.held ? ', unchanged' : ''}`,
      value: vote,
      threshold: this.threshold,
    });
  }
}

function labelsOf(members: readonly EnsembleMember[]): string[] {
  return members.map((m, k) => {
    if (m.label) return m.label;
    const repeated = members.filter((other) => other.def.id === m.def.id).length > 1;
    return repeated ? `${m.def.id}#${k + 1}` : m.def.id;
  });
}

/**
 * An ensemble strategy over `members`. Refuses weights that are not finite, negative, or do
 * not sum to 1 (within 1e-9), and member params their strategy refuses. Its only parameter
 * is the vote threshold; its warm-up is the slowest member's.
 */
export function createEnsemble(
  members: readonly EnsembleMember[],
  info: { id?: string; name?: string; description?: string } = {},
): StrategyDefinition {
  const labels = labelsOf(members);
  const problem = weightProblem(members.map((m, k) => ({ label: labels[k]!, weight: m.weight })));
  if (problem) throw new Error(problem);
  const resolved: ResolvedMember[] = members.map((m, k) => {
    const label = labels[k]!;
    try {
      return { def: m.def, params: resolveParams(m.def, m.params), weight: m.weight, label };
    } catch (error) {
      throw new Error(`Ensemble member ${label}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  });
  const warmup = Math.max(...resolved.map((m) => m.def.warmup(m.params)));
  const def: StrategyDefinition = {
    id: info.id ?? 'ensemble',
    name: info.name ?? 'Ensemble',
    description: info.description ?? `Weighted vote of ${labels.join(', ')}.`,
    params: [THRESHOLD_PARAM],
    warmup: () => warmup,
    create(p) {
      return new Ensemble(resolved, numberParam(resolveParams(def, p), 'threshold'), warmup);
    },
  };
  return def;
}

// ---- the built-in ensemble ------------------------------------------------------------

/** The members of the registered ensemble: each built-in at its defaults, one weight param each. */
const BUILT_IN_MEMBERS = [
  { param: 'w_ma', def: maCross },
  { param: 'w_rsi', def: rsiReversion },
  { param: 'w_donchian', def: donchianBreakout },
  { param: 'w_bollinger', def: bollingerReversion },
] as const;

const EQUAL_WEIGHT = 1 / BUILT_IN_MEMBERS.length;

function weightLabel(def: StrategyDefinition): string {
  return `Weight of ${def.name}`;
}

function membersFrom(p: ParamValues): EnsembleMember[] {
  const allowShort = boolParam(p, 'allowShort');
  return BUILT_IN_MEMBERS.map(({ param, def }) => ({ def, params: { allowShort }, weight: numberParam(p, param), label: def.id }));
}

export const builtInEnsemble: StrategyDefinition = {
  id: 'ensemble',
  name: 'Ensemble',
  description:
    'Weighted vote of the moving-average cross, RSI reversion, Donchian breakout and Bollinger reversion strategies at their default settings: long when the weighted vote reaches the threshold.',
  params: [
    ...BUILT_IN_MEMBERS.map(
      ({ param, def }): ParamSpec => ({
        name: param,
        label: weightLabel(def),
        kind: 'float',
        default: EQUAL_WEIGHT,
        min: 0,
        max: 1,
        step: 0.05,
        help: `Share of the vote of ${def.name}; the four weights sum to 1.`,
      }),
    ),
    THRESHOLD_PARAM,
    { ...ALLOW_SHORT_PARAM, help: 'Passed to every member: when on, members vote -1 for short and the ensemble can go short.' },
  ],
  validate(p) {
    return weightProblem(BUILT_IN_MEMBERS.map(({ param, def }) => ({ label: `${weightLabel(def)} (${param})`, weight: Number(p[param]) })));
  },
  warmup(p) {
    return createEnsemble(membersFrom(resolveParams(builtInEnsemble, p))).warmup({});
  },
  create(p) {
    const resolved = resolveParams(builtInEnsemble, p);
    return createEnsemble(membersFrom(resolved)).create({ threshold: numberParam(resolved, 'threshold') });
  },
};
