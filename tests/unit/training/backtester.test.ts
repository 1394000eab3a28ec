import { describe, expect, it } from 'vitest';
import { createScratch, END_OF_DATA, runBacktest, STOP_LOSS_REASON, TAKE_PROFIT_REASON } from '../../../electron/core/training/backtester';
import { copyBars } from '../../../electron/core/training/bars';
import { backtestConfig } from '../../../electron/core/training/config';
import { limitFillPrice, slipped, stopFillPrice } from '../../../electron/core/training/fills';
import { peeker, smaCross } from '../../fixtures/training/strategies';
import { barsOf, flat, scripted, walk, type Row } from './helpers';

const qty10 = backtestConfig({ sizing: { kind: 'qty', qty: 10 }, closeAtEnd: false });

describe('fill rules (pure)', () => {
  it('limit: touched or not, better open when the bar opens through it', () => {
    expect(limitFillPrice(1, 99, 100, 101, 99.5)).toBeNaN();
    expect(limitFillPrice(1, 99, 100, 101, 99)).toBe(99);
    expect(limitFillPrice(1, 99, 98, 99.5, 97)).toBe(98);
    expect(limitFillPrice(-1, 105, 100, 104.9, 99)).toBeNaN();
    expect(limitFillPrice(-1, 105, 100, 105, 99)).toBe(105);
    expect(limitFillPrice(-1, 105, 106, 107, 104)).toBe(106);
  });

  it('stop: triggers on touch, a gap fills at the (worse) open', () => {
    expect(stopFillPrice(1, 105, 100, 104.9, 99)).toBeNaN();
    expect(stopFillPrice(1, 105, 100, 106, 99)).toBe(105);
    expect(stopFillPrice(1, 105, 107, 108, 106)).toBe(107);
    expect(stopFillPrice(-1, 95, 100, 101, 95.1)).toBeNaN();
    expect(stopFillPrice(-1, 95, 93, 94, 92)).toBe(93);
  });

  it('slippage goes against the trader', () => {
    expect(slipped(1, 100, 0.001)).toBeCloseTo(100.1, 12);
    expect(slipped(-1, 100, 0.001)).toBeCloseTo(99.9, 12);
  });
});

describe('backtester: market orders', () => {
  it('an intent at bar i fills at bar i + 1 open plus slippage', () => {
    const bars = barsOf([
      [100, 100, 100, 100],
      [101, 102, 100, 101.5],
      [102, 103, 101, 102],
      [103, 103, 103, 103],
    ]);
    const cfg = backtestConfig({ sizing: { kind: 'qty', qty: 10 }, slippage: { kind: 'fixed', bps: 10 }, closeAtEnd: false });
    const r = runBacktest(bars, scripted({ 0: (ctx) => ctx.target(1, 'in'), 2: (ctx) => ctx.target(0, 'out') }), cfg);
    expect(r.trades.length).toBe(1);
    const tr = r.trades.get(0);
    expect(tr.entryBar).toBe(1);
    expect(tr.entryPrice).toBeCloseTo(101 * 1.001, 10);
    expect(tr.exitBar).toBe(3);
    expect(tr.exitPrice).toBeCloseTo(103 * 0.999, 10);
    expect(tr.pnl).toBeCloseTo(10 * (103 * 0.999 - 101 * 1.001), 9);
    // Equity at bar 0 is untouched; at bar 1 the position is marked at the close.
    expect(r.equity[0]).toBe(100_000);
    expect(r.equity[1]).toBeCloseTo(100_000 - 10 * 101 * 1.001 + 10 * 101.5, 9);
    expect(r.finalEquity).toBeCloseTo(100_000 + tr.pnl, 9);
  });

  it('spread and volume slippage models', () => {
    const rows: Row[] = [
      [100, 100, 100, 100, 400],
      [100, 100, 100, 100, 400],
      [100, 100, 100, 100, 400],
    ];
    const spread = runBacktest(barsOf(rows), scripted({ 0: (c) => c.target(1, 'in') }), backtestConfig({ slippage: { kind: 'spread', spreadBps: 20 }, closeAtEnd: false }));
    expect(spread.trades.length).toBe(0);
    expect(spread.cash).toBeCloseTo(100_000 - 100 * 1.001, 9);
    // 100 units against a bar volume of 400: 10 bps * sqrt(1/4) = 5 bps.
    const volume = runBacktest(barsOf(rows), scripted({ 0: (c) => c.target(1, 'in') }), backtestConfig({ sizing: { kind: 'qty', qty: 100 }, slippage: { kind: 'volume', bps: 10 }, closeAtEnd: false }));
    expect(volume.cash).toBeCloseTo(100_000 - 100 * 100 * 1.0005, 8);
  });

  it('an intent on the last bar never fills; closeAtEnd liquidates at the last close with fee and slippage', () => {
    const bars = barsOf(flat(50, 3));
    const none = runBacktest(bars, scripted({ 2: (c) => c.target(1, 'too late') }), qty10);
    expect(none.fills).toBe(0);
    const cfg = backtestConfig({ sizing: { kind: 'qty', qty: 10 }, slippage: { kind: 'fixed', bps: 100 }, fees: { takerBps: 10 } });
    const r = runBacktest(bars, scripted({ 0: (c) => c.target(1, 'in') }), cfg);
    expect(r.position).toBe(0);
    const tr = r.trades.get(0);
    expect(tr.exitReason).toBe(END_OF_DATA);
    expect(tr.exitPrice).toBeCloseTo(49.5, 10);
    expect(r.finalEquity).toBeCloseTo(r.cash, 10);
    expect(r.equity[2]).toBeCloseTo(r.cash, 10);
  });
});

