import type { DrawdownLevel, KillSwitch, RiskStatus, RiskUsage, TradingState } from '../../../shared/contract';
import { ApiError } from '../api/errors';
import { Decimal, ZERO, decStr } from '../domain/decimal';
import type { OrderState } from '../domain/order';
import type { ValidOrder } from '../domain/orderValidation';
import type { PositionState } from '../domain/position';
import type { Logger } from '../log/logger';
import { NO_LIMITS, defaultLimits, limitsFromDto, stricter, type Limits } from './limits';
import type { MarketCalendar } from './marketCalendar';
import { usEquityMarketState } from './marketHours';
import type { RiskStore } from './riskStore';

export interface RiskOrder extends ValidOrder {
  accountId: string;
  owner: string;
}

type Equity = { equity: Decimal; cash: Decimal; dayPnl: Decimal };

export interface Denial {
  check: string;
  reason: string;
}

export interface RiskDeps {
  store: RiskStore;
  positions: (accountId: string) => PositionState[];
  openOrders: (accountId: string) => OrderState[];
  mark: (accountId: string, symbol: string) => Decimal | null;
  /** Equity, cash and today's P&L of an account, from its books at current marks. */
  equity: (accountId: string) => { equity: Decimal; cash: Decimal; dayPnl: Decimal } | null;
  assetClass: (accountId: string, symbol: string) => 'us_equity' | 'crypto' | undefined;
  /** Market hours apply to an account by default only where the venue keeps them (not the 24/7 sample market). */
  keepsMarketHours: (accountId: string) => boolean;
  calendar: MarketCalendar;
  /** Wall clock (order-rate windows, the duplicate guard, the kill switch). */
  now: () => number;
  /** The clock the account's market runs on (the sample replay runs faster than the wall clock). */
  marketNow: (accountId: string) => number;
  accounts: () => string[];
  /** Cancels and flattens for the kill switch and the emergency level; set by the composition root. */
  actions?: {
    cancelAllOpen: (accountId: string, reason: string) => Promise<void>;
    flattenAll: (accountId: string, reason: string) => Promise<void>;
  };
  onChange: (accountId: string) => void;
  log: Logger;
}

const pct = (d: Decimal) => decStr(d.toDecimalPlaces(2));
const money = (d: Decimal) => decStr(d.toDecimalPlaces(2, Decimal.ROUND_HALF_UP));

/**
 * The risk engine sits in the order path: every order from every source (ticket, bots,
 * scripts) passes these checks inside OrderManager.submit, synchronously between
 * validation and the intent being written, so nothing can slip between a check and the
 * venue call. A denial is an OrderDenied event with a reason the user understands.
 */
export class RiskEngine {
  private readonly recentOrders = new Map<string, number[]>();
  private readonly peaks = new Map<string, Decimal>();

  constructor(private readonly d: RiskDeps) {}

  /** The kill switch's and the emergency level's cancels and flattening go through the OMS, built after this engine. */
  setActions(actions: NonNullable<RiskDeps['actions']>): void {
    this.d.actions = actions;
  }

  // --- limits ---------------------------------------------------------------------------

  limitsFor(scope: { accountId: string } | { botId: string }): Limits {
    if ('botId' in scope) {
      const stored = this.d.store.limits(`bot:${scope.botId}`);
      return stored ? limitsFromDto(stored) : NO_LIMITS;
    }
    const stored = this.d.store.limits(`account:${scope.accountId}`);
    return stored ? limitsFromDto(stored) : defaultLimits({ enforceMarketHours: this.d.keepsMarketHours(scope.accountId) });
  }

  private effectiveLimits(accountId: string, owner: string): Limits {
    const account = this.limitsFor({ accountId });
    return owner.startsWith('bot:') ? stricter(account, this.limitsFor({ botId: owner.slice(4) })) : account;
  }

  // --- states ---------------------------------------------------------------------------

  killSwitch(): KillSwitch {
    return this.d.store.killSwitch();
  }

