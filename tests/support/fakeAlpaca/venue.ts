import { randomUUID } from 'node:crypto';
import { Decimal, ZERO, dec, decStr } from '../../../electron/core/domain/decimal';
import type { FakeAsset } from './assets';

/**
 * The trading state of the fake Alpaca: orders, executions, positions and cash, with
 * Alpaca's matching behaviour for what the adapter uses. HTTP and the stream live in
 * their own modules; this one knows nothing of either and reports order events to a
 * listener, as Alpaca's trade_updates would carry them.
 */

export type FakeOrderStatus =
  | 'new'
  | 'partially_filled'
  | 'filled'
  | 'canceled'
  | 'expired'
  | 'replaced'
  | 'pending_new'
  | 'accepted'
  | 'rejected'
  | 'held';
export type FakeOrderType = 'market' | 'limit' | 'stop' | 'stop_limit' | 'trailing_stop';
export type FakeTif = 'day' | 'gtc' | 'opg' | 'cls' | 'ioc' | 'fok';
export type FakeOrderClass = '' | 'simple' | 'bracket' | 'oco' | 'oto';
export type FakeSide = 'buy' | 'sell';

export interface FakeOrder {
  id: string;
  clientOrderId: string;
  asset: FakeAsset;
  side: FakeSide;
  type: FakeOrderType;
  tif: FakeTif;
  qty: Decimal;
  limitPrice: Decimal | null;
  stopPrice: Decimal | null;
  trailPrice: Decimal | null;
  trailPercent: Decimal | null;
  hwm: Decimal | null;
  orderClass: FakeOrderClass;
  status: FakeOrderStatus;
  filledQty: Decimal;
  filledNotional: Decimal;
  extendedHours: boolean;
  triggered: boolean;
  createdAt: number;
  updatedAt: number;
  submittedAt: number;
  filledAt: number | null;
  canceledAt: number | null;
  expiredAt: number | null;
  failedAt: number | null;
  replacedAt: number | null;
  replacedBy: string | null;
  replaces: string | null;
  parentId: string | null;
  legIds: string[];
  /** One-cancels-other partner(s): filling this order cancels them. */
  ocoWith: string[];
  /** A replacement of this order is on its way to the market (see deferNextReplace). */
  pendingReplacement: string | null;
  /** A replacement that has not reached the market yet: it cannot execute. */
  awaitingMarket: boolean;
}

export interface FakeExecution {
  executionId: string;
  activityId: string;
  orderId: string;
  clientOrderId: string;
  symbol: string;
  side: FakeSide;
  qty: Decimal;
  price: Decimal;
  at: number;
  cumQty: Decimal;
  leavesQty: Decimal;
  orderStatus: FakeOrderStatus;
  type: 'fill' | 'partial_fill';
}

export interface FakePosition {
  asset: FakeAsset;
  qty: Decimal;
  costBasis: Decimal;
}

export type TradeEvent = 'new' | 'fill' | 'partial_fill' | 'canceled' | 'expired' | 'rejected' | 'replaced';

export interface TradeEventData {
  event: TradeEvent;
  order: FakeOrder;
  at: number;
  execution?: FakeExecution;
  positionQty?: Decimal;
}

/** An order Alpaca refuses at the API: the HTTP status and Alpaca's error envelope. */
export class AlpacaRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: number | undefined,
    message: string,
    readonly extra: Record<string, string> = {},
  ) {
    super(message);
  }
}

export interface NewOrderInput {
  symbol: string;
  qty: Decimal | null;
  side: FakeSide;
  type: FakeOrderType;
  tif: FakeTif;
  limitPrice: Decimal | null;
  stopPrice: Decimal | null;
  trailPrice: Decimal | null;
  trailPercent: Decimal | null;
  clientOrderId: string | null;
  orderClass: FakeOrderClass;
  takeProfit: { limitPrice: Decimal } | null;
  stopLoss: { stopPrice: Decimal; limitPrice: Decimal | null } | null;
  extendedHours: boolean;
}