describe('backtester: resting orders', () => {
  it('a buy limit fills only when the low reaches it, at the limit, or at a better open', () => {
    const bars = barsOf([
      [100, 100, 100, 100],
      [100, 101, 99.5, 100],
      [100, 100.5, 98.9, 99.2],
      [99, 99, 99, 99],
    ]);
    const r = runBacktest(bars, scripted({ 0: (c) => c.targetAt(1, 'limit', 99, 'dip') }), qty10);
    expect(r.position).toBe(10);
    expect(r.cash).toBeCloseTo(100_000 - 10 * 99, 10);

    const gap = barsOf([
      [100, 100, 100, 100],
      [98, 98.5, 97, 98],
    ]);
    const g = runBacktest(gap, scripted({ 0: (c) => c.targetAt(1, 'limit', 99, 'dip') }), qty10);
    expect(g.cash).toBeCloseTo(100_000 - 10 * 98, 10);
  });

  it('limit fills pay the maker fee; market fills pay taker plus per unit', () => {
    const bars = barsOf([
      [100, 100, 100, 100],
      [100, 100, 99, 99],
      [99, 99, 99, 99],
    ]);
    const cfg = backtestConfig({ sizing: { kind: 'qty', qty: 10 }, fees: { makerBps: 2, takerBps: 10, perUnit: 0.01 }, closeAtEnd: false });
    const r = runBacktest(bars, scripted({ 0: (c) => c.targetAt(1, 'limit', 99, 'dip'), 1: (c) => c.target(0, 'out') }), cfg);
    const tr = r.trades.get(0);
    const entryFee = (10 * 99 * 2) / 1e4 + 0.1;
    const exitFee = (10 * 99 * 10) / 1e4 + 0.1;
    expect(tr.fees).toBeCloseTo(entryFee + exitFee, 10);
    expect(tr.pnl).toBeCloseTo(-(entryFee + exitFee), 10);
    expect(r.fees).toBeCloseTo(entryFee + exitFee, 10);
  });

  it('a stop gapped through fills at the open, which is worse, plus slippage', () => {
    const bars = barsOf([
      [100, 100, 100, 100],
      [100, 101, 99, 100],
      [93, 94, 92, 93],
    ]);
    const cfg = backtestConfig({ sizing: { kind: 'qty', qty: 10 }, slippage: { kind: 'fixed', bps: 10 }, closeAtEnd: false });
    const r = runBacktest(bars, scripted({ 0: (c) => c.target(1, 'in'), 1: (c) => c.targetAt(0, 'stop', 95, 'protect') }), cfg);
    const tr = r.trades.get(0);
    expect(tr.exitBar).toBe(2);
    expect(tr.exitPrice).toBeCloseTo(93 * 0.999, 10);

    const breakout = barsOf([
      [100, 100, 100, 100],
      [107, 108, 106, 107],
    ]);
    const b = runBacktest(breakout, scripted({ 0: (c) => c.targetAt(1, 'stop', 105, 'breakout') }), qty10);
    expect(b.cash).toBeCloseTo(100_000 - 10 * 107, 10);
  });

  it('a resting order stays until it fills or is replaced', () => {
    const bars = barsOf([
      [100, 100, 100, 100],
      [100, 100, 99.5, 100],
      [100, 100, 99.5, 100],
      [100, 100, 97, 97],
    ]);
    const kept = runBacktest(bars, scripted({ 0: (c) => c.targetAt(1, 'limit', 98, 'dip') }), qty10);
    expect(kept.position).toBe(10);
    const replaced = runBacktest(bars, scripted({ 0: (c) => c.targetAt(1, 'limit', 98, 'dip'), 1: (c) => c.targetAt(1, 'limit', 96, 'deeper') }), qty10);
    expect(replaced.position).toBe(0);
  });

  it('take-profit and stop-loss in the same bar: the stop-loss (worse) is assumed first', () => {
    const bars = barsOf([
      [100, 100, 100, 100],
      [100, 100, 100, 100],
      [100, 111, 89, 100],
      [100, 100, 100, 100],
    ]);
    const cfg = backtestConfig({ sizing: { kind: 'qty', qty: 10 }, protection: { stopLossPct: 5, takeProfitPct: 10 }, closeAtEnd: false });
    const r = runBacktest(bars, scripted({ 0: (c) => c.target(1, 'in') }), cfg);
    expect(r.trades.length).toBe(1);
    const tr = r.trades.get(0);
    expect(tr.exitReason).toBe(STOP_LOSS_REASON);
    expect(tr.exitPrice).toBeCloseTo(95, 10);
    expect(tr.exitBar).toBe(2);
  });

  it('take-profit alone fills at its price; an entry inside a bar cannot take profit in that bar, but can be stopped', () => {
    const cfg = backtestConfig({ sizing: { kind: 'qty', qty: 10 }, protection: { stopLossPct: 2, takeProfitPct: 2 }, closeAtEnd: false });
    const tp = runBacktest(
      barsOf([
        [100, 100, 100, 100],
        [100, 100, 100, 100],
        [100, 103, 99, 102],
      ]),
      scripted({ 0: (c) => c.target(1, 'in') }),
      cfg,
    );
    expect(tp.trades.get(0).exitReason).toBe(TAKE_PROFIT_REASON);
    expect(tp.trades.get(0).exitPrice).toBeCloseTo(102, 10);

    // Limit entry at 99 inside bar 1 whose high (102) is above the take-profit (100.98): not credited.
    const intrabar = runBacktest(
      barsOf([
        [100, 100, 100, 100],
        [100, 102, 98.5, 100],
        [100, 100, 100, 100],
      ]),
      scripted({ 0: (c) => c.targetAt(1, 'limit', 99, 'dip') }),
      cfg,
    );
    expect(intrabar.trades.length).toBe(0);
    expect(intrabar.position).toBe(10);

    // Same entry, but the low (96) is below its stop-loss (97.02): the stop is assumed to have followed.
    const stopped = runBacktest(
      barsOf([
        [100, 100, 100, 100],
        [100, 102, 96, 100],
        [100, 100, 100, 100],
      ]),
      scripted({ 0: (c) => c.targetAt(1, 'limit', 99, 'dip') }),
      cfg,
    );
    expect(stopped.trades.length).toBe(1);
    expect(stopped.trades.get(0).exitReason).toBe(STOP_LOSS_REASON);
    expect(stopped.trades.get(0).exitPrice).toBeCloseTo(99 * 0.98, 10);
  });

  it("the strategy's exit limit and the stop-loss in one bar: the stop-loss", () => {
    const bars = barsOf([
      [100, 100, 100, 100],
      [100, 100, 100, 100],
      [100, 106, 94, 100],
    ]);
    const cfg = backtestConfig({ sizing: { kind: 'qty', qty: 10 }, protection: { stopLossPct: 5, takeProfitPct: null }, closeAtEnd: false });
    const r = runBacktest(bars, scripted({ 0: (c) => c.target(1, 'in'), 1: (c) => c.targetAt(0, 'limit', 105, 'target reached') }), cfg);
    expect(r.trades.get(0).exitReason).toBe(STOP_LOSS_REASON);
    expect(r.trades.get(0).exitPrice).toBeCloseTo(95, 10);
  });
});

