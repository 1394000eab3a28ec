/**
 * The backtester: one StrategyInstance over bar columns, event-driven, one bar at a time,
 * with the fill rules of fills.ts. Built for speed: numbers in fields, no promise, event or
 * allocation per bar (the trade log grows by doubling; that is all).
 *
 * Per bar i of the window:
 *   1. bar i becomes visible to the strategy (see RevealedBars: the future is not there);
 *   2. orders decided at earlier closes are worked against bar i: market orders (and stops
 *      already triggered) at the open, then resting limits/stops and the protective exits
 *      inside the bar, by the conservative intrabar rule (below);
 *   3. the strategy's onBar(bars, i, ctx) runs and may state an intent (target/targetAt);
 *   4. the intent is sized at bar i's close and becomes the working order from bar i + 1;
 *   5. equity at bar i's close is recorded (and checked against the pruning drawdown).
 *
 * Conservative intrabar rule: a bar's path between its open and close is unknown. When more
 * than one order could fill inside a bar (the strategy's resting order, the stop-loss, the
 * take-profit), every order in which they could have happened is tried on a copy of the books
 * and the one that leaves the trader with the LEAST equity at the bar's close is taken (ties:
 * stops first). A take-profit armed by a fill inside a bar cannot fill in that same bar (we
 * cannot know the high came after the entry); a stop-loss can (the worse case is assumed).
 *
 * Floats: prices, cash and P&L are binary floats in the loop (decimals would cost 100x). Each
 * fill is a few multiplications, so a run of N fills is within about N * 1e-16 relative of
 * exact arithmetic (below a cent on 1e12 of notional for a million fills); the report rounds
 * at the edge (report.ts). Quantities snap to 0 within 1e-9 of a closing fill's size.
 */
import type { BarSeries, GateTrace, StrategyContext, StrategyInstance } from '../strategies/api';
import type { Bars } from './bars';
import type { BacktestConfig } from './config';
import { fee, limitFillPrice, limitTouched, slipped, slippageFraction, stopFillPrice, stopTouched } from './fills';
import { seedKey } from './random';
import { TradeLog } from './tradeLog';

const MARKET = 0;
const LIMIT = 1;
const STOP = 2;

/** Which orders the intrabar search may fill, in the tie-break order (stops first). */
const STOP_LOSS = 0;
const STRATEGY = 1;
const TAKE_PROFIT = 2;
const ORDERINGS: readonly (readonly number[])[] = [
  [STOP_LOSS, STRATEGY, TAKE_PROFIT],
  [STOP_LOSS, TAKE_PROFIT, STRATEGY],
  [STRATEGY, STOP_LOSS, TAKE_PROFIT],
  [STRATEGY, TAKE_PROFIT, STOP_LOSS],
  [TAKE_PROFIT, STOP_LOSS, STRATEGY],
  [TAKE_PROFIT, STRATEGY, STOP_LOSS],
];

export const END_OF_DATA = 'end of data';
export const STOP_LOSS_REASON = 'stop-loss';
export const TAKE_PROFIT_REASON = 'take-profit';

/**
 * The strategy's view of the bars: the same columns, but bar j holds NaN until the run
 * reaches it, and `length` is i + 1 while bar i is processed. A strategy that reads ahead
 * gets NaN, not the future. Copying six numbers per bar costs a few percent of a run.
 */
export class RevealedBars implements BarSeries {
  length = 0;
  readonly t: Float64Array;
  readonly o: Float64Array;
  readonly h: Float64Array;
  readonly l: Float64Array;
  readonly c: Float64Array;
  readonly v: Float64Array;
  /** Bars [0, revealed) hold data; hide() puts NaN back. */
  revealed = 0;

  constructor(readonly capacity: number) {
    const make = () => new Float64Array(capacity).fill(Number.NaN);
    this.t = make();
    this.o = make();
    this.h = make();
    this.l = make();
    this.c = make();
    this.v = make();
  }

