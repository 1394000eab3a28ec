/**
 * The strategies bots can run: the built-ins of strategies/registry.ts, plus strategy
 * modules named by URL (tests load misbehaving strategies this way; a later plugin
 * mechanism can too). The main thread and every strategy worker load the same list, so a
 * strategy id means the same code on both sides.
 */
import type { StrategyDefinition } from '../strategies/api';
import { strategies as builtIns } from '../strategies/registry';

export interface StrategyCatalog {
  get(id: string): StrategyDefinition | undefined;
  list(): StrategyDefinition[];
  /** Extra module URLs, passed on to the workers. */
  readonly modules: readonly string[];
}

function isDefinition(x: unknown): x is StrategyDefinition {
  if (typeof x !== 'object' || x === null) return false;
  const d = x as Record<string, unknown>;
  return typeof d.id === 'string' && typeof d.create === 'function' && typeof d.warmup === 'function' && Array.isArray(d.params);
}

/** Loads a module's `strategies` export (an array or a map of definitions). */
async function definitionsOf(url: string): Promise<StrategyDefinition[]> {
  const mod = (await import(url)) as { strategies?: unknown };
  const raw = mod.strategies instanceof Map ? [...(mod.strategies as Map<string, unknown>).values()] : mod.strategies;
  if (!Array.isArray(raw) || !raw.every(isDefinition)) throw new Error(`${url} does not export "strategies" as strategy definitions`);
  return raw;
}

export async function loadCatalog(modules: readonly string[] = []): Promise<StrategyCatalog> {
  const byId = new Map<string, StrategyDefinition>(builtIns);
  for (const url of modules) {
    for (const def of await definitionsOf(url)) {
      if (byId.has(def.id)) throw new Error(`Strategy id "${def.id}" from ${url} is already taken`);
      byId.set(def.id, def);
    }
  }
  return { get: (id) => byId.get(id), list: () => [...byId.values()], modules: [...modules] };
}
