import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Decision } from '../../../shared/contract';
import { BarAggregator } from '../../../electron/core/bots/barAggregator';
import { utcBucketer } from '../../../electron/core/bots/barFeed';
import { atrBarsNeeded, sizingProblems, unitSize } from '../../../electron/core/bots/botSizing';
import { DecisionLog } from '../../../electron/core/bots/decisionLog';
import { GrowingSeries, StrategyEvaluator, StrategyFault } from '../../../electron/core/bots/evaluator';
import { DEFAULT_RESTART_POLICY, restartDelay } from '../../../electron/core/bots/restartPolicy';
import { insideTradingHours, localTime } from '../../../electron/core/bots/tradingHours';
import { Decimal } from '../../../electron/core/domain/decimal';
import { aggregateBars } from '../../../electron/core/marketdata/aggregate';
import { maCross } from '../../../electron/core/strategies/maCross';
import { resolveParams, type StrategyDefinition } from '../../../electron/core/strategies/api';
import { openDatabase, type Db } from '../../../electron/core/store/database';

const minute = (t: number, c: number) => ({ t, o: c, h: c + 1, l: c - 1, c, v: 10 });

describe('incremental bars of the bot timeframe', () => {
  it('emits a bucket when its last minute closes, the same bar aggregateBars builds', () => {
    const agg = new BarAggregator(utcBucketer('5m'));
    const start = 1_700_000_100; // a 5-minute boundary
    expect(start % 300).toBe(0);
    const out = [];
    const cols = { symbol: 'X', timeframe: '1m' as const, t: [] as number[], o: [] as number[], h: [] as number[], l: [] as number[], c: [] as number[], v: [] as number[] };
    for (let k = 0; k < 12; k++) {
      const m = minute(start + 60 * k, 100 + k);
      for (const key of ['t', 'o', 'h', 'l', 'c', 'v'] as const) cols[key].push(m[key]);
      out.push(...agg.push(m));
      if (k === 3) expect(out).toHaveLength(0);
      if (k === 4) expect(out).toHaveLength(1);
    }
    expect(out).toHaveLength(2);
    const ref = aggregateBars(cols, '5m');
    expect(out.map((b) => [b.t, b.o, b.h, b.l, b.c, b.v])).toEqual([0, 1].map((i) => [ref.t[i], ref.o[i], ref.h[i], ref.l[i], ref.c[i], ref.v[i]]));
    expect(agg.forming()).toMatchObject({ t: start + 600, o: 110, c: 111 });
  });

  it('a gap closes the open bucket at the next bucket minute; late minutes are ignored', () => {
    const agg = new BarAggregator(utcBucketer('5m'));
    const s = 1_700_000_100;
    expect(agg.push(minute(s, 1))).toEqual([]);
    expect(agg.push(minute(s + 60, 2))).toEqual([]);
    const closed = agg.push(minute(s + 600, 3)); // minutes 2-9 missing
    expect(closed).toEqual([{ t: s, o: 1, h: 3, l: 0, c: 2, v: 20 }]);
    expect(agg.push(minute(s + 120, 9))).toEqual([]);
  });
});

describe('trading hours in a time zone', () => {
  const ny = { timeZone: 'America/New_York', start: '09:30', end: '16:00', days: [1, 2, 3, 4, 5] };
  it('follows the local clock across daylight saving', () => {
    // 2024-07-01 (Mon) 13:30 UTC = 09:30 EDT; 2024-12-02 (Mon) 14:30 UTC = 09:30 EST.
    expect(insideTradingHours(Date.UTC(2024, 6, 1, 13, 30), ny)).toBe(true);
    expect(insideTradingHours(Date.UTC(2024, 6, 1, 13, 29), ny)).toBe(false);
    expect(insideTradingHours(Date.UTC(2024, 11, 2, 14, 29), ny)).toBe(false);
    expect(insideTradingHours(Date.UTC(2024, 11, 2, 14, 30), ny)).toBe(true);
    expect(insideTradingHours(Date.UTC(2024, 11, 2, 21, 0), ny)).toBe(false); // 16:00 is the end, exclusive
    expect(insideTradingHours(Date.UTC(2024, 6, 6, 15, 0), ny)).toBe(false); // Saturday
    expect(localTime(Date.UTC(2024, 6, 1, 13, 30), 'America/New_York')).toEqual({ weekday: 1, minute: 9 * 60 + 30 });
  });

  it('a window past midnight belongs to the day it starts', () => {
    const night = { timeZone: 'UTC', start: '22:00', end: '02:00', days: [5] }; // Friday night
    expect(insideTradingHours(Date.UTC(2024, 6, 5, 23, 0), night)).toBe(true); // Fri 23:00
    expect(insideTradingHours(Date.UTC(2024, 6, 6, 1, 0), night)).toBe(true); // Sat 01:00, Friday's window
    expect(insideTradingHours(Date.UTC(2024, 6, 6, 23, 0), night)).toBe(false); // Sat 23:00
    expect(insideTradingHours(Date.UTC(2024, 6, 4, 1, 0), night)).toBe(false); // Thu 01:00, Wednesday's window
  });
});

