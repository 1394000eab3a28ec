import DecimalJs from 'decimal.js';

/** The fake's own decimal type: independent of the app's, so the fake cannot inherit the app's bugs. */
export const D = DecimalJs.clone({ precision: 40, rounding: DecimalJs.ROUND_HALF_EVEN, toExpNeg: -40, toExpPos: 40 });
export type D = InstanceType<typeof D>;
export const ZERO = new D(0);

/** Binance sends every decimal as a string with eight places ("0.00100000"). */
export const wire = (value: D): string => value.toFixed(8);

export type BinanceSide = 'BUY' | 'SELL';
export type BinanceOrderType = 'LIMIT' | 'MARKET' | 'LIMIT_MAKER' | 'STOP_LOSS' | 'STOP_LOSS_LIMIT' | 'TAKE_PROFIT' | 'TAKE_PROFIT_LIMIT';
export type BinanceTimeInForce = 'GTC' | 'IOC' | 'FOK';
export type BinanceOrderStatus = 'NEW' | 'PARTIALLY_FILLED' | 'FILLED' | 'CANCELED' | 'PENDING_CANCEL' | 'REJECTED' | 'EXPIRED' | 'EXPIRED_IN_MATCH';

export interface FakeOrder {
  symbol: string;
  orderId: number;
  clientOrderId: string;
  side: BinanceSide;
  type: BinanceOrderType;
  timeInForce: BinanceTimeInForce;
  price: D;
  stopPrice: D;
  origQty: D;
  executedQty: D;
  cummulativeQuoteQty: D;
  status: BinanceOrderStatus;
  /** Stop orders are not working until their stop price trades. */
  isWorking: boolean;
  time: number;
  updateTime: number;
  workingTime: number;
  /** Quote reserved for a resting buy (price x remaining) or base reserved for a resting sell. */
  locked: D;
}

export interface FakeTrade {
  id: number;
  symbol: string;
  orderId: number;
  price: D;
  qty: D;
  commission: D;
  commissionAsset: string;
  time: number;
  isBuyer: boolean;
  isMaker: boolean;
}

export const isOpen = (o: FakeOrder) => o.status === 'NEW' || o.status === 'PARTIALLY_FILLED';

/** GET /api/v3/order, /openOrders and /allOrders entries. */
export function orderJson(o: FakeOrder) {
  return {
    symbol: o.symbol,
    orderId: o.orderId,
    orderListId: -1,
    clientOrderId: o.clientOrderId,
    price: wire(o.price),
    origQty: wire(o.origQty),
    executedQty: wire(o.executedQty),
    cummulativeQuoteQty: wire(o.cummulativeQuoteQty),
    status: o.status,
    timeInForce: o.timeInForce,
    type: o.type,
    side: o.side,
    stopPrice: wire(o.stopPrice),
    icebergQty: wire(ZERO),
    time: o.time,
    updateTime: o.updateTime,
    isWorking: o.isWorking,
    workingTime: o.isWorking ? o.workingTime : -1,
    origQuoteOrderQty: wire(ZERO),
    selfTradePreventionMode: 'EXPIRE_MAKER',
  };
}

/** POST /api/v3/order reply for newOrderRespType ACK, RESULT or FULL. */
export function newOrderJson(o: FakeOrder, respType: string, fills: FakeTrade[]) {
  const ack = { symbol: o.symbol, orderId: o.orderId, orderListId: -1, clientOrderId: o.clientOrderId, transactTime: o.time };
  if (respType === 'ACK') return ack;
  const result = {
    ...ack,
    price: wire(o.price),
    origQty: wire(o.origQty),
    executedQty: wire(o.executedQty),
    origQuoteOrderQty: wire(ZERO),
    cummulativeQuoteQty: wire(o.cummulativeQuoteQty),
    status: o.status,
    timeInForce: o.timeInForce,
    type: o.type,
    side: o.side,
    workingTime: o.isWorking ? o.workingTime : -1,
    selfTradePreventionMode: 'EXPIRE_MAKER',
  };
  if (respType === 'RESULT') return result;
  return {
    ...result,
    fills: fills.map((t) => ({
      price: wire(t.price),
      qty: wire(t.qty),
      commission: wire(t.commission),
      commissionAsset: t.commissionAsset,
      tradeId: t.id,
    })),
  };
}

/** DELETE /api/v3/order reply. */
export function canceledOrderJson(o: FakeOrder, cancelClientOrderId: string, at: number) {
  return {
    symbol: o.symbol,
    origClientOrderId: o.clientOrderId,
    orderId: o.orderId,
    orderListId: -1,
    clientOrderId: cancelClientOrderId,
    transactTime: at,
    price: wire(o.price),
    origQty: wire(o.origQty),
    executedQty: wire(o.executedQty),
    origQuoteOrderQty: wire(ZERO),
    cummulativeQuoteQty: wire(o.cummulativeQuoteQty),
    status: o.status,
    timeInForce: o.timeInForce,
    type: o.type,
    side: o.side,
    selfTradePreventionMode: 'EXPIRE_MAKER',
  };
}

/** GET /api/v3/myTrades entries. */
export function tradeJson(t: FakeTrade) {
  return {
    symbol: t.symbol,
    id: t.id,
    orderId: t.orderId,
    orderListId: -1,
    price: wire(t.price),
    qty: wire(t.qty),
    quoteQty: wire(t.price.times(t.qty)),
    commission: wire(t.commission),
    commissionAsset: t.commissionAsset,
    time: t.time,
    isBuyer: t.isBuyer,
    isMaker: t.isMaker,
    isBestMatch: true,
  };
}
