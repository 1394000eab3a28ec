import { describe, expect, it } from 'vitest';
import { getStrategy, strategies } from '../../../electron/core/strategies/registry';

describe('strategy registry', () => {
  it('finds strategies by id', () => {
    expect(getStrategy('ma-cross').id).toBe('ma-cross');
    for (const [id, def] of strategies) expect(def.id).toBe(id);
  });

  it('names the known ids when asked for an unknown one', () => {
    expect(() => getStrategy('nope')).toThrow('Unknown strategy "nope"; the strategies are: ma-cross, rsi-reversion, donchian-breakout, bollinger-reversion, ensemble');
  });
});
