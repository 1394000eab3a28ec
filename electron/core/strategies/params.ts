import type { ParamValues } from './api';

/**
 * Typed reads of resolved parameter values (what `resolveParams` returns). A wrong type here
 * is a programming error in the caller (params that skipped `resolveParams`), so the message
 * names the parameter rather than blaming the user.
 */
export function numberParam(p: ParamValues, name: string): number {
  const value = p[name];
  if (typeof value !== 'number') throw new TypeError(`Strategy parameter "${name}" should be a number, got ${JSON.stringify(value)}`);
  return value;
}

export function boolParam(p: ParamValues, name: string): boolean {
  const value = p[name];
  if (typeof value !== 'boolean') throw new TypeError(`Strategy parameter "${name}" should be true or false, got ${JSON.stringify(value)}`);
  return value;
}

export function enumParam<T extends string>(p: ParamValues, name: string, options: readonly T[]): T {
  const value = p[name];
  const match = options.find((option) => option === value);
  if (match === undefined) throw new TypeError(`Strategy parameter "${name}" should be one of ${options.join(', ')}, got ${JSON.stringify(value)}`);
  return match;
}

/** The usual "Allow short" switch: when off, an exit goes flat instead of short. */
export const ALLOW_SHORT_PARAM = {
  name: 'allowShort',
  label: 'Allow short',
  kind: 'bool',
  default: false,
  help: 'When on, the opposite signal goes short one unit instead of flat.',
} as const;