describe('backtester: participation, sizing, books', () => {
  it('caps each bar at a fraction of its volume and carries the rest to the next open', () => {
    const rows: Row[] = [
      [100, 100, 100, 100, 100],
      [101, 101, 101, 101, 100],
      [102, 102, 102, 102, 100],
      [103, 103, 103, 103, 100],
      [104, 104, 104, 104, 100],
    ];
    const cfg = backtestConfig({ sizing: { kind: 'qty', qty: 25 }, participation: 0.1, closeAtEnd: false });
    const r = runBacktest(barsOf(rows), scripted({ 0: (c) => c.target(1, 'in') }), cfg);
    expect(r.fills).toBe(3);
    expect(r.position).toBe(25);
    expect(r.cash).toBeCloseTo(100_000 - (10 * 101 + 10 * 102 + 5 * 103), 9);
  });

  it('a bar with zero volume fills nothing under a cap; missing volume is not capped', () => {
    const zero = runBacktest(barsOf([[100, 100, 100, 100, 0], [100, 100, 100, 100, 0]]), scripted({ 0: (c) => c.target(1, 'in') }), backtestConfig({ participation: 0.5, closeAtEnd: false }));
    expect(zero.fills).toBe(0);
    const unknown = runBacktest(barsOf(flat(100, 2)), scripted({ 0: (c) => c.target(1, 'in') }), backtestConfig({ sizing: { kind: 'qty', qty: 1000 }, participation: 0.01, closeAtEnd: false }));
    expect(unknown.position).toBe(1000);
  });

  it('sizes notional and % of equity at the deciding close, rounded down to the lot', () => {
    const bars = barsOf([
      [100, 100, 100, 30],
      [31, 31, 31, 31],
      [31, 31, 31, 31],
    ]);
    const notional = runBacktest(bars, scripted({ 0: (c) => c.target(1, 'in') }), backtestConfig({ sizing: { kind: 'notional', notional: 1000 }, closeAtEnd: false }));
    expect(notional.position).toBe(33);
    const pct = runBacktest(bars, scripted({ 0: (c) => c.target(1, 'in') }), backtestConfig({ initialCash: 10_000, sizing: { kind: 'equityPct', pct: 50 }, lotSize: 0.5, closeAtEnd: false }));
    expect(pct.position).toBe(166.5);
  });

  it('restating the current target does not resize or trade again', () => {
    const bars = barsOf([
      [100, 100, 100, 100],
      [100, 100, 100, 200],
      [200, 200, 200, 200],
      [200, 200, 200, 200],
    ]);
    const always = { onBar: (_b: unknown, _i: number, c: { target(u: number, r: string): void }) => c.target(1, 'still long') };
    const r = runBacktest(bars, always, backtestConfig({ sizing: { kind: 'equityPct', pct: 10 }, closeAtEnd: false }));
    expect(r.fills).toBe(1);
    expect(r.position).toBe(100);
  });

  it('shorts and reversals: one trade closes and the next opens on the same fill', () => {
    const bars = barsOf([
      [100, 100, 100, 100],
      [100, 100, 100, 100],
      [90, 90, 90, 90],
      [95, 95, 95, 95],
    ]);
    const r = runBacktest(bars, scripted({ 0: (c) => c.target(-1, 'short'), 1: (c) => c.target(1, 'flip long') }), backtestConfig({ sizing: { kind: 'qty', qty: 10 } }));
    expect(r.trades.length).toBe(2);
    const [short, long] = [r.trades.get(0), r.trades.get(1)];
    expect(short.side).toBe(-1);
    expect(short.pnl).toBeCloseTo(100, 10);
    expect(long.side).toBe(1);
    expect(long.entryPrice).toBe(90);
    expect(long.exitPrice).toBe(95);
    expect(long.pnl).toBeCloseTo(50, 10);
    expect(r.finalEquity).toBeCloseTo(100_150, 9);
  });

  it('the equity of a trade list adds up: final equity = cash + sum of trade P&L', () => {
    const bars = walk(5000, 7);
    const cfg = backtestConfig({ sizing: { kind: 'qty', qty: 3 }, slippage: { kind: 'fixed', bps: 3 }, fees: { takerBps: 1, perUnit: 0.005 } });
    const r = runBacktest(bars, smaCross.create({ fast: 5, slow: 20 }), cfg);
    let sum = 0;
    for (let k = 0; k < r.trades.length; k++) sum += r.trades.get(k).pnl;
    expect(r.trades.length).toBeGreaterThan(50);
    expect(r.finalEquity).toBeCloseTo(100_000 + sum, 6);
  });

  it('prunes a run once equity falls the given fraction below its peak', () => {
    const rows: Row[] = [[100, 100, 100, 100], ...Array.from({ length: 20 }, (_, k) => [100 - 5 * k, 100 - 5 * k, 100 - 5 * k, 100 - 5 * k] as Row)];
    const r = runBacktest(barsOf(rows), scripted({ 0: (c) => c.target(1, 'in') }), backtestConfig({ initialCash: 1000, sizing: { kind: 'qty', qty: 10 }, pruneDrawdown: 0.2 }));
    expect(r.pruned).not.toBeNull();
    expect(r.pruned!.drawdown).toBeGreaterThanOrEqual(0.2);
    expect(r.equity.length).toBeLessThan(rows.length);
  });

  it('intents during warm-up (before the window) are ignored; the window measures from its first bar', () => {
    const bars = barsOf(flat(100, 10));
    const seen: number[] = [];
    const r = runBacktest(
      bars,
      {
        onBar(_b, i, c) {
          seen.push(i);
          if (i === 2) c.target(1, 'warm-up');
        },
      },
      qty10,
      { from: 5, to: 8, feedFrom: 1 },
    );
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(r.fills).toBe(0);
    expect(r.equity.length).toBe(3);
  });
});