  /** Shows bars [0, to) at once (the history before a window's first fed bar). */
  revealUpTo(src: Bars, to: number): void {
    if (to <= this.revealed) return;
    const from = this.revealed;
    this.t.set(src.t.subarray(from, to), from);
    this.o.set(src.o.subarray(from, to), from);
    this.h.set(src.h.subarray(from, to), from);
    this.l.set(src.l.subarray(from, to), from);
    this.c.set(src.c.subarray(from, to), from);
    this.v.set(src.v.subarray(from, to), from);
    this.revealed = to;
    this.length = to;
  }

  hide(): void {
    const n = this.revealed;
    this.t.fill(Number.NaN, 0, n);
    this.o.fill(Number.NaN, 0, n);
    this.h.fill(Number.NaN, 0, n);
    this.l.fill(Number.NaN, 0, n);
    this.c.fill(Number.NaN, 0, n);
    this.v.fill(Number.NaN, 0, n);
    this.revealed = 0;
    this.length = 0;
  }
}

/** Buffers a caller may reuse across runs on the same bars (the optimizer's workers do). */
export interface BacktestScratch {
  revealed: RevealedBars;
  /** Reused for the equity curve: the result's equity is then a view into it, valid until the next run. */
  equity: Float64Array;
}

export function createScratch(bars: Bars): BacktestScratch {
  return { revealed: new RevealedBars(bars.length), equity: new Float64Array(bars.length) };
}

export interface BacktestWindow {
  /** First bar that trades and is measured; intents stated before it are ignored. Default 0. */
  from?: number;
  /** One past the last bar. Default: all bars. */
  to?: number;
  /** First bar the strategy's onBar sees (bars before it are visible as history). Default 0: all history. */
  feedFrom?: number;
}

export interface Pruned {
  bar: number;
  drawdown: number;
}

export interface BacktestResult {
  /** The measured window [from, to) in bar indices. */
  readonly from: number;
  readonly to: number;
  /** Equity at each bar's close in the window (after that bar's fills); shorter when pruned. */
  readonly equity: Float64Array;
  readonly initialCash: number;
  readonly finalEquity: number;
  readonly cash: number;
  /** Position after the run (0 when closeAtEnd). */
  readonly position: number;
  readonly fills: number;
  readonly tradedNotional: number;
  readonly fees: number;
  readonly trades: TradeLog;
  /** Set when the run stopped early on the pruning drawdown. */
  readonly pruned: Pruned | null;
  readonly elapsedMs: number;
}

/** Everything an intrabar trial may change, so it can be saved and restored. */
class Books {
  cash = 0;
  pos = 0;
  avgPx = 0;
  // The open trade.
  tradeSide = 0;
  tradeQty = 0;
  tradeEntryNotional = 0;
  tradeExitQty = 0;
  tradeExitNotional = 0;
  tradeRealized = 0;
  tradeFees = 0;
  tradeEntryBar = 0;
  tradeEntryReason = '';
  // The strategy's working order.
  orderActive = false;
  orderType = MARKET;
  orderUnits = 0;
  orderTarget = 0;
  orderPrice = 0;
  orderTriggered = false;
  orderReason = '';
  /** Units and quantity of the strategy's current target. */
  targetUnits = 0;
  targetQty = 0;
  // Protective exits (NaN when not armed).
  stopLoss = Number.NaN;
  stopLossTriggered = false;
  takeProfit = Number.NaN;
  takeProfitFromBar = 0;
  // The bar being worked.
  capLeft = Number.POSITIVE_INFINITY;
  fillOrdinal = 0;
  // Totals.
  fills = 0;
  tradedNotional = 0;
  fees = 0;