export interface ReplaceInput {
  qty: Decimal | null;
  limitPrice: Decimal | null;
  stopPrice: Decimal | null;
  trail: Decimal | null;
  tif: FakeTif | null;
  clientOrderId: string | null;
}

const OPEN: ReadonlySet<FakeOrderStatus> = new Set(['new', 'partially_filled', 'pending_new', 'accepted', 'held']);
const CRYPTO_TIF: ReadonlySet<FakeTif> = new Set(['gtc', 'ioc']);
const ONE = new Decimal(1);
const HUNDRED = new Decimal(100);

export function isOpen(o: FakeOrder): boolean {
  return OPEN.has(o.status);
}

export function remaining(o: FakeOrder): Decimal {
  return o.qty.minus(o.filledQty);
}

/** Alpaca's activity ids: "<UTC yyyymmddhhmmssSSS>::<execution id>". */
function activityId(at: number, executionId: string): string {
  return `${new Date(at).toISOString().replace(/[-:TZ.]/g, '')}::${executionId}`;
}

function decimalsOf(d: Decimal): number {
  return d.decimalPlaces();
}

export class FakeVenue {
  readonly orders = new Map<string, FakeOrder>();
  readonly executions: FakeExecution[] = [];
  readonly positions = new Map<string, FakePosition>();
  readonly prices = new Map<string, Decimal>();
  private readonly clientIds = new Set<string>();
  private deferredReplaces = 0;
  cash: Decimal;

  constructor(
    readonly assets: FakeAsset[],
    startingCash: Decimal,
    private readonly onEvent: (e: TradeEventData) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.cash = startingCash;
  }

  asset(symbolOrId: string): FakeAsset | undefined {
    const compact = symbolOrId.replace('/', '');
    return this.assets.find((a) => a.symbol === symbolOrId || a.id === symbolOrId || a.symbol.replace('/', '') === compact);
  }

  orderByClientId(clientOrderId: string): FakeOrder | undefined {
    return [...this.orders.values()].find((o) => o.clientOrderId === clientOrderId);
  }

  // ---- orders -----------------------------------------------------------------

  submit(request: NewOrderInput): FakeOrder {
    // An OCO order is a take-profit limit with a stop-loss leg: its limit price is the take-profit's.
    const input = request.orderClass === 'oco' && request.limitPrice === null && request.takeProfit ? { ...request, limitPrice: request.takeProfit.limitPrice } : request;
    const asset = this.validate(input);
    const now = this.now();
    const parent = this.newOrder(input, asset, now, input.clientOrderId ?? randomUUID(), input.orderClass);
    if (input.orderClass === 'bracket' || input.orderClass === 'oto' || input.orderClass === 'oco') this.attachLegs(parent, input, now);
    this.onEvent({ event: 'new', order: parent, at: now });
    // Like Alpaca, the order is acknowledged first and executes a moment later.
    setImmediate(() => this.matchAll(parent.asset.symbol, { submitting: parent.id }));
    return parent;
  }

  cancel(orderId: string): void {
    const o = this.orders.get(orderId);
    if (!o) throw new AlpacaRefusal(404, 40410000, 'order not found');
    if (!isOpen(o)) throw new AlpacaRefusal(422, 42210000, `order is already in "${o.status}" state`);
    this.finish(o, 'canceled');
  }

  /**
   * The next replace is answered, but its replacement has not reached the market yet: the
   * old order keeps working, and if it fills first the replacement is rejected, as Alpaca
   * documents ("a success return code from a replaced order does NOT guarantee the existing
   * open order has been replaced").
   */
  deferNextReplace(): void {
    this.deferredReplaces++;
  }

