/**
 * One decision of a bot on one symbol: from the strategy's target to an order (or a
 * reason why not), every step recorded as a gate so the panel can say why no trade.
 *
 * The gates, in order (the first that fails blocks the order; later ones are not run):
 *   the strategy's own gates (warm-up, signal, cross ...), then
 *   signal         a target stands and the position is not at it (otherwise: hold)
 *   working_order  an order of this bot for the same target is still working
 *   fresh          no newer bar of the symbol is waiting (a bot that fell behind does not trade stale bars)
 *   cooldown       bars since the last order (orders that only reduce a position pass)
 *   open_positions the bot's limit on symbols held at once (only when opening)
 *   trading_hours  the bot's window (orders that only reduce a position pass); the venue's
 *                  market hours (US equities) are a risk check: risk:market_hours
 *   sizing         the size rounds to at least one lot
 *   order          the order is valid for the instrument: lot, minimum notional, venue capabilities
 *   risk:<check>   every risk check, side-effect free (riskEngine.evaluate)
 * then shadow (recorded, never sent) or sent (through the OMS, owner bot:<id>).
 * Order validation runs before risk because the risk checks need a valid order (its lots,
 * its price); a quantity that is no order at all is not a risk question.
 */
import type { BotConfig, Decision, GateResult, Order } from '../../../shared/contract';
import { ApiError } from '../api/errors';
import type { VenueCapabilities } from '../brokers/port';
import { Decimal, ZERO, dec, decStr } from '../domain/decimal';
import type { OrderOwner } from '../domain/ids';
import { roundToTick, type TradingRules } from '../domain/instrument';
import type { OrderState } from '../domain/order';
import { checkCapabilities, validateOrder, type OrderRequest, type ValidOrder } from '../domain/orderValidation';
import { TIMEFRAME_SECONDS } from '../marketdata/aggregate';
import type { Denial, RiskOrder } from '../risk/riskEngine';
import type { PositionSize } from '../risk/sizing';
import type { BookOwner, BotBooks } from './botBooks';
import { unitSize } from './botSizing';
import type { ShadowFill, SymbolState } from './botStore';
import type { NewDecision } from './decisionLog';
import { messageOf, type EvalResult, type Intent, type WireBar } from './evaluator';
import { describeTradingHours, insideTradingHours } from './tradingHours';

export interface GateDeps {
  books: BotBooks;
  rules: (accountId: string, symbol: string) => TradingRules | undefined;
  capabilities: (accountId: string) => VenueCapabilities | undefined;
  lastPrice: (accountId: string, symbol: string) => Decimal | null;
  equity: (accountId: string) => Decimal | null;
  openOrders: (accountId: string) => OrderState[];
  evaluateRisk: (order: RiskOrder) => Denial | null;
  submit: (req: OrderRequest & { accountId: string }, ctx: { owner: OrderOwner; actor: string }) => Promise<Order>;
  cancel: (orderId: string, actor: string) => Promise<unknown>;
  marketNow: (accountId: string) => number;
  /** Writes the decision, the symbol's state and a shadow fill in one transaction. */
  record: (decision: NewDecision, state: SymbolState, shadowFill: ShadowFill | null) => Decision;
}

/**
 * What is known before the strategy is asked: the unit size, and the position in units for
 * ctx.position(). The order itself is computed from the position read again at decision time.
 */
export interface Prepared {
  rules: TradingRules | undefined;
  price: Decimal;
  unit: PositionSize | null;
  sizingError: string | null;
  position: Decimal;
  positionUnits: number;
}