  /** The state and why: the kill switch, then the drawdown level, the daily loss limit, then the user's choice. */
  state(accountId: string, equity?: Equity | null): { state: TradingState; reason: string | null; level: DrawdownLevel; drawdownPct: Decimal } {
    const eq = equity === undefined ? this.d.equity(accountId) : equity;
    const kill = this.d.store.killSwitch();
    const { level, drawdownPct } = this.drawdown(accountId, eq);
    if (kill.engaged) return { state: 'HALTED', reason: `Kill switch engaged${kill.by ? ` by ${kill.by}` : ''}`, level, drawdownPct };
    if (level === 'critical' || level === 'emergency') {
      return { state: 'REDUCING', reason: `Drawdown ${pct(drawdownPct)}% from the peak is at the ${level} level`, level, drawdownPct };
    }
    const limits = this.limitsFor({ accountId });
    if (limits.dailyLossLimit && eq && eq.dayPnl.lte(limits.dailyLossLimit.neg())) {
      return { state: 'REDUCING', reason: `Today's loss ${money(eq.dayPnl.neg())} reached the daily loss limit ${money(limits.dailyLossLimit)}`, level, drawdownPct };
    }
    const manual = this.d.store.accountState(accountId).manualState;
    return { state: manual, reason: manual === 'REDUCING' ? 'Set to reduce-only by the user' : null, level, drawdownPct };
  }

  setManualState(accountId: string, state: 'ACTIVE' | 'REDUCING'): void {
    const s = this.d.store.accountState(accountId);
    this.d.store.setAccountState(accountId, { ...s, manualState: state }, this.d.now());
    this.d.onChange(accountId);
  }

  /**
   * Halts every account at once and persists it; then, as the user chose, cancels open
   * orders and flattens positions with the risk engine's own orders. Only the user lifts it.
   */
  async engageKillSwitch(opts: { cancelOpen: boolean; flatten: boolean; reason?: string }, by: string): Promise<KillSwitch> {
    const k: KillSwitch = { engaged: true, at: this.d.now(), by, reason: opts.reason ?? null, cancelOpen: opts.cancelOpen, flatten: opts.flatten };
    // Persisted before anything else: from this line on every check says HALTED.
    this.d.store.setKillSwitch(k);
    for (const a of this.d.accounts()) this.d.onChange(a);
    const actions = this.d.actions;
    if (actions) {
      for (const accountId of this.d.accounts()) {
        try {
          if (opts.cancelOpen || opts.flatten) await actions.cancelAllOpen(accountId, 'Kill switch');
          if (opts.flatten) await actions.flattenAll(accountId, 'Kill switch');
        } catch (err) {
          this.d.log.error('kill switch could not finish on an account', { accountId, error: String(err) });
        }
      }
    }
    return k;
  }

  releaseKillSwitch(confirm: string, by: string): KillSwitch {
    if (confirm !== 'RESUME') throw new ApiError('BAD_REQUEST', 'Type RESUME to lift the kill switch', { confirm: 'Type RESUME to lift the kill switch' });
    const current = this.d.store.killSwitch();
    if (!current.engaged) throw new ApiError('CONFLICT', 'The kill switch is not engaged');
    const k: KillSwitch = { engaged: false, at: this.d.now(), by, reason: null, cancelOpen: false, flatten: false };
    this.d.store.setKillSwitch(k);
    for (const a of this.d.accounts()) this.d.onChange(a);
    return k;
  }

  // --- drawdown -------------------------------------------------------------------------

  /** Updates the equity peak; at the emergency level it flattens the account once per episode. */
  observeEquity(accountId: string): void {
    const { level } = this.drawdown(accountId);
    const s = this.d.store.accountState(accountId);
    if (level === 'emergency' && s.emergencyAt === null) {
      this.d.store.setAccountState(accountId, { ...s, emergencyAt: this.d.now() }, this.d.now());
      this.d.log.warn('drawdown emergency: flattening the account', { accountId });
      void this.d.actions?.flattenAll(accountId, 'Drawdown emergency level')?.catch((err: unknown) => this.d.log.error('emergency flatten failed', { accountId, error: String(err) }));
      this.d.onChange(accountId);
    } else if (level !== 'emergency' && s.emergencyAt !== null) {
      this.d.store.setAccountState(accountId, { ...s, emergencyAt: null }, this.d.now());
    }
  }

  private drawdown(accountId: string, equity?: Equity | null): { level: DrawdownLevel; drawdownPct: Decimal; equity: Decimal | null; peak: Decimal | null } {
    const eq = equity === undefined ? this.d.equity(accountId) : equity;
    if (!eq) return { level: 'normal', drawdownPct: ZERO, equity: null, peak: null };
    let peak = this.peaks.get(accountId);
    if (!peak) {
      const stored = this.d.store.accountState(accountId).equityPeak;
      peak = stored ? new Decimal(stored) : eq.equity;
    }
    if (eq.equity.gt(peak)) peak = eq.equity;
    if (!this.peaks.get(accountId)?.eq(peak)) {
      this.peaks.set(accountId, peak);
      const s = this.d.store.accountState(accountId);
      this.d.store.setAccountState(accountId, { ...s, equityPeak: decStr(peak) }, this.d.now());
    }
    const drawdownPct = peak.gt(0) ? peak.minus(eq.equity).div(peak).times(100) : ZERO;
    const dd = this.limitsFor({ accountId }).drawdown;
    let level: DrawdownLevel = 'normal';
    if (dd) {
      if (drawdownPct.gte(dd.emergencyPct)) level = 'emergency';
      else if (drawdownPct.gte(dd.criticalPct)) level = 'critical';
      else if (drawdownPct.gte(dd.warningPct)) level = 'warning';
      else if (drawdownPct.gte(dd.cautionPct)) level = 'caution';
    }
    return { level, drawdownPct, equity: eq.equity, peak };
  }

