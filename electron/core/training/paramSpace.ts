/**
 * The search space of an optimisation: which strategy params vary (and over what), which are
 * fixed. Ranges are written `name=min:max[:step]` (numbers) or `name=a,b,c` (a list: enum,
 * bool or numbers). Everything is checked against the strategy's ParamSpecs here, before a
 * single trial runs, with messages that name the param.
 */
import type { ParamSpec, ParamValues, StrategyDefinition } from '../strategies/api';

export type ParamValue = number | string | boolean;
export type ParamSet = Record<string, ParamValue>;

/** A numeric range; `values` is its grid (null for a continuous float range without step). */
export interface NumericDimension {
  readonly name: string;
  readonly kind: 'int' | 'float';
  readonly min: number;
  readonly max: number;
  readonly step: number | null;
  readonly values: readonly number[] | null;
}

export interface ChoiceDimension {
  readonly name: string;
  readonly kind: 'choice';
  readonly values: readonly ParamValue[];
}

export type Dimension = NumericDimension | ChoiceDimension;

export interface SearchSpace {
  readonly dims: readonly Dimension[];
  /** Params that do not vary (given with --param, or the strategy's defaults). */
  readonly fixed: Readonly<ParamSet>;
}

export interface RangeText {
  name: string;
  text: string;
}

/** Splits "fast=5:50:5" into name and range text. */
export function splitRangeArg(arg: string): RangeText {
  const eq = arg.indexOf('=');
  if (eq <= 0) throw new Error(`range "${arg}" must look like name=min:max[:step] or name=a,b,c`);
  const name = arg.slice(0, eq).trim();
  const text = arg.slice(eq + 1).trim();
  if (text === '') throw new Error(`range for ${name} is empty`);
  return { name, text };
}

/** Up to 12 significant digits: 0.1 + 0.2 steps give 0.3, not 0.30000000000000004. */
function tidy(x: number): number {
  return Number(x.toPrecision(12));
}

const MAX_GRID_PER_DIMENSION = 100_000;

function numericDimension(spec: ParamSpec, text: string): NumericDimension {
  const parts = text.split(':').map((s) => s.trim());
  if (parts.length < 2 || parts.length > 3) throw new Error(`range for ${spec.name} must be min:max or min:max:step, got "${text}"`);
  const [min, max] = [Number(parts[0]), Number(parts[1])];
  if (parts[0] === '' || parts[1] === '' || !Number.isFinite(min) || !Number.isFinite(max)) throw new Error(`range for ${spec.name} needs numbers, got "${text}"`);
  if (min > max) throw new Error(`range for ${spec.name} is inverted (${min} > ${max}): write the smaller value first`);
  let step: number | null = parts.length === 3 ? Number(parts[2]) : (spec.step ?? (spec.kind === 'int' ? 1 : null));
  if (parts.length === 3 && (parts[2] === '' || !Number.isFinite(step) || step! <= 0)) throw new Error(`range for ${spec.name}: the step must be a number above 0, got "${parts[2]}"`);
  if (spec.min !== undefined && min < spec.min) throw new Error(`range for ${spec.name} starts at ${min}, below its minimum ${spec.min}`);
  if (spec.max !== undefined && max > spec.max) throw new Error(`range for ${spec.name} ends at ${max}, above its maximum ${spec.max}`);
  if (spec.kind === 'int') {
    if (!Number.isInteger(min) || !Number.isInteger(max) || !Number.isInteger(step)) throw new Error(`${spec.name} is a whole number: its range needs whole min, max and step, got "${text}"`);
  }
  let values: number[] | null = null;
  if (step !== null) {
    if (min === max) step = null;
    const count = step === null ? 0 : Math.floor((max - min) / step + 1e-9);
    if (count + 1 > MAX_GRID_PER_DIMENSION) throw new Error(`range for ${spec.name} has ${count + 1} values; use a larger step`);
    values = [];
    for (let k = 0; k <= count; k++) values.push(tidy(min + k * (step ?? 0)));
  }
  return { name: spec.name, kind: spec.kind === 'int' ? 'int' : 'float', min, max, step, values };
}