export function prepare(d: GateDeps, config: BotConfig, owner: BookOwner, symbol: string, bar: WireBar, recent: readonly WireBar[]): Prepared {
  const rules = d.rules(config.accountId, symbol);
  const price = dec(bar.c);
  let unit: PositionSize | null = null;
  let sizingError: string | null = null;
  try {
    if (!rules) throw new Error(`No trading rules for ${symbol} on this account`);
    unit = unitSize(config.sizing, {
      price,
      rules,
      equity: () => d.equity(config.accountId),
      bars: () => ({ high: recent.map((b) => dec(b.h)), low: recent.map((b) => dec(b.l)), close: recent.map((b) => dec(b.c)) }),
    });
  } catch (err) {
    sizingError = messageOf(err);
  }
  const position = d.books.position(owner, symbol);
  const positionUnits = unit && unit.qty.gt(0) ? position.div(unit.qty).toDecimalPlaces(6).toNumber() : position.isZero() ? 0 : position.isPositive() ? 1 : -1;
  return { rules, price, unit, sizingError, position, positionUnits };
}

export interface DecideInput {
  config: BotConfig;
  owner: BookOwner;
  symbol: string;
  bar: WireBar;
  result: EvalResult;
  prepared: Prepared;
  state: SymbolState;
  newerBarWaiting: boolean;
}

export interface DecideOutcome {
  decision: Decision;
  state: SymbolState;
  /** Set when the venue could not take the order for now: the bot errors (transient) after recording. */
  venueDown: string | null;
}

const sameIntent = (a: Intent | null, b: Intent | null) => a !== null && b !== null && a.units === b.units && a.orderType === b.orderType && a.price === b.price;

const units = (u: number) => (u > 0 ? `+${u}` : String(u));

/** The tif a bot uses: market orders for the day (or IOC), resting orders good till cancelled where the venue has it. */
function tifFor(type: Intent['orderType'], caps: VenueCapabilities | undefined): OrderRequest['tif'] {
  const has = (t: OrderRequest['tif']) => caps?.timeInForce.includes(t) ?? t === 'day';
  if (type === 'market') return has('day') ? 'day' : has('ioc') ? 'ioc' : 'fok';
  return has('gtc') ? 'gtc' : 'day';
}

/** A resting price on the tick grid, never more aggressive than the strategy asked. */
function restingPrice(intent: Intent, side: 'buy' | 'sell', tick: Decimal): Decimal {
  const p = dec(intent.price!);
  const buyDown = intent.orderType === 'limit' ? side === 'buy' : side === 'sell';
  return roundToTick(p, tick, buyDown ? 'down' : 'up');
}