  // --- the pre-trade check ---------------------------------------------------------------

  /**
   * The same checks as check(), without side effects: nothing is recorded and the order
   * does not count towards the rate limits (only the equity peak may move, as on any look
   * at the account). For "would this order pass?" (a bot's decision trace, previews); the
   * order path itself calls check().
   */
  evaluate(order: RiskOrder): Denial | null {
    return this.firstDenial(order);
  }

  /** Runs every check; the first that fails denies the order. Passing orders count towards the rate limits. */
  check(order: RiskOrder): Denial | null {
    const denial = this.evaluate(order);
    if (denial) {
      this.d.store.recordDenial({ at: this.d.now(), accountId: order.accountId, owner: order.owner, symbol: order.symbol, check: denial.check, reason: denial.reason });
      this.d.onChange(order.accountId);
      return denial;
    }
    this.countOrder(order);
    return null;
  }

  private firstDenial(o: RiskOrder): Denial | null {
    const limits = this.effectiveLimits(o.accountId, o.owner);
    // Equity is needed by several checks: computed once per order.
    const eq = this.d.equity(o.accountId);
    const state = this.state(o.accountId, eq);
    const positions = this.d.positions(o.accountId);
    const open = this.d.openOrders(o.accountId);
    const position = positions.find((p) => p.symbol === o.symbol)?.qty ?? ZERO;
    const signed = o.side === 'buy' ? o.qty : o.qty.neg();
    const reduces = this.reduces(position, signed, open.filter((x) => x.symbol === o.symbol));
    const riskOwn = o.owner === 'risk';

    if (state.state === 'HALTED' && !(riskOwn && reduces)) {
      const k = this.d.store.killSwitch();
      return { check: 'kill_switch', reason: `Trading is halted by the kill switch${k.by ? ` (engaged by ${k.by})` : ''}: lift it in the Risk panel to trade again` };
    }
    if (state.state === 'REDUCING' && !reduces) {
      return { check: 'trading_state', reason: `Only orders that reduce a position are allowed now (${state.reason ?? 'reduce-only'})` };
    }
    if (riskOwn) return null;
    if (state.level === 'warning' && !reduces && (position.isZero() || position.isPositive() === signed.isPositive())) {
      return { check: 'drawdown', reason: `Drawdown ${pct(state.drawdownPct)}% from the peak is at the warning level: no new or larger positions` };
    }
    if (limits.enforceMarketHours && this.d.assetClass(o.accountId, o.symbol) === 'us_equity') {
      const m = usEquityMarketState(this.d.marketNow(o.accountId), this.d.calendar, { extendedHours: limits.allowExtendedHours });
      if (!m.open) return { check: 'market_hours', reason: m.reason };
    }
    if (limits.maxOrdersPerMinute !== null) {
      const n = this.ordersInLastMinute(`account:${o.accountId}`);
      if (n >= limits.maxOrdersPerMinute) {
        return { check: 'order_rate', reason: `${n} orders in the last minute on this account: the limit is ${limits.maxOrdersPerMinute} per minute` };
      }
      if (o.owner.startsWith('bot:')) {
        const b = this.ordersInLastMinute(o.owner);
        const botLimit = this.limitsFor({ botId: o.owner.slice(4) }).maxOrdersPerMinute ?? limits.maxOrdersPerMinute;
        if (b >= botLimit) return { check: 'order_rate', reason: `This bot sent ${b} orders in the last minute: its limit is ${botLimit} per minute` };
      }
    }
    if (limits.maxOpenOrders !== null && open.length >= limits.maxOpenOrders) {
      return { check: 'open_orders', reason: `${open.length} orders are open on this account: the limit is ${limits.maxOpenOrders}` };
    }

    const last = this.d.mark(o.accountId, o.symbol);
    const price = o.limitPrice ?? o.stopPrice ?? last;
    if (limits.priceCollarPct && last && (o.limitPrice || o.stopPrice)) {
      const p = (o.limitPrice ?? o.stopPrice)!;
      const away = p.minus(last).abs().div(last).times(100);
      if (away.gt(limits.priceCollarPct)) {
        return { check: 'price_collar', reason: `The price ${decStr(p)} is ${pct(away)}% away from the last price ${decStr(last)}: the collar is ${decStr(limits.priceCollarPct)}%` };
      }
    }
    // In caution, size limits shrink by the caution factor.
    const factor = state.level === 'caution' ? limits.cautionSizeFactor : new Decimal(1);
    const cut = (l: Decimal | null) => (l === null ? null : l.times(factor));
    const maxQty = cut(limits.maxOrderQty);
    if (maxQty && o.qty.gt(maxQty)) {
      return { check: 'order_qty', reason: `Quantity ${decStr(o.qty)} is above the ${decStr(maxQty)} allowed per order${factor.lt(1) ? ' (halved at the caution drawdown level)' : ''}` };
    }
    const notional = price ? o.qty.times(price) : null;
    const maxNotional = cut(limits.maxOrderNotional);
    if (maxNotional && notional && notional.gt(maxNotional)) {
      return { check: 'order_notional', reason: `Order value ${money(notional)} is above the ${money(maxNotional)} allowed per order` };
    }
    if (reduces) return null; // Shrinking a position never breaks a position or exposure limit.

    // The position if this order and every open order on the symbol fill.
    const projected = this.projected(position, open.filter((x) => x.symbol === o.symbol)).plus(signed);
    const maxPosQty = cut(limits.maxPositionQty);
    if (maxPosQty && projected.abs().gt(maxPosQty)) {
      return { check: 'position_qty', reason: `The position would be ${decStr(projected)} ${o.symbol}: the limit is ${decStr(maxPosQty)}` };
    }
    if (price) {
      const posValue = projected.abs().times(price);
      const maxPosNotional = cut(limits.maxPositionNotional);
      if (maxPosNotional && posValue.gt(maxPosNotional)) {
        return { check: 'position_notional', reason: `The ${o.symbol} position would be worth ${money(posValue)}: the limit is ${money(maxPosNotional)}` };
      }
      if (limits.maxPositionPctEquity && eq && eq.equity.gt(0)) {
        const share = posValue.div(eq.equity).times(100);
        if (share.gt(limits.maxPositionPctEquity.times(factor))) {
          return { check: 'position_pct_equity', reason: `The ${o.symbol} position would be ${pct(share)}% of equity: the limit is ${pct(limits.maxPositionPctEquity.times(factor))}%` };
        }
      }
      const exposure = this.exposureAfter(o, positions, projected, price);
      if (limits.maxGrossExposure && exposure.gross.gt(limits.maxGrossExposure.times(factor))) {
        return { check: 'gross_exposure', reason: `Gross exposure would be ${money(exposure.gross)}: the limit is ${money(limits.maxGrossExposure.times(factor))}` };
      }
      if (limits.maxNetExposure && exposure.net.abs().gt(limits.maxNetExposure.times(factor))) {
        return { check: 'net_exposure', reason: `Net exposure would be ${money(exposure.net)}: the limit is ${money(limits.maxNetExposure.times(factor))}` };
      }
      for (const g of this.d.store.groups()) {
        if (!g.maxGrossNotional || !g.symbols.includes(o.symbol)) continue;
        const gross = this.groupGross(o, positions, projected, price, g.symbols);
        if (gross.gt(new Decimal(g.maxGrossNotional).times(factor))) {
          return { check: 'group_exposure', reason: `Exposure to ${g.name} would be ${money(gross)}: the group limit is ${money(new Decimal(g.maxGrossNotional).times(factor))}` };
        }
      }
      if (o.side === 'buy' && eq) {
        const committed = open.filter((x) => x.side === 'buy').reduce((sum, x) => sum.plus(x.qty.minus(x.filledQty).times(x.limitPrice ?? this.d.mark(o.accountId, x.symbol) ?? ZERO)), ZERO);
        const available = eq.cash.minus(committed);
        if (notional && notional.gt(available)) {
          return { check: 'buying_power', reason: `Not enough buying power: the order needs ${money(notional)}, ${money(Decimal.max(available, ZERO))} is available` };
        }
      }
    }
    return null;
  }