  replace(orderId: string, change: ReplaceInput): FakeOrder {
    const old = this.orders.get(orderId);
    if (!old) throw new AlpacaRefusal(404, 40410000, 'order not found');
    if (!isOpen(old) || old.status === 'held') throw new AlpacaRefusal(422, 42210000, `order is not replaceable in "${old.status}" state`);
    const clientOrderId = change.clientOrderId ?? randomUUID();
    if (this.clientIds.has(clientOrderId)) throw new AlpacaRefusal(422, 40010001, 'client_order_id must be unique');
    const now = this.now();
    const input: NewOrderInput = {
      symbol: old.asset.symbol,
      qty: change.qty ?? remaining(old),
      side: old.side,
      type: old.type,
      tif: change.tif ?? old.tif,
      limitPrice: change.limitPrice ?? old.limitPrice,
      stopPrice: change.stopPrice ?? old.stopPrice,
      trailPrice: old.trailPrice !== null ? (change.trail ?? old.trailPrice) : null,
      trailPercent: old.trailPercent !== null ? (change.trail ?? old.trailPercent) : null,
      clientOrderId,
      orderClass: old.orderClass,
      takeProfit: null,
      stopLoss: null,
      extendedHours: old.extendedHours,
    };
    this.validateOrderFields(input, old.asset);
    const next = this.newOrder(input, old.asset, now, clientOrderId, old.orderClass === 'bracket' || old.orderClass === 'oto' ? '' : old.orderClass);
    next.replaces = old.id;
    if (this.deferredReplaces > 0) {
      this.deferredReplaces--;
      next.status = 'pending_new';
      next.awaitingMarket = true;
      old.pendingReplacement = next.id;
      return next;
    }
    old.status = 'replaced';
    old.replacedAt = now;
    old.replacedBy = next.id;
    old.updatedAt = now;
    this.onEvent({ event: 'replaced', order: old, at: now });
    this.onEvent({ event: 'new', order: next, at: now });
    this.matchAll(next.asset.symbol, {});
    return next;
  }

  expire(orderId: string): void {
    const o = this.mustFind(orderId);
    if (isOpen(o)) this.finish(o, 'expired');
  }

  /** Fills by hand: the whole remainder at the last price unless told otherwise. */
  fillByHand(orderIdOrClientId: string, qty?: Decimal, price?: Decimal): FakeExecution {
    const o = this.orders.get(orderIdOrClientId) ?? this.orderByClientId(orderIdOrClientId);
    if (!o || !isOpen(o) || o.status === 'held' || o.awaitingMarket) throw new Error(`fake alpaca: order ${orderIdOrClientId} cannot fill (${o?.status ?? 'unknown'})`);
    const p = price ?? o.limitPrice ?? this.prices.get(o.asset.symbol);
    if (!p) throw new Error(`fake alpaca: no price to fill ${o.asset.symbol} at`);
    return this.execute(o, Decimal.min(qty ?? remaining(o), remaining(o)), p);
  }

  setPrice(symbol: string, price: Decimal): void {
    const asset = this.asset(symbol);
    if (!asset) throw new Error(`fake alpaca: unknown symbol ${symbol}`);
    this.prices.set(asset.symbol, price);
    this.matchAll(asset.symbol, {});
  }

  // ---- account ----------------------------------------------------------------

  /** Cash not already promised to open buy orders. */
  buyingPower(): Decimal {
    let reserved = ZERO;
    for (const o of this.orders.values()) {
      if (!isOpen(o) || o.side !== 'buy' || o.status === 'held') continue;
      const p = o.limitPrice ?? o.stopPrice ?? this.prices.get(o.asset.symbol) ?? ZERO;
      reserved = reserved.plus(remaining(o).times(p));
    }
    return Decimal.max(ZERO, this.cash.minus(reserved));
  }

  equity(): Decimal {
    let value = this.cash;
    for (const p of this.positions.values()) value = value.plus(p.qty.times(this.prices.get(p.asset.symbol) ?? p.costBasis.div(p.qty.isZero() ? ONE : p.qty)));
    return value;
  }

  // ---- internals --------------------------------------------------------------

