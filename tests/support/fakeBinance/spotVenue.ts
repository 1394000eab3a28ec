import { randomBytes } from 'node:crypto';
import { BinanceError, binanceErrors as E } from './errors';
import {
  D,
  ZERO,
  isOpen,
  type BinanceOrderStatus,
  type BinanceOrderType,
  type BinanceSide,
  type BinanceTimeInForce,
  type FakeOrder,
  type FakeTrade,
} from './wire';

/** One symbol's trading rules, read from an exchangeInfo payload. */
export interface SymbolRules {
  symbol: string;
  status: string;
  baseAsset: string;
  quoteAsset: string;
  baseAssetPrecision: number;
  quotePrecision: number;
  orderTypes: string[];
  minPrice: D;
  maxPrice: D;
  tickSize: D;
  minQty: D;
  maxQty: D;
  stepSize: D;
  minNotional: D;
  maxNotional: D;
  applyMinToMarket: boolean;
}

export interface Balance {
  free: D;
  locked: D;
}

/** How commission is charged: Binance's default takes it from the asset received; with BNB discounts it is paid in BNB. */
export interface CommissionSetting {
  rate: D;
  /** 'received' (Binance's default) or a fixed asset such as 'BNB', priced through its <asset><quote> last price. */
  asset: 'received' | string;
}

const CLIENT_ID = /^[a-zA-Z0-9-_]{1,36}$/;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The fake's books and matching. Not an order book: the "market" is a last price the test
 * sets, with an optional quantity available at that price (so partial fills can happen).
 * Market orders trade at the last price; resting limit orders trade at their limit when the
 * price reaches them; stops start working when their stop price trades. Balances are locked
 * for resting orders and settled per fill, as on a cash (spot) account.
 */
export class SpotVenue {
  readonly rules = new Map<string, SymbolRules>();
  readonly balances = new Map<string, Balance>();
  readonly orders: FakeOrder[] = [];
  readonly trades: FakeTrade[] = [];
  private readonly lastPrice = new Map<string, D>();
  /** Quantity still tradable at the last price; absent = unlimited. */
  private readonly available = new Map<string, D>();
  private nextOrderId = 3_100_000_001;
  private nextTradeId = 480_000_001;
  commission: CommissionSetting = { rate: new D('0.001'), asset: 'received' };

  constructor(
    readonly exchangeInfo: { symbols: unknown[] },
    private readonly now: () => number,
  ) {
    for (const raw of exchangeInfo.symbols) {
      const r = parseSymbolRules(raw);
      this.rules.set(r.symbol, r);
    }
  }

  // ---- market -----------------------------------------------------------------------------

  price(symbol: string): D | undefined {
    return this.lastPrice.get(symbol);
  }

  setPrice(symbol: string, price: D, available?: D): void {
    if (!this.rules.has(symbol)) throw new Error(`fake Binance: no symbol ${symbol}`);
    this.lastPrice.set(symbol, price);
    if (available === undefined) this.available.delete(symbol);
    else this.available.set(symbol, available);
    for (const o of this.orders) {
      if (o.symbol !== symbol || !isOpen(o)) continue;
      if (!o.isWorking) {
        if (!stopTriggered(o, price)) continue;
        o.isWorking = true;
        o.workingTime = this.now();
        if (o.type === 'STOP_LOSS' || o.type === 'TAKE_PROFIT') {
          this.takeLiquidity(o, price, false);
          if (isOpen(o)) this.finish(o, 'EXPIRED');
          continue;
        }
      }
      if (crosses(o, price)) this.takeLiquidity(o, o.price, true);
    }
  }

  // ---- orders -----------------------------------------------------------------------------