  private reduces(position: Decimal, signed: Decimal, openOnSymbol: OrderState[]): boolean {
    if (position.isZero() || position.isPositive() === signed.isPositive()) return false;
    // Already-open orders that also reduce count against what is left to reduce.
    const pendingReduce = openOnSymbol
      .filter((x) => (x.side === 'buy') !== position.isPositive())
      .reduce((sum, x) => sum.plus(x.qty.minus(x.filledQty)), ZERO);
    return signed.abs().plus(pendingReduce).lte(position.abs());
  }

  private projected(position: Decimal, openOnSymbol: OrderState[]): Decimal {
    return openOnSymbol.reduce((q, x) => {
      const rest = x.qty.minus(x.filledQty);
      return x.side === 'buy' ? q.plus(rest) : q.minus(rest);
    }, position);
  }

  private exposureAfter(o: RiskOrder, positions: PositionState[], projected: Decimal, price: Decimal): { gross: Decimal; net: Decimal } {
    let gross = projected.abs().times(price);
    let net = projected.times(price);
    for (const p of positions) {
      if (p.symbol === o.symbol) continue;
      const m = this.d.mark(o.accountId, p.symbol) ?? p.avgPrice;
      gross = gross.plus(p.qty.abs().times(m));
      net = net.plus(p.qty.times(m));
    }
    return { gross, net };
  }