  private mustFind(orderId: string): FakeOrder {
    const o = this.orders.get(orderId) ?? this.orderByClientId(orderId);
    if (!o) throw new Error(`fake alpaca: no order ${orderId}`);
    return o;
  }

  private newOrder(input: NewOrderInput, asset: FakeAsset, now: number, clientOrderId: string, orderClass: FakeOrderClass): FakeOrder {
    const o: FakeOrder = {
      id: randomUUID(),
      clientOrderId,
      asset,
      side: input.side,
      type: input.type,
      tif: input.tif,
      qty: input.qty ?? ZERO,
      limitPrice: input.limitPrice,
      stopPrice: input.stopPrice,
      trailPrice: input.trailPrice,
      trailPercent: input.trailPercent,
      hwm: null,
      orderClass,
      status: 'new',
      filledQty: ZERO,
      filledNotional: ZERO,
      extendedHours: input.extendedHours,
      triggered: false,
      createdAt: now,
      updatedAt: now,
      submittedAt: now,
      filledAt: null,
      canceledAt: null,
      expiredAt: null,
      failedAt: null,
      replacedAt: null,
      replacedBy: null,
      replaces: null,
      parentId: null,
      legIds: [],
      ocoWith: [],
      pendingReplacement: null,
      awaitingMarket: false,
    };
    if (o.type === 'trailing_stop') this.updateTrail(o, this.prices.get(asset.symbol) ?? null);
    this.orders.set(o.id, o);
    this.clientIds.add(clientOrderId);
    return o;
  }

  /** Bracket: entry + take-profit + stop-loss (exits held until the entry fills, then OCO). */
  private attachLegs(parent: FakeOrder, input: NewOrderInput, now: number): void {
    const exitSide: FakeSide = input.side === 'buy' ? 'sell' : 'buy';
    const leg = (type: FakeOrderType, limitPrice: Decimal | null, stopPrice: Decimal | null, side: FakeSide): FakeOrder => {
      const o = this.newOrder(
        { ...input, type, side, limitPrice, stopPrice, trailPrice: null, trailPercent: null, clientOrderId: null, orderClass: input.orderClass },
        parent.asset,
        now,
        randomUUID(),
        input.orderClass,
      );
      o.parentId = parent.id;
      o.status = input.orderClass === 'oco' ? 'new' : 'held';
      parent.legIds.push(o.id);
      return o;
    };
    const stopType = (sl: NonNullable<NewOrderInput['stopLoss']>): FakeOrderType => (sl.limitPrice ? 'stop_limit' : 'stop');
    if (input.orderClass === 'oco') {
      // The parent is the take-profit limit; the one leg is the stop-loss; either cancels the other.
      const sl = input.stopLoss!;
      const stop = leg(stopType(sl), sl.limitPrice, sl.stopPrice, input.side);
      parent.ocoWith.push(stop.id);
      stop.ocoWith.push(parent.id);
      return;
    }
    const legs: FakeOrder[] = [];
    if (input.takeProfit) legs.push(leg('limit', input.takeProfit.limitPrice, null, exitSide));
    if (input.stopLoss) legs.push(leg(stopType(input.stopLoss), input.stopLoss.limitPrice, input.stopLoss.stopPrice, exitSide));
    for (const a of legs) for (const b of legs) if (a !== b) a.ocoWith.push(b.id);
  }

  private validate(input: NewOrderInput): FakeAsset {
    if (input.clientOrderId !== null) {
      if (input.clientOrderId.length > 128) throw new AlpacaRefusal(422, 40010001, 'client_order_id must be no more than 128 characters');
      // Alpaca never accepts an id twice, even once the first order is cancelled.
      if (this.clientIds.has(input.clientOrderId)) throw new AlpacaRefusal(422, 40010001, 'client_order_id must be unique');
    }
    const asset = this.asset(input.symbol);
    if (!asset) throw new AlpacaRefusal(422, 40010001, `asset "${input.symbol}" not found`);
    if (!asset.tradable || asset.status !== 'active') throw new AlpacaRefusal(422, 42210000, `asset ${asset.symbol} is not tradable`);
    this.validateOrderFields(input, asset);
    this.validateClass(input);
    this.checkFunds(input, asset);
    return asset;
  }