  /** POST /api/v3/order. Throws BinanceError the way Binance would reject it. */
  placeOrder(p: Record<string, string>): { order: FakeOrder; fills: FakeTrade[] } {
    const symbol = required(p, 'symbol');
    const rules = this.rules.get(symbol);
    if (!rules) throw E.invalidSymbol();
    const side = required(p, 'side');
    if (side !== 'BUY' && side !== 'SELL') throw E.invalidSide();
    const type = required(p, 'type') as BinanceOrderType;
    if (!rules.orderTypes.includes(type)) throw E.invalidOrderType();
    if (rules.status !== 'TRADING') throw new BinanceError(400, -1013, 'Market is closed.');
    const clientOrderId = p.newClientOrderId ?? `web_${randomBytes(12).toString('hex')}`;
    if (!CLIENT_ID.test(clientOrderId)) throw E.illegalChars('newClientOrderId');

    const isLimitFamily = type === 'LIMIT' || type === 'STOP_LOSS_LIMIT' || type === 'TAKE_PROFIT_LIMIT';
    let timeInForce: BinanceTimeInForce = 'GTC';
    if (isLimitFamily) {
      const tif = required(p, 'timeInForce');
      if (tif !== 'GTC' && tif !== 'IOC' && tif !== 'FOK') throw E.invalidTimeInForce();
      timeInForce = tif;
    } else if (p.timeInForce !== undefined) {
      throw E.paramNotRequired('timeInForce');
    }
    if (p.quoteOrderQty !== undefined) throw new BinanceError(400, -1106, "Parameter 'quoteOrderQty' is not supported by this fake.");
    const qty = decimalParam(p, 'quantity', rules.baseAssetPrecision);
    const needsPrice = isLimitFamily || type === 'LIMIT_MAKER';
    const needsStop = type.startsWith('STOP_LOSS') || type.startsWith('TAKE_PROFIT');
    const price = needsPrice ? decimalParam(p, 'price', rules.quotePrecision) : ZERO;
    if (!needsPrice && p.price !== undefined) throw E.paramNotRequired('price');
    const stopPrice = needsStop ? decimalParam(p, 'stopPrice', rules.quotePrecision) : ZERO;

    if (qty.lte(0)) throw E.invalidQuantity();
    if (needsPrice) checkPriceFilter(rules, price);
    if (needsStop) checkPriceFilter(rules, stopPrice);
    checkLotSize(rules, qty);
    const last = this.lastPrice.get(symbol);
    const notionalPrice = needsPrice ? price : needsStop ? stopPrice : rules.applyMinToMarket ? last : undefined;
    if (notionalPrice !== undefined) {
      const notional = notionalPrice.times(qty);
      if (notional.lt(rules.minNotional) || notional.gt(rules.maxNotional)) throw E.filterFailure('NOTIONAL');
    }

    // The matching engine's checks: duplicate id among open orders, then funds.
    if (this.orders.some((o) => o.clientOrderId === clientOrderId && isOpen(o))) throw E.duplicateOrder();
    if (type === 'LIMIT_MAKER' && last !== undefined && crossesAt(side, price, last)) {
      throw new BinanceError(400, -2010, 'Order would immediately match and take.');
    }
    if (needsStop && last !== undefined && stopTriggered({ side, type, stopPrice }, last)) {
      throw new BinanceError(400, -2010, 'Stop price would trigger immediately.');
    }
    const reservePrice = needsPrice ? price : needsStop ? stopPrice : last;
    this.checkFunds(rules, side, qty, reservePrice);

    const now = this.now();
    const order: FakeOrder = {
      symbol,
      orderId: this.nextOrderId++,
      clientOrderId,
      side,
      type,
      timeInForce,
      price,
      stopPrice,
      origQty: qty,
      executedQty: ZERO,
      cummulativeQuoteQty: ZERO,
      status: 'NEW',
      isWorking: !needsStop,
      time: now,
      updateTime: now,
      workingTime: now,
      locked: ZERO,
    };
    this.orders.push(order);
    const tradesBefore = this.trades.length;

    if (type === 'MARKET') {
      if (last === undefined) this.finish(order, 'EXPIRED');
      else {
        this.takeLiquidity(order, last, false);
        if (isOpen(order)) this.finish(order, 'EXPIRED');
      }
    } else {
      this.lock(order, rules, reservePrice ?? ZERO);
      if (order.isWorking && last !== undefined && crosses(order, last)) {
        const avail = this.available.get(symbol);
        if (timeInForce === 'FOK' && avail !== undefined && avail.lt(qty)) this.finish(order, 'EXPIRED');
        else this.takeLiquidity(order, last, false);
      }
      if (isOpen(order) && order.isWorking && timeInForce !== 'GTC') this.finish(order, 'EXPIRED');
    }
    return { order, fills: this.trades.slice(tradesBefore) };
  }