  private groupGross(o: RiskOrder, positions: PositionState[], projected: Decimal, price: Decimal, symbols: string[]): Decimal {
    let gross = projected.abs().times(price);
    for (const p of positions) {
      if (p.symbol === o.symbol || !symbols.includes(p.symbol)) continue;
      gross = gross.plus(p.qty.abs().times(this.d.mark(o.accountId, p.symbol) ?? p.avgPrice));
    }
    return gross;
  }

  private countOrder(o: RiskOrder): void {
    const t = this.d.now();
    for (const key of [`account:${o.accountId}`, o.owner]) {
      const list = this.recentOrders.get(key) ?? [];
      list.push(t);
      this.recentOrders.set(key, list);
    }
  }

  private ordersInLastMinute(key: string): number {
    const list = this.recentOrders.get(key);
    if (!list) return 0;
    const since = this.d.now() - 60_000;
    while (list.length && list[0]! < since) list.shift();
    return list.length;
  }

  // --- the panel ------------------------------------------------------------------------

  status(accountId: string): RiskStatus {
    const eq = this.d.equity(accountId);
    const st = this.state(accountId, eq);
    const dd = this.drawdown(accountId, eq);
    const limits = this.limitsFor({ accountId });
    const usage: RiskUsage[] = [];
    const add = (check: string, label: string, used: Decimal, limit: Decimal | number | null) => {
      if (limit === null) return;
      const l = new Decimal(limit);
      usage.push({ check, label, used: decStr(used.toDecimalPlaces(2)), limit: decStr(l), fraction: l.gt(0) ? used.div(l).toNumber() : 0 });
    };
    const positions = this.d.positions(accountId);
    let gross = ZERO;
    let net = ZERO;
    for (const p of positions) {
      const m = this.d.mark(accountId, p.symbol) ?? p.avgPrice;
      gross = gross.plus(p.qty.abs().times(m));
      net = net.plus(p.qty.times(m));
    }
    add('gross_exposure', 'Gross exposure', gross, limits.maxGrossExposure);
    add('net_exposure', 'Net exposure', net.abs(), limits.maxNetExposure);
    add('open_orders', 'Open orders', new Decimal(this.d.openOrders(accountId).length), limits.maxOpenOrders);
    add('order_rate', 'Orders in the last minute', new Decimal(this.ordersInLastMinute(`account:${accountId}`)), limits.maxOrdersPerMinute);
    if (eq && limits.dailyLossLimit) add('daily_loss', "Today's loss", Decimal.max(eq.dayPnl.neg(), ZERO), limits.dailyLossLimit);
    if (limits.drawdown) add('drawdown', 'Drawdown from peak (%)', dd.drawdownPct, limits.drawdown.emergencyPct);
    for (const g of this.d.store.groups()) {
      if (!g.maxGrossNotional) continue;
      const gg = positions.filter((p) => g.symbols.includes(p.symbol)).reduce((s, p) => s.plus(p.qty.abs().times(this.d.mark(accountId, p.symbol) ?? p.avgPrice)), ZERO);
      add(`group:${g.id}`, `${g.name} exposure`, gg, new Decimal(g.maxGrossNotional));
    }
    return {
      accountId,
      state: st.state,
      stateReason: st.reason,
      killSwitch: this.d.store.killSwitch(),
      drawdownLevel: dd.level,
      equity: money(dd.equity ?? ZERO),
      equityPeak: money(dd.peak ?? ZERO),
      drawdownPct: pct(dd.drawdownPct),
      dayPnl: money(eq?.dayPnl ?? ZERO),
      usage,
      recentDenials: this.d.store.denials(accountId, 20),
    };
  }
}