  private validateOrderFields(input: NewOrderInput, asset: FakeAsset): void {
    const qty = input.qty;
    if (qty === null || qty.lte(0)) throw new AlpacaRefusal(422, 40010001, 'qty must be > 0');
    const crypto = asset.class === 'crypto';
    if (crypto) {
      if (!CRYPTO_TIF.has(input.tif)) throw new AlpacaRefusal(422, 42210000, 'invalid crypto time_in_force');
      if (asset.min_order_size && qty.lt(asset.min_order_size)) throw new AlpacaRefusal(422, 40010001, `qty must be >= ${asset.min_order_size}`);
      if (asset.min_trade_increment && !qty.mod(asset.min_trade_increment).isZero()) {
        throw new AlpacaRefusal(422, 40010001, `qty must be a multiple of ${asset.min_trade_increment}`);
      }
    } else if (!qty.isInteger()) {
      if (!asset.fractionable) throw new AlpacaRefusal(422, 40010001, `asset ${asset.symbol} is not fractionable`);
      if (input.tif !== 'day') throw new AlpacaRefusal(422, 40010001, 'fractional orders must be DAY orders');
      if (input.type !== 'market' && input.type !== 'limit') throw new AlpacaRefusal(422, 40010001, 'fractional orders must be market or limit orders');
    }
    const needsLimit = input.type === 'limit' || input.type === 'stop_limit';
    const needsStop = input.type === 'stop' || input.type === 'stop_limit';
    if (needsLimit && !input.limitPrice) throw new AlpacaRefusal(422, 40010001, 'limit_price is required');
    if (needsStop && !input.stopPrice) throw new AlpacaRefusal(422, 40010001, 'stop_price is required');
    if (input.type === 'trailing_stop' && !input.trailPrice && !input.trailPercent) {
      throw new AlpacaRefusal(422, 40010001, 'trail_price or trail_percent is required');
    }
    if (input.type === 'market' && input.limitPrice) throw new AlpacaRefusal(422, 40010001, 'limit_price must not be given for market orders');
    for (const [name, price] of [
      ['limit_price', input.limitPrice],
      ['stop_price', input.stopPrice],
    ] as const) {
      if (price === null) continue;
      if (price.lte(0)) throw new AlpacaRefusal(422, 40010001, `${name} must be > 0`);
      const maxDecimals = crypto ? decimalsOf(dec(asset.price_increment ?? '0.01')) : price.gte(ONE) ? 2 : 4;
      if (decimalsOf(price) > maxDecimals) {
        throw new AlpacaRefusal(422, 42210000, `invalid ${name} ${decStr(price)}. sub-penny increment does not fulfill minimum pricing criteria`);
      }
    }
  }

  private validateClass(input: NewOrderInput): void {
    const cls = input.orderClass;
    if (cls === '' || cls === 'simple') return;
    if (cls === 'bracket') {
      if (!input.takeProfit || !input.stopLoss) throw new AlpacaRefusal(422, 40010001, 'bracket orders must have both take_profit and stop_loss');
      if (input.tif !== 'day' && input.tif !== 'gtc') throw new AlpacaRefusal(422, 40010001, 'bracket orders must be day or gtc');
      const tp = input.takeProfit.limitPrice;
      const sl = input.stopLoss.stopPrice;
      const ok = input.side === 'buy' ? tp.gt(sl) : tp.lt(sl);
      if (!ok) throw new AlpacaRefusal(422, 40010001, 'take_profit.limit_price must be on the profit side of stop_loss.stop_price');
    } else if (cls === 'oco') {
      if (input.type !== 'limit' || !input.takeProfit || !input.stopLoss) {
        throw new AlpacaRefusal(422, 40010001, 'oco orders must be limit orders with take_profit and stop_loss');
      }
    } else if (cls === 'oto') {
      if (Number(Boolean(input.takeProfit)) + Number(Boolean(input.stopLoss)) !== 1) {
        throw new AlpacaRefusal(422, 40010001, 'oto orders must have exactly one of take_profit or stop_loss');
      }
    }
  }