export async function decide(d: GateDeps, input: DecideInput): Promise<DecideOutcome> {
  const { config, owner, symbol, bar, result, prepared: p, state } = input;
  const gates: GateResult[] = [...result.gates];
  const barTime = bar.t * 1000;
  const at = d.marketNow(config.accountId);
  // The position and the working orders are read together, now, in one synchronous stretch
  // (no await until both are read): a fill commits the order's status and the position in one
  // transaction, so the pair is consistent. The position read before the strategy was asked
  // may be a fill behind.
  const before = d.books.position(owner, symbol);
  const working = d.openOrders(config.accountId).filter((o) => o.owner === `bot:${config.id}` && o.symbol === symbol);
  const next: SymbolState = { ...state, lastBar: barTime, target: result.intent ?? state.target };
  const target = next.target;
  let venueDown: string | null = null;

  const finish = (x: {
    action: Decision['action'];
    reason: string;
    blockedBy?: string | null;
    qty?: Decimal | null;
    desired?: Decimal | null;
    orderId?: string | null;
    sent?: boolean;
    shadowFill?: ShadowFill | null;
  }): DecideOutcome => {
    const decision = d.record(
      {
        botId: config.id,
        botVersion: config.version,
        symbol,
        barTime,
        at,
        mode: config.mode,
        action: x.action,
        target: target
          ? { units: target.units, qty: x.desired ? decStr(x.desired) : null, orderType: target.orderType, price: target.price }
          : null,
        position: decStr(before),
        qty: x.qty ? decStr(x.qty) : null,
        reason: x.reason,
        gates,
        blockedBy: x.blockedBy ?? null,
        orderId: x.orderId ?? null,
        sent: x.sent ?? false,
      },
      next,
      x.shadowFill ?? null,
    );
    return { decision, state: next, venueDown };
  };
  const gate = (name: string, passed: boolean, detail: string) => gates.push({ gate: name, passed, detail });

  // --- signal ------------------------------------------------------------------------
  if (!target) {
    const quiet = [...result.gates].reverse().find((g) => !g.passed);
    const detail = `No target yet: the strategy has not signalled${quiet ? ` (${quiet.gate}: ${quiet.detail})` : ''}`;
    gate('signal', false, detail);
    return finish({ action: 'hold', reason: detail });
  }
  const signal = result.intent ? result.intent.reason : `Standing target ${units(target.units)} (${target.reason})`;
  let desired = ZERO;
  if (target.units !== 0) {
    if (!p.unit || !p.rules) {
      gate('signal', true, signal);
      const detail = `Cannot size the target: ${p.sizingError ?? 'no unit size'}`;
      gate('sizing', false, detail);
      return finish({ action: 'hold', reason: detail, blockedBy: 'sizing' });
    }
    desired = p.unit.qty.times(Math.abs(target.units)).div(p.rules.lotSize).floor().times(p.rules.lotSize);
    if (target.units < 0) desired = desired.neg();
  }
  const lot = p.rules?.lotSize ?? new Decimal(1);
  let position = before;
  let delta = desired.minus(position);

  // --- an order already working -------------------------------------------------------
  if (working.length) {
    if (sameIntent(state.orderTarget, target)) {
      gate('signal', true, signal);
      const detail = `Order ${working.map((o) => o.id).join(', ')} for this target is still working (${working[0]!.status.toLowerCase()})`;
      gate('working_order', false, detail);
      return finish({ action: 'hold', reason: detail, blockedBy: 'working_order', desired });
    }
    // The target changed: the order for the old one goes before the new one is placed.
    const failed: string[] = [];
    for (const o of working) {
      await d.cancel(o.id, `bot:${config.id}`).catch((err: unknown) => failed.push(`${o.id} (${messageOf(err)})`));
    }
    if (failed.length) {
      gate('signal', true, signal);
      const detail = `The target changed, but ${failed.join(', ')} could not be cancelled: nothing more is sent until it ends`;
      gate('replace', false, detail);
      return finish({ action: 'hold', reason: detail, blockedBy: 'working_order', desired });
    }
    gate('replace', true, `Cancelled ${working.map((o) => o.id).join(', ')}: the target changed`);
    // What filled before the cancel counts: the position is read again.
    position = d.books.position(owner, symbol);
    delta = desired.minus(position);
  }

  // Drift of less than a tenth of a unit (a pct-of-equity unit moves with equity and price) is not traded.
  const band = Decimal.max(lot, p.unit ? p.unit.qty.div(10) : ZERO);
  const qty = delta.abs().div(lot).floor().times(lot);
  if (delta.abs().lt(band) || qty.isZero()) {
    gate('signal', true, signal);
    const detail = `At target: position ${decStr(position)}, target ${units(target.units)} = ${decStr(desired)}`;
    gate('target', true, detail);
    return finish({ action: 'hold', reason: detail, desired });
  }
  gate('signal', true, signal);
  const side: 'buy' | 'sell' = delta.isPositive() ? 'buy' : 'sell';
  delta = side === 'buy' ? qty : qty.neg();
  const reduces = !position.isZero() && delta.isPositive() !== position.isPositive() && qty.lte(position.abs());
  const blocked = (name: string, detail: string) => {
    gate(name, false, detail);
    return finish({ action: side, reason: detail, blockedBy: name, qty, desired });
  };

  // --- the bot's own gates --------------------------------------------------------------
  if (input.newerBarWaiting) return blocked('fresh', 'A newer bar is already waiting: no order on a stale bar');
  if (!reduces && config.cooldownBars > 0 && state.lastOrderBar !== null) {
    const since = Math.floor((barTime - state.lastOrderBar) / (TIMEFRAME_SECONDS[config.timeframe] * 1000));
    if (since < config.cooldownBars) {
      return blocked('cooldown', `${since} bar${since === 1 ? '' : 's'} since the last order on ${symbol}: the cooldown is ${config.cooldownBars}`);
    }
    gate('cooldown', true, `${since} bars since the last order`);
  }
  if (config.maxOpenPositions !== null && position.isZero()) {
    // Positions held, and positions on their way (an order still working), count alike.
    const held = new Set(d.books.held(owner).keys());
    for (const o of d.openOrders(config.accountId)) if (o.owner === `bot:${config.id}`) held.add(o.symbol);
    held.delete(symbol);
    if (held.size >= config.maxOpenPositions) {
      return blocked('open_positions', `Already holding ${held.size} symbol${held.size === 1 ? '' : 's'} (${[...held].sort().join(', ')}): the limit is ${config.maxOpenPositions}`);
    }
    gate('open_positions', true, `${held.size} of ${config.maxOpenPositions} positions open`);
  }
  if (config.tradingHours && !reduces) {
    const window = describeTradingHours(config.tradingHours);
    if (!insideTradingHours(at, config.tradingHours)) return blocked('trading_hours', `Outside the bot's trading hours (${window})`);
    gate('trading_hours', true, `Inside ${window}`);
  }
  gate('sizing', true, `${side === 'buy' ? 'Buy' : 'Sell'} ${decStr(qty)}: from ${decStr(position)} to ${decStr(desired)} (${units(target.units)} x ${p.unit ? decStr(p.unit.qty) : '?'} per unit)`);

  // --- the order and the risk engine ----------------------------------------------------
  const caps = d.capabilities(config.accountId);
  const req: OrderRequest & { accountId: string } = {
    accountId: config.accountId,
    symbol,
    side,
    type: target.orderType,
    tif: tifFor(target.orderType, caps),
    qty: decStr(qty),
  };
  if (target.orderType === 'limit') req.limitPrice = decStr(restingPrice(target, side, p.rules!.tickSize));
  if (target.orderType === 'stop') req.stopPrice = decStr(restingPrice(target, side, p.rules!.tickSize));
  let valid: ValidOrder;
  try {
    if (caps) checkCapabilities(req, caps, config.accountId);
    valid = validateOrder(req, p.rules, d.lastPrice(config.accountId, symbol) ?? p.price);
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    return blocked('order', err.message);
  }
  gate('order', true, `${target.orderType} ${side} ${decStr(qty)} ${symbol} is a valid order`);
  const denial = d.evaluateRisk({ ...valid, accountId: config.accountId, owner: `bot:${config.id}` });
  if (denial) return blocked(`risk:${denial.check}`, denial.reason);
  gate('risk', true, 'Every risk check passed');

  // --- shadow or send -------------------------------------------------------------------
  next.lastOrderBar = barTime;
  next.orderTarget = target;
  if (config.mode === 'shadow') {
    const price = valid.limitPrice ?? valid.stopPrice ?? p.price;
    gate('shadow', true, `Not sent (shadow mode); assumed filled at ${decStr(price)}`);
    return finish({
      action: side,
      reason: signal,
      qty,
      desired,
      shadowFill: { symbol, side, qty: decStr(qty), price: decStr(price), at },
    });
  }
  let order: Order;
  try {
    order = await d.submit(req, { owner: { kind: 'bot', botId: config.id }, actor: `bot:${config.id}` });
  } catch (err) {
    next.lastOrderBar = state.lastOrderBar;
    next.orderTarget = state.orderTarget;
    if (!(err instanceof ApiError)) {
      gate('sent', false, `The engine failed to send the order: ${messageOf(err)}`);
      finish({ action: side, reason: messageOf(err), blockedBy: 'sent', qty, desired });
      throw err;
    }
    if (err.code === 'DENIED') return blocked('risk', err.message);
    if (err.code === 'INVALID_ORDER') return blocked('order', err.message);
    if (err.code === 'UNAVAILABLE' || err.code === 'RATE_LIMITED') venueDown = err.message;
    return blocked('venue', err.message);
  }
  gate('sent', true, `Order ${order.id} sent (${order.status.toLowerCase()})`);
  return finish({ action: side, reason: signal, qty, desired, orderId: order.id, sent: true });
}