describe('the decision log', () => {
  let dir: string;
  let db: Db;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tw-botlog-'));
    db = openDatabase(join(dir, 'ws.db'));
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const decision = (botId: string, k: number, blocked: boolean): Omit<Decision, 'id'> => ({
    botId,
    botVersion: 1,
    symbol: k % 2 ? 'A' : 'B',
    barTime: k * 60_000,
    at: k * 60_000 + 1,
    mode: 'paper',
    action: blocked ? 'buy' : 'hold',
    target: null,
    position: '0',
    qty: null,
    reason: `r${k}`,
    gates: [{ gate: 'signal', passed: !blocked, detail: 'd' }],
    blockedBy: blocked ? 'cooldown' : null,
    orderId: null,
    sent: false,
  });

  it('keeps the newest N decisions per bot, trimming in batches, and leaves other bots alone', () => {
    const log = new DecisionLog(db, 50, 10);
    for (let k = 0; k < 200; k++) log.append(decision('a', k, k % 3 === 0));
    for (let k = 0; k < 20; k++) log.append(decision('b', k, false));
    // Trimmed every 10 appends: never more than keep + batch.
    expect(log.count('a')).toBeLessThanOrEqual(60);
    expect(log.count('a')).toBeGreaterThanOrEqual(50);
    expect(log.count('b')).toBe(20);
    const newest = log.list({ botId: 'a', limit: 5 }).decisions;
    expect(newest.map((d) => d.reason)).toEqual(['r199', 'r198', 'r197', 'r196', 'r195']);
    const blocked = log.list({ botId: 'a', blockedOnly: true, limit: 100 }).decisions;
    expect(blocked.every((d) => d.blockedBy === 'cooldown')).toBe(true);
    const onA = log.list({ botId: 'a', symbol: 'A', limit: 3 });
    expect(onA.decisions.every((d) => d.symbol === 'A')).toBe(true);
    const next = log.list({ botId: 'a', symbol: 'A', limit: 3, before: onA.nextBefore! });
    expect(next.decisions[0]!.id).toBeLessThan(onA.decisions[2]!.id);
    expect(log.last('b')?.reason).toBe('r19');
    // The panel's queries use the indexes.
    const plan = db.prepare("EXPLAIN QUERY PLAN SELECT * FROM bot_decisions WHERE bot_id = 'a' AND blocked_by IS NOT NULL ORDER BY id DESC LIMIT 10").all() as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/bot_decisions_blocked|bot_decisions_bot/);
  });
});

describe('the strategy evaluator', () => {
  it('bar columns stay bounded and keep the newest bars', () => {
    const s = new GrowingSeries(100, 4);
    for (let k = 0; k < 1_000; k++) s.push(minute(k, k));
    // Compacted to `keep` whenever full with at least 2 x keep: capacity stops at 256 here.
    expect(s.length).toBeGreaterThanOrEqual(100);
    expect(s.t.length).toBe(256);
    expect(s.c[s.length - 1]).toBe(999);
    expect(s.c[0]).toBe(1_000 - s.length);
  });

  it('decides like the strategy on its own, and blames the strategy when it throws', () => {
    const params = resolveParams(maCross, { fast: 2, slow: 4 });
    const ev = new StrategyEvaluator(maCross, params, ['X']);
    ev.warm('X', [10, 10, 10, 10].map((c, k) => minute(k * 60, c)));
    const up = ev.evaluate({ symbol: 'X', bar: minute(300, 20), positionUnits: 0 });
    expect(up.intent).toMatchObject({ units: 1, orderType: 'market' });
    expect(up.gates.map((g) => g.gate)).toContain('signal');

    const bad: StrategyDefinition = { ...maCross, id: 'bad', create: () => ({ onBar: () => { throw new Error('nope'); } }) };
    const ev2 = new StrategyEvaluator(bad, params, ['X']);
    expect(() => ev2.evaluate({ symbol: 'X', bar: minute(0, 1), positionUnits: 0 })).toThrow(StrategyFault);
    const silly: StrategyDefinition = { ...maCross, id: 'silly', create: () => ({ onBar: (_b, _i, ctx) => ctx.target(Number.NaN, 'x') }) };
    expect(() => new StrategyEvaluator(silly, params, ['X']).evaluate({ symbol: 'X', bar: minute(0, 1), positionUnits: 0 })).toThrow(/target of NaN units/);
  });
});

describe('sizing a unit and the restart policy', () => {
  it('names each sizing problem and sizes on the lot grid', () => {
    expect(sizingProblems({ method: 'fixed_notional', params: {} })).toEqual({ 'sizing.params.notional': 'The fixed notional method needs "notional"' });
    expect(sizingProblems({ method: 'kelly', params: { winRate: 1.5, payoff: 2 } })).toEqual({ 'sizing.params.winRate': 'The win rate is a probability from 0 to 1 (0.55 for 55%)' });
    expect(atrBarsNeeded({ method: 'volatility_atr', params: { riskPct: 1, period: 10 } })).toBe(11);
    const rules = { symbol: 'X', tickSize: new Decimal('0.01'), lotSize: new Decimal(1), minQty: new Decimal(1), minNotional: new Decimal(1), maxQty: new Decimal(1e6), tradable: true, shortable: true, quoteCurrency: 'USD' };
    const size = unitSize({ method: 'pct_equity', params: { pct: 10 } }, { price: new Decimal(33), rules, equity: () => new Decimal(10_000), bars: () => null });
    expect(size.qty.toString()).toBe('30');
  });

  it('restarts venue errors with capped exponential backoff, and leaves strategy errors to the user', () => {
    expect(restartDelay(DEFAULT_RESTART_POLICY, 'strategy', 1)).toBeNull();
    expect([1, 2, 3].map((n) => restartDelay(DEFAULT_RESTART_POLICY, 'venue', n))).toEqual([5_000, 10_000, 20_000]);
    expect(restartDelay(DEFAULT_RESTART_POLICY, 'venue', 9)).toBe(300_000);
    expect(restartDelay(DEFAULT_RESTART_POLICY, 'venue', 11)).toBeNull();
  });
});