  private checkFunds(input: NewOrderInput, asset: FakeAsset): void {
    const qty = input.qty ?? ZERO;
    if (input.side === 'sell') {
      if (input.orderClass === 'oco') return; // an exit for a position already held
      const held = this.positions.get(asset.symbol)?.qty ?? ZERO;
      let offered = ZERO;
      for (const o of this.orders.values()) if (isOpen(o) && o.side === 'sell' && o.asset === asset && o.status !== 'held') offered = offered.plus(remaining(o));
      const available = Decimal.max(ZERO, held.minus(offered));
      if (qty.gt(available) && (!asset.shortable || asset.class === 'crypto' || !qty.isInteger())) {
        throw new AlpacaRefusal(403, 40310000, `insufficient qty available for order (requested: ${decStr(qty)}, available: ${decStr(available)})`);
      }
      return;
    }
    const price = input.limitPrice ?? input.stopPrice ?? this.prices.get(asset.symbol) ?? null;
    if (price === null) return; // no quote to price it against: Alpaca would use its own quote
    const cost = qty.times(price);
    const power = this.buyingPower();
    if (cost.gt(power)) {
      throw new AlpacaRefusal(403, 40310000, 'insufficient buying power', { buying_power: decStr(power), cost_basis: decStr(cost) });
    }
  }

  private matchAll(symbol: string, ctx: { submitting?: string }): void {
    const price = this.prices.get(symbol) ?? null;
    // Orders in submission order; a fill can activate legs, which may match the same price.
    for (let pass = 0; pass < 3; pass++) {
      let changed = false;
      for (const o of this.orders.values()) {
        if (o.asset.symbol !== symbol || !isOpen(o) || o.status === 'held' || o.awaitingMarket) continue;
        if (this.matchOne(o, price, ctx.submitting === o.id)) changed = true;
      }
      if (!changed) break;
    }
  }

  private matchOne(o: FakeOrder, price: Decimal | null, submitting: boolean): boolean {
    const atOnce = o.tif === 'ioc' || o.tif === 'fok';
    if (o.tif === 'opg' || o.tif === 'cls') return false; // auction orders wait for the auction (fill by hand)
    if (price === null) {
      if (!(atOnce && submitting)) return false;
      this.finish(o, 'canceled');
      return true;
    }
    const fillPrice = this.fillPriceFor(o, price);
    if (fillPrice === null) {
      if (atOnce && submitting) {
        this.finish(o, 'canceled');
        return true;
      }
      return false;
    }
    this.execute(o, remaining(o), fillPrice);
    return true;
  }

  private fillPriceFor(o: FakeOrder, price: Decimal): Decimal | null {
    const buy = o.side === 'buy';
    if (o.type === 'trailing_stop') this.updateTrail(o, price);
    if ((o.type === 'stop' || o.type === 'stop_limit' || o.type === 'trailing_stop') && !o.triggered) {
      const stop = o.stopPrice!;
      if (!(buy ? price.gte(stop) : price.lte(stop))) return null;
      o.triggered = true;
    }
    if (o.type === 'limit' || o.type === 'stop_limit') {
      const limit = o.limitPrice!;
      if (!(buy ? price.lte(limit) : price.gte(limit))) return null;
      return buy ? Decimal.min(limit, price) : Decimal.max(limit, price);
    }
    return price;
  }