  copyFrom(b: Books): void {
    this.cash = b.cash;
    this.pos = b.pos;
    this.avgPx = b.avgPx;
    this.tradeSide = b.tradeSide;
    this.tradeQty = b.tradeQty;
    this.tradeEntryNotional = b.tradeEntryNotional;
    this.tradeExitQty = b.tradeExitQty;
    this.tradeExitNotional = b.tradeExitNotional;
    this.tradeRealized = b.tradeRealized;
    this.tradeFees = b.tradeFees;
    this.tradeEntryBar = b.tradeEntryBar;
    this.tradeEntryReason = b.tradeEntryReason;
    this.orderActive = b.orderActive;
    this.orderType = b.orderType;
    this.orderUnits = b.orderUnits;
    this.orderTarget = b.orderTarget;
    this.orderPrice = b.orderPrice;
    this.orderTriggered = b.orderTriggered;
    this.orderReason = b.orderReason;
    this.targetUnits = b.targetUnits;
    this.targetQty = b.targetQty;
    this.stopLoss = b.stopLoss;
    this.stopLossTriggered = b.stopLossTriggered;
    this.takeProfit = b.takeProfit;
    this.takeProfitFromBar = b.takeProfitFromBar;
    this.capLeft = b.capLeft;
    this.fillOrdinal = b.fillOrdinal;
    this.fills = b.fills;
    this.tradedNotional = b.tradedNotional;
    this.fees = b.fees;
  }
}

/** Rounds a quantity toward zero to the lot (lot 0: unchanged). */
function toLot(qty: number, lot: number): number {
  if (!(lot > 0)) return qty;
  const lots = Math.floor(Math.abs(qty) / lot + 1e-9);
  return Math.sign(qty) * lots * lot;
}

class Backtest implements StrategyContext {
  readonly tracing = false;
  private readonly b = new Books();
  private readonly saved = new Books();
  private readonly log = new TradeLog();
  /** No trade is written while the intrabar search tries an ordering. */
  private dry = false;
  private accepting = false;
  // This bar's intent.
  private intent = false;
  private intentUnits = 0;
  private intentType = MARKET;
  private intentPrice = 0;
  private intentReason = '';
  private readonly randomKey: number;
  private readonly stopLossFraction: number;
  private readonly takeProfitFraction: number;
  private readonly participation: number;
  /** A stop-loss or take-profit is configured: an open position alone needs working each bar. */
  private readonly protecting: boolean;
  /** True while workBar fills at the open (a take-profit armed then may fill in the same bar). */
  private atOpen = false;

  constructor(
    private readonly bars: Bars,
    private readonly cfg: BacktestConfig,
  ) {
    this.b.cash = cfg.initialCash;
    this.randomKey = cfg.slippage.kind === 'random' ? seedKey(cfg.slippage.seed, 'slippage') : 0;
    this.stopLossFraction = cfg.protection.stopLossPct === null ? Number.NaN : cfg.protection.stopLossPct / 100;
    this.takeProfitFraction = cfg.protection.takeProfitPct === null ? Number.NaN : cfg.protection.takeProfitPct / 100;
    this.participation = cfg.participation ?? Number.NaN;
    this.protecting = cfg.protection.stopLossPct !== null || cfg.protection.takeProfitPct !== null;
  }

  // --- StrategyContext -------------------------------------------------------------------

  position(): number {
    return this.b.pos;
  }

  target(units: number, reason: string): void {
    if (!Number.isFinite(units)) throw new Error(`target(${units}): units must be a finite number`);
    this.intent = true;
    this.intentUnits = units;
    this.intentType = MARKET;
    this.intentPrice = 0;
    this.intentReason = reason;
  }

  targetAt(units: number, type: 'limit' | 'stop', price: number, reason: string): void {
    if (!Number.isFinite(units)) throw new Error(`targetAt(${units}): units must be a finite number`);
    if (!(price > 0) || !Number.isFinite(price)) throw new Error(`targetAt(${type} ${price}): the price must be a positive number`);
    this.intent = true;
    this.intentUnits = units;
    this.intentType = type === 'limit' ? LIMIT : STOP;
    this.intentPrice = price;
    this.intentReason = reason;
  }

