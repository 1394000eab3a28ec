import { describe, expect, it } from 'vitest';
import type { BotConfig, Decision, Order } from '../../../shared/contract';
import type { BotBooks } from '../../../electron/core/bots/botBooks';
import type { SymbolState } from '../../../electron/core/bots/botStore';
import type { NewDecision } from '../../../electron/core/bots/decisionLog';
import { decide, prepare, type GateDeps } from '../../../electron/core/bots/gates';
import { Decimal } from '../../../electron/core/domain/decimal';
import { rulesOf } from '../../../electron/core/domain/instrument';
import type { OrderState } from '../../../electron/core/domain/order';
import { sampleInstruments } from '../../../electron/core/marketdata/sampleInstruments';
import { PAPER_CAPABILITIES } from '../../../electron/core/oms/orderManager';

const acme = rulesOf(sampleInstruments().find((i) => i.symbol === 'ACME')!);

const config: BotConfig = {
  id: 'abcdefgh',
  version: 1,
  name: 'T',
  strategyId: 'x',
  params: {},
  symbols: ['ACME'],
  timeframe: '1m',
  accountId: 'paper',
  mode: 'paper',
  sizing: { method: 'fixed_qty', params: { qty: 2 } },
  risk: null,
  tradingHours: null,
  cooldownBars: 0,
  maxOpenPositions: null,
};
const owner = { id: config.id, accountId: 'paper', shadow: false };
const bar = { t: 1_700_000_040, o: 40, h: 41, l: 39, c: 40, v: 10 };
const long = { symbol: 'ACME', intent: { units: 1, orderType: 'market' as const, price: null, reason: 'long' }, gates: [], micros: 1 };
const empty: SymbolState = { target: null, orderTarget: null, lastBar: null, lastOrderBar: null };

function deps(over: { position?: () => Decimal; open?: () => OrderState[] } = {}) {
  const sent: string[] = [];
  const recorded: NewDecision[] = [];
  const d: GateDeps = {
    books: { position: over.position ?? (() => new Decimal(0)), held: () => new Map() } as unknown as BotBooks,
    rules: () => acme,
    capabilities: () => PAPER_CAPABILITIES,
    lastPrice: () => new Decimal(40),
    equity: () => new Decimal(100_000),
    openOrders: over.open ?? (() => []),
    evaluateRisk: () => null,
    submit: async (req) => {
      sent.push(`${req.side} ${req.qty}`);
      return { id: `o${sent.length}`, status: 'ACCEPTED' } as Order;
    },
    cancel: async () => ({}),
    marketNow: () => bar.t * 1000 + 60_000,
    record: (dec) => {
      recorded.push(dec);
      return { ...dec, id: recorded.length } as Decision;
    },
  };
  return { d, sent, recorded };
}

describe('a decision', () => {
  it('sends the difference to the target, and records the trace', async () => {
    const { d, sent } = deps();
    const p = prepare(d, config, owner, 'ACME', bar, []);
    const out = await decide(d, { config, owner, symbol: 'ACME', bar, result: long, prepared: p, state: empty, newerBarWaiting: false });
    expect(sent).toEqual(['buy 2']);
    expect(out.decision).toMatchObject({ action: 'buy', qty: '2', sent: true, orderId: 'o1', blockedBy: null });
    expect(out.state).toMatchObject({ lastBar: bar.t * 1000, lastOrderBar: bar.t * 1000, orderTarget: long.intent });
  });

  it('uses the position as it is when it decides, not as it was before the strategy answered', async () => {
    // The previous order filled while the strategy was thinking: prepare saw 0, the books now say 2.
    let position = new Decimal(0);
    const { d, sent } = deps({ position: () => position });
    const p = prepare(d, config, owner, 'ACME', bar, []);
    position = new Decimal(2);
    const out = await decide(d, { config, owner, symbol: 'ACME', bar, result: long, prepared: p, state: empty, newerBarWaiting: false });
    expect(sent).toEqual([]);
    expect(out.decision).toMatchObject({ action: 'hold', position: '2', blockedBy: null });
  });

  it('holds while its order for the same target works, and replaces it when the target changes', async () => {
    const working = [{ id: 'o-old', owner: `bot:${config.id}`, symbol: 'ACME', status: 'ACCEPTED' } as OrderState];
    const { d, sent } = deps({ open: () => working });
    const state = { ...empty, target: long.intent, orderTarget: long.intent };
    const p = prepare(d, config, owner, 'ACME', bar, []);
    const held = await decide(d, { config, owner, symbol: 'ACME', bar, result: { ...long, intent: null }, prepared: p, state, newerBarWaiting: false });
    expect(held.decision).toMatchObject({ action: 'hold', blockedBy: 'working_order' });
    const short = { ...long, intent: { units: -1, orderType: 'market' as const, price: null, reason: 'short' } };
    const cancelled: string[] = [];
    d.cancel = async (id) => cancelled.push(id);
    const replaced = await decide(d, { config, owner, symbol: 'ACME', bar, result: short, prepared: p, state, newerBarWaiting: false });
    expect(cancelled).toEqual(['o-old']);
    expect(sent).toEqual(['sell 2']);
    expect(replaced.decision.gates.map((g) => g.gate)).toContain('replace');
  });

  it('never trades on a stale bar', async () => {
    const { d, sent } = deps();
    const p = prepare(d, config, owner, 'ACME', bar, []);
    const out = await decide(d, { config, owner, symbol: 'ACME', bar, result: long, prepared: p, state: empty, newerBarWaiting: true });
    expect(sent).toEqual([]);
    expect(out.decision).toMatchObject({ blockedBy: 'fresh', action: 'buy' });
    expect(out.state.lastOrderBar).toBeNull();
  });

  it('a venue that cannot be reached is recorded, and reported for the restart policy', async () => {
    const { d } = deps();
    const { ApiError } = await import('../../../electron/core/api/errors');
    d.submit = async () => {
      throw new ApiError('UNAVAILABLE', 'paper is not connected right now');
    };
    const p = prepare(d, config, owner, 'ACME', bar, []);
    const out = await decide(d, { config, owner, symbol: 'ACME', bar, result: long, prepared: p, state: empty, newerBarWaiting: false });
    expect(out.decision).toMatchObject({ blockedBy: 'venue', sent: false, reason: 'paper is not connected right now' });
    expect(out.venueDown).toBe('paper is not connected right now');
    expect(out.state.lastOrderBar).toBeNull();
  });
});