  findOrder(symbol: string, orderId?: string, origClientOrderId?: string): FakeOrder | undefined {
    if (orderId !== undefined) return this.orders.find((o) => o.symbol === symbol && String(o.orderId) === orderId);
    if (origClientOrderId !== undefined) {
      // A client id can be reused once its order is closed; Binance answers with the newest.
      return [...this.orders].reverse().find((o) => o.symbol === symbol && o.clientOrderId === origClientOrderId);
    }
    return undefined;
  }

  cancelOrder(o: FakeOrder): void {
    if (!isOpen(o)) throw E.unknownOrderSent();
    this.finish(o, 'CANCELED');
  }

  /** A fill decided by the test (a counterparty arrives): qty defaults to the rest, price to the limit or last price. */
  fill(o: FakeOrder, qty?: D, price?: D): FakeTrade {
    if (!isOpen(o)) throw new Error(`fake Binance: order ${o.orderId} is ${o.status}, it cannot fill`);
    const remaining = o.origQty.minus(o.executedQty);
    const q = qty ?? remaining;
    if (q.lte(0) || q.gt(remaining)) throw new Error(`fake Binance: cannot fill ${q.toFixed()} of order ${o.orderId} (remaining ${remaining.toFixed()})`);
    const p = price ?? (o.price.gt(0) ? o.price : this.lastPrice.get(o.symbol));
    if (!p) throw new Error(`fake Binance: no price to fill order ${o.orderId} at`);
    const isMaker = o.type !== 'MARKET' && o.isWorking;
    return this.execute(o, q, p, isMaker);
  }

  /** The venue ends an order by itself (e.g. self-trade prevention, maintenance). */
  expire(o: FakeOrder): void {
    if (!isOpen(o)) throw new Error(`fake Binance: order ${o.orderId} is already ${o.status}`);
    this.finish(o, 'EXPIRED');
  }

  openOrders(symbol?: string): FakeOrder[] {
    return this.orders.filter((o) => isOpen(o) && (symbol === undefined || o.symbol === symbol));
  }

  allOrders(symbol: string, q: { orderId?: number; startTime?: number; endTime?: number; limit: number }): FakeOrder[] {
    return this.orders
      .filter(
        (o) =>
          o.symbol === symbol &&
          (q.orderId === undefined || o.orderId >= q.orderId) &&
          (q.startTime === undefined || o.time >= q.startTime) &&
          (q.endTime === undefined || o.time <= q.endTime),
      )
      .slice(0, q.limit);
  }

  /**
   * GET /api/v3/myTrades selection, as Binance documents it: with fromId, trades from that id;
   * with a time window, at most 24 hours (startTime alone means startTime + 24h); with
   * neither, the most recent `limit` trades. Always ascending by id.
   */
  myTrades(symbol: string, q: { orderId?: number; fromId?: number; startTime?: number; endTime?: number; limit: number }): FakeTrade[] {
    let from = q.startTime;
    let to = q.endTime;
    if (from !== undefined && to === undefined) to = from + DAY_MS;
    if (to !== undefined && from === undefined) from = to - DAY_MS;
    const selected = this.trades.filter(
      (t) =>
        t.symbol === symbol &&
        (q.orderId === undefined || t.orderId === q.orderId) &&
        (q.fromId === undefined || t.id >= q.fromId) &&
        (from === undefined || t.time >= from) &&
        (to === undefined || t.time <= to),
    );
    const recentOnly = q.fromId === undefined && from === undefined && q.orderId === undefined;
    return recentOnly ? selected.slice(-q.limit) : selected.slice(0, q.limit);
  }

  balance(asset: string): Balance {
    let b = this.balances.get(asset);
    if (!b) {
      b = { free: ZERO, locked: ZERO };
      this.balances.set(asset, b);
    }
    return b;
  }