  gate(_trace: GateTrace): void {
    // Not tracing: explanations cost nothing in a backtest.
  }

  // --- The run -----------------------------------------------------------------------------

  run(strategy: StrategyInstance, window: Required<BacktestWindow>, scratch: BacktestScratch): BacktestResult {
    const started = performance.now();
    const { from, to, feedFrom } = window;
    const src = this.bars;
    const view = scratch.revealed;
    const vt = view.t;
    const vo = view.o;
    const vh = view.h;
    const vl = view.l;
    const vc = view.c;
    const vv = view.v;
    const st = src.t;
    const so = src.o;
    const sh = src.h;
    const sl = src.l;
    const sc = src.c;
    const sv = src.v;
    const equity = scratch.equity.length >= to - from ? scratch.equity : new Float64Array(to - from);
    const b = this.b;
    const protecting = this.protecting;
    const prune = this.cfg.pruneDrawdown;
    const keep = prune === null ? 0 : 1 - prune;
    let peak = this.cfg.initialCash;
    let floor = prune === null ? Number.NEGATIVE_INFINITY : peak * keep;
    let pruned: Pruned | null = null;
    let last = from - 1;

    view.hide();
    view.revealUpTo(src, feedFrom);
    try {
      // Warm-up: indicators only; intents are not accepted before `from`.
      this.accepting = false;
      for (let i = feedFrom; i < from; i++) {
        vt[i] = st[i]!;
        vo[i] = so[i]!;
        vh[i] = sh[i]!;
        vl[i] = sl[i]!;
        vc[i] = sc[i]!;
        vv[i] = sv[i]!;
        view.length = i + 1;
        view.revealed = i + 1;
        strategy.onBar(view, i, this);
      }
      this.accepting = true;
      for (let i = from; i < to; i++) {
        vt[i] = st[i]!;
        vo[i] = so[i]!;
        vh[i] = sh[i]!;
        vl[i] = sl[i]!;
        vc[i] = sc[i]!;
        vv[i] = sv[i]!;
        view.length = i + 1;
        view.revealed = i + 1;
        if (b.orderActive || (protecting && b.pos !== 0)) this.workBar(i);
        this.intent = false;
        strategy.onBar(view, i, this);
        if (this.intent) this.accept(i);
        const eq = b.cash + b.pos * sc[i]!;
        equity[i - from] = eq;
        last = i;
        if (eq > peak) {
          peak = eq;
          floor = peak * keep;
        } else if (eq < floor) {
          pruned = { bar: i, drawdown: (peak - eq) / peak };
          break;
        }
      }
    } finally {
      view.hide();
    }
    if (this.cfg.closeAtEnd && pruned === null && last >= from && b.pos !== 0) {
      this.liquidate(last);
      equity[last - from] = b.cash;
    }
    const points = last - from + 1;
    const curve = equity.subarray(0, Math.max(0, points));
    return {
      from,
      to,
      equity: curve,
      initialCash: this.cfg.initialCash,
      finalEquity: points > 0 ? curve[points - 1]! : this.cfg.initialCash,
      cash: b.cash,
      position: b.pos,
      fills: b.fills,
      tradedNotional: b.tradedNotional,
      fees: b.fees,
      trades: this.log,
      pruned,
      elapsedMs: performance.now() - started,
    };
  }

  // --- Intents -----------------------------------------------------------------------------

  /**
   * Turns this bar's intent into the working order. Restating the current target changes
   * nothing (and is not re-sized); a new number of units is sized now, at this bar's close.
   */
  private accept(i: number): void {
    if (!this.accepting) return;
    const b = this.b;
    const units = this.intentUnits;
    const type = this.intentType;
    const price = this.intentPrice;
    if (b.orderActive && units === b.orderUnits && type === b.orderType && price === b.orderPrice) return;
    if (!b.orderActive && type === MARKET && units === b.targetUnits && b.pos === b.targetQty) return;
    const targetQty = units === b.targetUnits ? b.targetQty : this.size(units, i);
    b.targetUnits = units;
    b.targetQty = targetQty;
    if (type === MARKET && targetQty === b.pos) {
      b.orderActive = false;
      return;
    }
    b.orderActive = true;
    b.orderType = type;
    b.orderUnits = units;
    b.orderTarget = targetQty;
    b.orderPrice = price;
    b.orderTriggered = false;
    b.orderReason = this.intentReason;
  }

