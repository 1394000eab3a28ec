import type { StrategyDefinition } from './api';
import { bollingerReversion } from './bollingerReversion';
import { donchianBreakout } from './donchianBreakout';
import { builtInEnsemble } from './ensemble';
import { maCross } from './maCross';
import { rsiReversion } from './rsiReversion';

/** Every built-in strategy by id, in the order the wizard lists them. */
export const strategies: ReadonlyMap<string, StrategyDefinition> = new Map(
  [maCross, rsiReversion, donchianBreakout, bollingerReversion, builtInEnsemble].map((def) => [def.id, def] as const),
);

/** The strategy with this id; throws listing the known ids when there is none. */
export function getStrategy(id: string): StrategyDefinition {
  const def = strategies.get(id);
  if (!def) throw new Error(`Unknown strategy "${id}"; the strategies are: ${[...strategies.keys()].join(', ')}`);
  return def;
}