  // ---- internals ----------------------------------------------------------------------------

  private checkFunds(rules: SymbolRules, side: BinanceSide, qty: D, price: D | undefined): void {
    if (side === 'SELL') {
      if (this.balance(rules.baseAsset).free.lt(qty)) throw E.insufficientBalance();
      return;
    }
    if (price !== undefined && this.balance(rules.quoteAsset).free.lt(qty.times(price))) throw E.insufficientBalance();
  }

  private lock(o: FakeOrder, rules: SymbolRules, price: D): void {
    const asset = o.side === 'BUY' ? rules.quoteAsset : rules.baseAsset;
    const amount = o.side === 'BUY' ? o.origQty.times(price) : o.origQty;
    const b = this.balance(asset);
    b.free = b.free.minus(amount);
    b.locked = b.locked.plus(amount);
    o.locked = amount;
  }

  /** Trades as much of the order as the available quantity allows, at `price`. */
  private takeLiquidity(o: FakeOrder, price: D, isMaker: boolean): void {
    const remaining = o.origQty.minus(o.executedQty);
    const avail = this.available.get(o.symbol);
    const q = avail === undefined ? remaining : D.min(remaining, avail);
    if (q.lte(0)) return;
    if (avail !== undefined) this.available.set(o.symbol, avail.minus(q));
    this.execute(o, q, price, isMaker);
  }

  private execute(o: FakeOrder, qty: D, price: D, isMaker: boolean): FakeTrade {
    const rules = this.rules.get(o.symbol)!;
    const base = this.balance(rules.baseAsset);
    const quote = this.balance(rules.quoteAsset);
    const notional = qty.times(price);
    const { commission, commissionAsset } = this.commissionFor(rules, o.side, qty, notional);
    if (o.side === 'BUY') {
      if (o.locked.gt(0)) {
        const reservedPrice = o.price.gt(0) ? o.price : o.stopPrice;
        const release = D.min(o.locked, qty.times(reservedPrice));
        o.locked = o.locked.minus(release);
        quote.locked = quote.locked.minus(release);
        quote.free = quote.free.plus(release);
      }
      quote.free = quote.free.minus(notional);
      base.free = base.free.plus(qty);
    } else {
      if (o.locked.gt(0)) {
        const release = D.min(o.locked, qty);
        o.locked = o.locked.minus(release);
        base.locked = base.locked.minus(release);
        base.free = base.free.plus(release);
      }
      base.free = base.free.minus(qty);
      quote.free = quote.free.plus(notional);
    }
    const feeBalance = this.balance(commissionAsset);
    feeBalance.free = feeBalance.free.minus(commission);

    const now = this.now();
    o.executedQty = o.executedQty.plus(qty);
    o.cummulativeQuoteQty = o.cummulativeQuoteQty.plus(notional);
    o.updateTime = now;
    o.status = o.executedQty.eq(o.origQty) ? 'FILLED' : 'PARTIALLY_FILLED';
    if (o.status === 'FILLED') this.releaseLock(o);
    const trade: FakeTrade = {
      id: this.nextTradeId++,
      symbol: o.symbol,
      orderId: o.orderId,
      price,
      qty,
      commission,
      commissionAsset,
      time: now,
      isBuyer: o.side === 'BUY',
      isMaker,
    };
    this.trades.push(trade);
    return trade;
  }

  private commissionFor(rules: SymbolRules, side: BinanceSide, qty: D, notional: D): { commission: D; commissionAsset: string } {
    const { rate, asset } = this.commission;
    const round = (v: D) => v.toDecimalPlaces(8, D.ROUND_UP);
    if (asset === 'received') {
      return side === 'BUY'
        ? { commission: round(qty.times(rate)), commissionAsset: rules.baseAsset }
        : { commission: round(notional.times(rate)), commissionAsset: rules.quoteAsset };
    }
    const assetPrice = asset === rules.quoteAsset ? new D(1) : this.lastPrice.get(`${asset}${rules.quoteAsset}`);
    if (!assetPrice) throw new Error(`fake Binance: commission in ${asset} needs a price for ${asset}${rules.quoteAsset}`);
    return { commission: round(notional.times(rate).div(assetPrice)), commissionAsset: asset };
  }