  private size(units: number, i: number): number {
    const s = this.cfg.sizing;
    if (units === 0) return 0;
    if (s.kind === 'qty') return units * s.qty;
    const close = this.bars.c[i]!;
    const unit = s.kind === 'notional' ? s.notional / close : ((s.pct / 100) * (this.b.cash + this.b.pos * close)) / close;
    return toLot(units * Math.max(0, unit), this.cfg.lotSize);
  }

  // --- Working a bar -----------------------------------------------------------------------

  private workBar(i: number): void {
    const b = this.b;
    const volume = this.bars.v[i]!;
    b.capLeft = this.participation > 0 && volume >= 0 ? this.participation * volume : Number.POSITIVE_INFINITY;
    b.fillOrdinal = 0;
    const open = this.bars.o[i]!;
    // At the open: market orders, and stops triggered in an earlier bar (capped remainders).
    this.atOpen = true;
    if (b.stopLossTriggered && b.pos !== 0) this.fillStopLoss(i, open);
    if (b.orderActive && (b.orderType === MARKET || b.orderTriggered)) this.fillStrategy(i, open, true);
    this.atOpen = false;
    if (!this.anyTouched(i)) return;
    // Inside the bar: try each order of events, keep the worst for the trader.
    const close = this.bars.c[i]!;
    this.saved.copyFrom(b);
    this.dry = true;
    let worst = 0;
    let worstEquity = Number.POSITIVE_INFINITY;
    for (let k = 0; k < ORDERINGS.length; k++) {
      b.copyFrom(this.saved);
      this.workIntrabar(i, ORDERINGS[k]!);
      const eq = b.cash + b.pos * close;
      if (eq < worstEquity) {
        worstEquity = eq;
        worst = k;
      }
    }
    this.dry = false;
    b.copyFrom(this.saved);
    this.workIntrabar(i, ORDERINGS[worst]!);
  }

  private anyTouched(i: number): boolean {
    const b = this.b;
    const high = this.bars.h[i]!;
    const low = this.bars.l[i]!;
    if (b.orderActive && !b.orderTriggered && b.orderType !== MARKET) {
      const side = Math.sign(b.orderTarget - b.pos);
      if (side !== 0 && (b.orderType === LIMIT ? limitTouched(side, b.orderPrice, high, low) : stopTouched(side, b.orderPrice, high, low))) return true;
    }
    if (b.pos === 0) return false;
    const exitSide = b.pos > 0 ? -1 : 1;
    if (!Number.isNaN(b.stopLoss) && !b.stopLossTriggered && stopTouched(exitSide, b.stopLoss, high, low)) return true;
    return !Number.isNaN(b.takeProfit) && b.takeProfitFromBar <= i && limitTouched(exitSide, b.takeProfit, high, low);
  }

