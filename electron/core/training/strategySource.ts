/**
 * Which strategy a run uses: a built-in by id (the registry), or one from a module of your
 * own (`module`: a path or file: URL whose exports include `getStrategy(id)` or `strategies`,
 * a Map or an array of StrategyDefinition). Workers load the same source by the same rule,
 * so a module must be importable in a worker (plain TypeScript/JavaScript, no Electron).
 */
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { StrategyDefinition } from '../strategies/api';
import { getStrategy } from '../strategies/registry';

export interface StrategySource {
  readonly id: string;
  /** Absolute file: URL (normalised by normaliseSource). */
  readonly module?: string;
}

export function normaliseSource(source: StrategySource): StrategySource {
  if (source.module === undefined) return { id: source.id };
  const m = source.module;
  const url = m.startsWith('file:') ? m : pathToFileURL(isAbsolute(m) ? m : resolve(m)).href;
  return { id: source.id, module: url };
}

function isDefinition(x: unknown): x is StrategyDefinition {
  return typeof x === 'object' && x !== null && typeof (x as StrategyDefinition).id === 'string' && typeof (x as StrategyDefinition).create === 'function';
}

export function strategyFromModule(exports: Record<string, unknown>, id: string, name: string): StrategyDefinition {
  const get = exports.getStrategy;
  if (typeof get === 'function') {
    const def: unknown = (get as (id: string) => unknown)(id);
    if (isDefinition(def)) return def;
  }
  const list = exports.strategies;
  const all: unknown[] = list instanceof Map ? [...list.values()] : Array.isArray(list) ? list : [];
  const found = all.find((d) => isDefinition(d) && d.id === id);
  if (isDefinition(found)) return found;
  const ids = all.filter(isDefinition).map((d) => d.id);
  throw new Error(`Unknown strategy "${id}" in ${name}${ids.length ? `; it has: ${ids.join(', ')}` : ' (it exports no getStrategy or strategies)'}`);
}

export async function loadStrategy(source: StrategySource): Promise<StrategyDefinition> {
  if (source.module === undefined) return getStrategy(source.id);
  const url = normaliseSource(source).module!;
  let exports: Record<string, unknown>;
  try {
    exports = (await import(url)) as Record<string, unknown>;
  } catch (err) {
    throw new Error(`Cannot load the strategies module ${url}: ${(err as Error).message}`);
  }
  return strategyFromModule(exports, source.id, url);
}