  private finish(o: FakeOrder, status: BinanceOrderStatus): void {
    o.status = status;
    o.updateTime = this.now();
    this.releaseLock(o);
  }

  private releaseLock(o: FakeOrder): void {
    if (o.locked.lte(0)) return;
    const rules = this.rules.get(o.symbol)!;
    const b = this.balance(o.side === 'BUY' ? rules.quoteAsset : rules.baseAsset);
    b.locked = b.locked.minus(o.locked);
    b.free = b.free.plus(o.locked);
    o.locked = ZERO;
  }
}

function crossesAt(side: BinanceSide, limit: D, market: D): boolean {
  return side === 'BUY' ? market.lte(limit) : market.gte(limit);
}

function crosses(o: FakeOrder, market: D): boolean {
  if (o.type === 'MARKET' || o.type === 'STOP_LOSS' || o.type === 'TAKE_PROFIT') return true;
  return crossesAt(o.side, o.price, market);
}

function stopTriggered(o: { side: BinanceSide; type: BinanceOrderType; stopPrice: D }, market: D): boolean {
  const stopLoss = o.type.startsWith('STOP_LOSS');
  // A stop-loss buy triggers on a rise through the stop, a stop-loss sell on a fall; take-profits the other way.
  const rising = (o.side === 'BUY') === stopLoss;
  return rising ? market.gte(o.stopPrice) : market.lte(o.stopPrice);
}

function required(p: Record<string, string>, name: string): string {
  const v = p[name];
  if (v === undefined || v === '') throw E.mandatoryParam(name);
  return v;
}

function decimalParam(p: Record<string, string>, name: string, maxDecimals: number): D {
  const raw = required(p, name);
  if (!/^\d+(\.\d+)?$/.test(raw)) throw E.illegalChars(name);
  const value = new D(raw);
  if (value.decimalPlaces() > maxDecimals) throw E.precisionOverMax();
  return value;
}

function checkPriceFilter(r: SymbolRules, price: D): void {
  if (price.lte(0)) throw E.invalidPrice();
  if (price.lt(r.minPrice) || price.gt(r.maxPrice) || !price.minus(r.minPrice).mod(r.tickSize).isZero()) {
    throw E.filterFailure('PRICE_FILTER');
  }
}

function checkLotSize(r: SymbolRules, qty: D): void {
  if (qty.lt(r.minQty) || qty.gt(r.maxQty) || !qty.minus(r.minQty).mod(r.stepSize).isZero()) throw E.filterFailure('LOT_SIZE');
}

function parseSymbolRules(raw: unknown): SymbolRules {
  const s = raw as Record<string, unknown>;
  const filters = (s.filters as Array<Record<string, unknown>>) ?? [];
  const filter = (type: string) => filters.find((f) => f.filterType === type) ?? {};
  const num = (v: unknown, fallback = '0') => new D(typeof v === 'string' || typeof v === 'number' ? v : fallback);
  const price = filter('PRICE_FILTER');
  const lot = filter('LOT_SIZE');
  const notional = filter('NOTIONAL');
  return {
    symbol: String(s.symbol),
    status: String(s.status),
    baseAsset: String(s.baseAsset),
    quoteAsset: String(s.quoteAsset),
    baseAssetPrecision: Number(s.baseAssetPrecision ?? 8),
    quotePrecision: Number(s.quotePrecision ?? 8),
    orderTypes: (s.orderTypes as string[]) ?? [],
    minPrice: num(price.minPrice),
    maxPrice: num(price.maxPrice, '1e12'),
    tickSize: num(price.tickSize, '1e-8'),
    minQty: num(lot.minQty),
    maxQty: num(lot.maxQty, '1e12'),
    stepSize: num(lot.stepSize, '1e-8'),
    minNotional: num(notional.minNotional),
    maxNotional: num(notional.maxNotional, '1e15'),
    applyMinToMarket: notional.applyMinToMarket === true,
  };
}