describe('backtester: no look-ahead, determinism', () => {
  it('the strategy sees bars 0..i only: length i + 1, the future is NaN', () => {
    const bars = walk(50);
    const problems: string[] = [];
    runBacktest(
      bars,
      {
        onBar(b, i) {
          if (b.length !== i + 1) problems.push(`length ${b.length} at ${i}`);
          if (b.c[i] !== bars.c[i]) problems.push(`close ${i} wrong`);
          if (i + 1 < bars.length && !Number.isNaN(b.c[i + 1]!)) problems.push(`saw bar ${i + 1} at ${i}`);
          if (i > 0 && b.o[i - 1] !== bars.o[i - 1]) problems.push(`history ${i - 1} hidden`);
        },
      },
      qty10,
    );
    expect(problems).toEqual([]);
  });

  it('a strategy that peeks at bar i + 1 gains nothing: its result does not depend on the future', () => {
    const bars = walk(400, 3);
    const scrambled = copyBars(bars);
    // Same past, a different future after bar 200.
    const other = walk(400, 99);
    for (let i = 200; i < 400; i++) {
      scrambled.o[i] = other.o[i]!;
      scrambled.h[i] = other.h[i]!;
      scrambled.l[i] = other.l[i]!;
      scrambled.c[i] = other.c[i]!;
    }
    const cheat = runBacktest(bars, peeker.create({}), qty10);
    // With real look-ahead the cheat would be long before every up-close and win nearly always.
    expect(cheat.fills).toBe(0);
    for (const def of [smaCross]) {
      const a = runBacktest(bars, def.create({ fast: 3, slow: 8 }), qty10);
      const b = runBacktest(scrambled, def.create({ fast: 3, slow: 8 }), qty10);
      expect(Array.from(a.equity.subarray(0, 200))).toEqual(Array.from(b.equity.subarray(0, 200)));
    }
  });

  it('the same inputs and seed give the same result; another seed another result', () => {
    const bars = walk(3000, 5);
    const cfg = (seed: number) => backtestConfig({ sizing: { kind: 'qty', qty: 5 }, slippage: { kind: 'random', bps: 5, seed }, protection: { stopLossPct: 1, takeProfitPct: 2 } });
    const scratch = createScratch(bars);
    const a = runBacktest(bars, smaCross.create({ fast: 4, slow: 12 }), cfg(1), {}, scratch);
    const aEquity = Array.from(a.equity);
    const b = runBacktest(bars, smaCross.create({ fast: 4, slow: 12 }), cfg(1), {}, scratch);
    expect(Array.from(b.equity)).toEqual(aEquity);
    expect(b.trades.toArray()).toEqual(a.trades.toArray());
    const c = runBacktest(bars, smaCross.create({ fast: 4, slow: 12 }), cfg(2));
    expect(c.finalEquity).not.toBe(a.finalEquity);
  });

  it('refuses bad targets with a clear error and leaves the view hidden', () => {
    const bars = barsOf(flat(100, 3));
    const scratch = createScratch(bars);
    expect(() => runBacktest(bars, scripted({ 1: (c) => c.targetAt(1, 'limit', Number.NaN, 'x') }), qty10, {}, scratch)).toThrow(/positive number/);
    expect(scratch.revealed.length).toBe(0);
    expect(Number.isNaN(scratch.revealed.c[0]!)).toBe(true);
    expect(() => runBacktest(bars, scripted({ 1: (c) => c.target(Number.POSITIVE_INFINITY, 'x') }), qty10)).toThrow(/finite/);
    expect(() => runBacktest(bars, scripted({}), qty10, { from: 2, to: 9 })).toThrow(/outside/);
  });
});