  private workIntrabar(i: number, ordering: readonly number[]): void {
    const high = this.bars.h[i]!;
    const low = this.bars.l[i]!;
    const open = this.bars.o[i]!;
    for (const which of ordering) {
      const b = this.b;
      if (which === STRATEGY) {
        if (!b.orderActive || b.orderTriggered || b.orderType === MARKET) continue;
        const side = Math.sign(b.orderTarget - b.pos);
        if (side === 0) {
          b.orderActive = false;
          continue;
        }
        if (b.orderType === LIMIT) {
          const price = limitFillPrice(side, b.orderPrice, open, high, low);
          if (!Number.isNaN(price)) this.fillStrategy(i, price, false);
        } else {
          const price = stopFillPrice(side, b.orderPrice, open, high, low);
          if (Number.isNaN(price)) continue;
          b.orderTriggered = true;
          this.fillStrategy(i, price, true);
        }
      } else if (b.pos !== 0) {
        const exitSide = b.pos > 0 ? -1 : 1;
        if (which === STOP_LOSS) {
          if (Number.isNaN(b.stopLoss) || b.stopLossTriggered) continue;
          const price = stopFillPrice(exitSide, b.stopLoss, open, high, low);
          if (Number.isNaN(price)) continue;
          b.stopLossTriggered = true;
          this.fillStopLoss(i, price);
        } else {
          if (Number.isNaN(b.takeProfit) || b.takeProfitFromBar > i) continue;
          const price = limitFillPrice(exitSide, b.takeProfit, open, high, low);
          if (!Number.isNaN(price)) this.fillProtective(i, price, false, TAKE_PROFIT_REASON);
        }
      }
    }
  }

  /** How much of `want` (signed) the participation cap lets through in this bar. */
  private capped(want: number): number {
    const b = this.b;
    const qty = Math.min(Math.abs(want), b.capLeft);
    b.capLeft -= qty;
    return Math.sign(want) * qty;
  }

  /** Fills as much of the strategy's order as the cap allows at `price` (before slippage for takers). */
  private fillStrategy(i: number, price: number, taker: boolean): void {
    const b = this.b;
    const want = b.orderTarget - b.pos;
    if (want === 0) {
      b.orderActive = false;
      return;
    }
    const q = this.capped(want);
    if (q === 0) return;
    this.fill(i, q, price, taker, b.orderReason);
    if (b.pos === b.orderTarget) b.orderActive = false;
  }

  private fillStopLoss(i: number, price: number): void {
    this.fillProtective(i, price, true, STOP_LOSS_REASON);
  }

  /** A protective exit closes the whole position (as the cap allows). Flat: the strategy's order is cancelled. */
  private fillProtective(i: number, price: number, taker: boolean, reason: string): void {
    const b = this.b;
    const q = this.capped(-b.pos);
    if (q === 0) return;
    this.fill(i, q, price, taker, reason);
    if (b.pos === 0) {
      b.orderActive = false;
      b.targetUnits = 0;
      b.targetQty = 0;
    }
  }

  private liquidate(i: number): void {
    this.b.capLeft = Number.POSITIVE_INFINITY;
    this.fill(i, -this.b.pos, this.bars.c[i]!, true, END_OF_DATA);
  }

  /**
   * Books one fill of signed quantity q. Taker fills pay slippage on `price`; the fee is
   * taker or maker accordingly. Keeps the open trade's accumulators and the protective exits.
   */
  private fill(i: number, q: number, price: number, taker: boolean, reason: string): void {
    const b = this.b;
    const side = q > 0 ? 1 : -1;
    const px = taker ? slipped(side, price, slippageFraction(this.cfg.slippage, q, this.bars.v[i]!, this.randomKey, i, b.fillOrdinal)) : price;
    b.fillOrdinal++;
    const f = fee(q, px, taker ? this.cfg.fees.takerBps : this.cfg.fees.makerBps, this.cfg.fees.perUnit);
    const units = Math.abs(q);
    b.cash -= q * px + f;
    b.fills++;
    b.tradedNotional += units * px;
    b.fees += f;
    const before = b.pos;
    if (before === 0) {
      this.openTrade(i, q, px, f, reason);
      b.pos = q;
      b.avgPx = px;
    } else if (before > 0 === q > 0) {
      const held = Math.abs(before);
      b.avgPx = (b.avgPx * held + px * units) / (held + units);
      b.pos = before + q;
      b.tradeQty += units;
      b.tradeEntryNotional += units * px;
      b.tradeFees += f;
    } else {
      const held = Math.abs(before);
      const closing = Math.min(units, held);
      const closingFee = (f * closing) / units;
      b.tradeRealized += closing * (px - b.avgPx) * (before > 0 ? 1 : -1);
      b.tradeExitQty += closing;
      b.tradeExitNotional += closing * px;
      b.tradeFees += closingFee;
      let after = before + q;
      if (Math.abs(after) < 1e-9 * Math.max(1, closing)) after = 0;
      if (after === 0 || after > 0 !== before > 0) {
        this.closeTrade(i, reason);
        if (after !== 0) {
          this.openTrade(i, after, px, f - closingFee, reason);
          b.avgPx = px;
        }
      }
      b.pos = after;
    }
    this.armProtection(i, before);
  }