function choiceDimension(spec: ParamSpec, text: string): ChoiceDimension {
  const items = text.split(',').map((s) => s.trim());
  if (items.some((s) => s === '')) throw new Error(`list for ${spec.name} has an empty item: "${text}"`);
  const values: ParamValue[] = items.map((item) => {
    if (spec.kind === 'bool') {
      if (item !== 'true' && item !== 'false') throw new Error(`${spec.name} is true or false, got "${item}"`);
      return item === 'true';
    }
    if (spec.kind === 'enum') {
      if (!spec.options?.includes(item)) throw new Error(`${spec.name} must be one of ${(spec.options ?? []).join(', ')}; got "${item}"`);
      return item;
    }
    const n = Number(item);
    if (!Number.isFinite(n)) throw new Error(`${spec.name} needs numbers, got "${item}"`);
    if (spec.kind === 'int' && !Number.isInteger(n)) throw new Error(`${spec.name} is a whole number, got "${item}"`);
    if ((spec.min !== undefined && n < spec.min) || (spec.max !== undefined && n > spec.max)) throw new Error(`${spec.name} = ${n} is outside [${spec.min ?? '-inf'}, ${spec.max ?? 'inf'}]`);
    return n;
  });
  const unique = [...new Set(values)];
  return { name: spec.name, kind: 'choice', values: unique };
}

/** Builds the space; `fixed` are the --param values (strings as typed, or values). */
export function buildSpace(def: StrategyDefinition, ranges: readonly RangeText[], fixed: Readonly<Record<string, unknown>> = {}): SearchSpace {
  if (ranges.length === 0) throw new Error('give at least one --range to optimise over');
  const dims: Dimension[] = [];
  const seen = new Set<string>();
  for (const { name, text } of ranges) {
    const spec = def.params.find((p) => p.name === name);
    if (!spec) throw new Error(`${def.name} has no parameter "${name}"; its parameters are: ${def.params.map((p) => p.name).join(', ') || 'none'}`);
    if (seen.has(name)) throw new Error(`${name} has two ranges`);
    if (name in fixed) throw new Error(`${name} is both a --range and a --param`);
    seen.add(name);
    const isList = !text.includes(':');
    dims.push(spec.kind === 'enum' || spec.kind === 'bool' || isList ? choiceDimension(spec, text) : numericDimension(spec, text));
  }
  const fixedOut: ParamSet = {};
  for (const [name, raw] of Object.entries(fixed)) {
    const spec = def.params.find((p) => p.name === name);
    if (!spec) throw new Error(`${def.name} has no parameter "${name}"`);
    fixedOut[name] = coerce(spec, raw);
  }
  return { dims, fixed: fixedOut };
}

function coerce(spec: ParamSpec, raw: unknown): ParamValue {
  if (typeof raw === 'number' || typeof raw === 'boolean') return raw;
  const s = String(raw).trim();
  if (spec.kind === 'bool') {
    if (s !== 'true' && s !== 'false') throw new Error(`${spec.name} is true or false, got "${s}"`);
    return s === 'true';
  }
  if (spec.kind === 'enum') return s;
  const n = Number(s);
  if (s === '' || !Number.isFinite(n)) throw new Error(`${spec.name} needs a number, got "${s}"`);
  return n;
}

/** Number of grid points (Infinity when a dimension is continuous). */
export function gridSize(space: SearchSpace): number {
  let size = 1;
  for (const d of space.dims) size *= d.values === null ? Number.POSITIVE_INFINITY : d.values.length;
  return size;
}

/** The full param set of a point: fixed params plus the varying ones. */
export function withFixed(space: SearchSpace, point: Readonly<ParamSet>): ParamSet {
  return { ...space.fixed, ...point };
}

/** A canonical key for a param set (sorted names): equal params, equal keys. */
export function paramKey(params: Readonly<ParamSet> | ParamValues): string {
  const names = Object.keys(params).sort();
  return names.map((n) => `${n}=${String(params[n])}`).join('&');
}