  /** The trailing stop follows the best price seen: the high-water mark minus the trail. */
  private updateTrail(o: FakeOrder, price: Decimal | null): void {
    if (price === null) return;
    const buy = o.side === 'buy';
    o.hwm = o.hwm === null ? price : buy ? Decimal.min(o.hwm, price) : Decimal.max(o.hwm, price);
    const distance = o.trailPrice ?? o.hwm.times(o.trailPercent ?? ZERO).div(HUNDRED);
    o.stopPrice = buy ? o.hwm.plus(distance) : o.hwm.minus(distance);
  }

  private execute(o: FakeOrder, qty: Decimal, price: Decimal): FakeExecution {
    const now = this.now();
    o.filledQty = o.filledQty.plus(qty);
    o.filledNotional = o.filledNotional.plus(qty.times(price));
    o.status = remaining(o).isZero() ? 'filled' : 'partially_filled';
    o.updatedAt = now;
    if (o.status === 'filled') o.filledAt = now;
    const signed = o.side === 'buy' ? qty : qty.neg();
    this.cash = this.cash.minus(signed.times(price));
    const pos = this.positions.get(o.asset.symbol) ?? { asset: o.asset, qty: ZERO, costBasis: ZERO };
    const nextQty = pos.qty.plus(signed);
    // Average entry price holds while a position shrinks; it resets when it flips or opens.
    if (pos.qty.isZero() || pos.qty.isNegative() !== nextQty.isNegative() || nextQty.isZero()) {
      pos.costBasis = nextQty.abs().times(price);
    } else if (nextQty.abs().gt(pos.qty.abs())) {
      pos.costBasis = pos.costBasis.plus(qty.times(price));
    } else {
      pos.costBasis = pos.costBasis.times(nextQty.abs()).div(pos.qty.abs());
    }
    pos.qty = nextQty;
    if (pos.qty.isZero()) this.positions.delete(o.asset.symbol);
    else this.positions.set(o.asset.symbol, pos);
    const executionId = randomUUID();
    const execution: FakeExecution = {
      executionId,
      activityId: activityId(now, executionId),
      orderId: o.id,
      clientOrderId: o.clientOrderId,
      symbol: o.asset.symbol,
      side: o.side,
      qty,
      price,
      at: now,
      cumQty: o.filledQty,
      leavesQty: remaining(o),
      orderStatus: o.status,
      type: o.status === 'filled' ? 'fill' : 'partial_fill',
    };
    this.executions.push(execution);
    this.onEvent({ event: execution.type, order: o, at: now, execution, positionQty: pos.qty });
    if (o.status === 'filled') this.afterFilled(o);
    return execution;
  }

  private afterFilled(o: FakeOrder): void {
    const replacement = o.pendingReplacement === null ? undefined : this.orders.get(o.pendingReplacement);
    if (replacement?.awaitingMarket) {
      // Filled before its replacement reached the market: the replacement is rejected.
      o.pendingReplacement = null;
      replacement.awaitingMarket = false;
      replacement.status = 'rejected';
      replacement.failedAt = replacement.updatedAt = this.now();
      this.onEvent({ event: 'rejected', order: replacement, at: replacement.updatedAt });
    }
    for (const id of o.ocoWith) {
      const other = this.orders.get(id);
      if (other && isOpen(other)) this.finish(other, 'canceled');
    }
    for (const id of o.legIds) {
      const leg = this.orders.get(id);
      if (leg && leg.status === 'held') {
        leg.status = 'new';
        leg.updatedAt = this.now();
        this.onEvent({ event: 'new', order: leg, at: leg.updatedAt });
      }
    }
  }

  private finish(o: FakeOrder, status: 'canceled' | 'expired'): void {
    const now = this.now();
    o.status = status;
    o.updatedAt = now;
    if (status === 'canceled') o.canceledAt = now;
    else o.expiredAt = now;
    this.onEvent({ event: status, order: o, at: now });
    // Cancelling an entry cancels its exits; they can never become active.
    for (const id of o.legIds) {
      const leg = this.orders.get(id);
      if (leg && isOpen(leg)) this.finish(leg, status);
    }
  }
}