  private openTrade(i: number, q: number, px: number, f: number, reason: string): void {
    const b = this.b;
    b.tradeSide = q > 0 ? 1 : -1;
    b.tradeQty = Math.abs(q);
    b.tradeEntryNotional = Math.abs(q) * px;
    b.tradeExitQty = 0;
    b.tradeExitNotional = 0;
    b.tradeRealized = 0;
    b.tradeFees = f;
    b.tradeEntryBar = i;
    b.tradeEntryReason = reason;
  }

  private closeTrade(i: number, reason: string): void {
    if (this.dry) return;
    const b = this.b;
    const t = this.bars.t;
    this.log.push(
      b.tradeSide,
      b.tradeQty,
      b.tradeEntryBar,
      i,
      t[b.tradeEntryBar]!,
      t[i]!,
      b.tradeEntryNotional / b.tradeQty,
      b.tradeExitQty > 0 ? b.tradeExitNotional / b.tradeExitQty : Number.NaN,
      b.tradeRealized - b.tradeFees,
      b.tradeFees,
      b.tradeEntryReason,
      reason,
    );
  }

  /**
   * Protective exits follow the position: cleared when flat, re-armed at the new average
   * price when the position grew or reversed, kept when it shrank. A take-profit armed at the
   * open may fill in this bar; one armed inside the bar waits for the next.
   */
  private armProtection(i: number, before: number): void {
    const b = this.b;
    const pos = b.pos;
    if (pos === 0) {
      b.stopLoss = Number.NaN;
      b.takeProfit = Number.NaN;
      b.stopLossTriggered = false;
      return;
    }
    const grew = before === 0 || before > 0 !== pos > 0 || Math.abs(pos) > Math.abs(before);
    if (!grew || !this.protecting) return;
    const dir = pos > 0 ? 1 : -1;
    b.stopLoss = b.avgPx * (1 - dir * this.stopLossFraction);
    b.stopLossTriggered = false;
    b.takeProfit = b.avgPx * (1 + dir * this.takeProfitFraction);
    b.takeProfitFromBar = this.atOpen ? i : i + 1;
  }
}

/**
 * Runs one strategy instance over `bars` (see the header for the rules). `scratch` lets a
 * caller reuse the revealed view and the equity buffer across runs on the same bars; the
 * result's equity is then a view into it.
 */
export function runBacktest(bars: Bars, strategy: StrategyInstance, cfg: BacktestConfig, window: BacktestWindow = {}, scratch?: BacktestScratch): BacktestResult {
  const to = window.to ?? bars.length;
  const from = window.from ?? 0;
  const feedFrom = window.feedFrom ?? 0;
  if (!(Number.isInteger(from) && Number.isInteger(to) && Number.isInteger(feedFrom))) throw new Error('the backtest window must be whole bar indices');
  if (to > bars.length || from < 0 || from > to) throw new Error(`the backtest window [${from}, ${to}) is outside the ${bars.length} bars`);
  if (feedFrom < 0 || feedFrom > from) throw new Error(`warm-up must start at or before the window (${feedFrom} > ${from})`);
  const s = scratch ?? createScratch(bars);
  if (s.revealed.capacity < bars.length) throw new Error('the scratch buffers are smaller than the bars');
  return new Backtest(bars, cfg).run(strategy, { from, to, feedFrom }, s);
}
