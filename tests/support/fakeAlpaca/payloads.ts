import { Decimal, decStr } from '../../../electron/core/domain/decimal';
import type { FakeAsset } from './assets';
import type { FakeExecution, FakeOrder, FakePosition, FakeVenue, TradeEventData } from './venue';

/**
 * The fake's state written in Alpaca's JSON: the same keys, string amounts, null for what
 * is not set and RFC 3339 timestamps with microseconds. The recorded fixtures in
 * tests/fixtures/alpaca/ hold real Alpaca payloads; a test checks these shapes against them.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Alpaca writes microseconds: "2024-05-01T14:30:00.123456Z". */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '000Z');
}

const isoOrNull = (ms: number | null): string | null => (ms === null ? null : isoTime(ms));
const decOrNull = (d: Decimal | null): string | null => (d === null ? null : decStr(d));

export function orderJson(o: FakeOrder, venue: FakeVenue, opts: { nested: boolean }): { [key: string]: Json } {
  const legs = opts.nested && o.legIds.length > 0 ? o.legIds.map((id) => orderJson(venue.orders.get(id)!, venue, opts)) : null;
  return {
    id: o.id,
    client_order_id: o.clientOrderId,
    created_at: isoTime(o.createdAt),
    updated_at: isoTime(o.updatedAt),
    submitted_at: isoTime(o.submittedAt),
    filled_at: isoOrNull(o.filledAt),
    expired_at: isoOrNull(o.expiredAt),
    canceled_at: isoOrNull(o.canceledAt),
    failed_at: isoOrNull(o.failedAt),
    replaced_at: isoOrNull(o.replacedAt),
    replaced_by: o.replacedBy,
    replaces: o.replaces,
    asset_id: o.asset.id,
    symbol: o.asset.symbol,
    asset_class: o.asset.class,
    notional: null,
    qty: decStr(o.qty),
    filled_qty: decStr(o.filledQty),
    filled_avg_price: o.filledQty.isZero() ? null : decStr(o.filledNotional.div(o.filledQty)),
    order_class: o.orderClass,
    order_type: o.type,
    type: o.type,
    side: o.side,
    position_intent: positionIntent(o),
    time_in_force: o.tif,
    limit_price: decOrNull(o.limitPrice),
    stop_price: decOrNull(o.stopPrice),
    status: o.status,
    extended_hours: o.extendedHours,
    legs,
    trail_percent: decOrNull(o.trailPercent),
    trail_price: decOrNull(o.trailPrice),
    hwm: decOrNull(o.hwm),
    subtag: null,
    source: null,
    expires_at: null,
  };
}

function positionIntent(o: FakeOrder): string {
  if (o.asset.class === 'crypto') return o.side === 'buy' ? 'buy_to_open' : 'sell_to_close';
  return o.side === 'buy' ? 'buy_to_open' : 'sell_to_close';
}

export function accountJson(venue: FakeVenue, accountNumber: string, accountId: string): { [key: string]: Json } {
  const equity = venue.equity();
  let longValue = new Decimal(0);
  let shortValue = new Decimal(0);
  for (const p of venue.positions.values()) {
    const value = p.qty.times(venue.prices.get(p.asset.symbol) ?? 0);
    if (value.isNegative()) shortValue = shortValue.plus(value);
    else longValue = longValue.plus(value);
  }
  return {
    id: accountId,
    admin_configurations: {},
    user_configurations: null,
    account_number: accountNumber,
    status: 'ACTIVE',
    crypto_status: 'ACTIVE',
    currency: 'USD',
    buying_power: decStr(venue.buyingPower()),
    regt_buying_power: decStr(venue.buyingPower()),
    daytrading_buying_power: '0',
    effective_buying_power: decStr(venue.buyingPower()),
    non_marginable_buying_power: decStr(venue.buyingPower()),
    options_buying_power: decStr(venue.buyingPower()),
    bod_dtbp: '0',
    cash: decStr(venue.cash),
    accrued_fees: '0',
    pending_transfer_in: '0',
    pending_transfer_out: '0',
    portfolio_value: decStr(equity),
    pattern_day_trader: false,
    trading_blocked: false,
    transfers_blocked: false,
    account_blocked: false,
    created_at: '2024-01-02T15:04:05.123456Z',
    trade_suspended_by_user: false,
    multiplier: '1',
    shorting_enabled: true,
    equity: decStr(equity),
    last_equity: decStr(equity),
    long_market_value: decStr(longValue),
    short_market_value: decStr(shortValue),
    position_market_value: decStr(longValue.plus(shortValue.abs())),
    initial_margin: '0',
    maintenance_margin: '0',
    last_maintenance_margin: '0',
    sma: '0',
    daytrade_count: 0,
    balance_asof: new Date().toISOString().slice(0, 10),
    crypto_tier: 1,
    options_trading_level: 0,
    intraday_adjustments: '0',
    pending_reg_taf_fees: '0',
  };
}

export function positionJson(p: FakePosition, venue: FakeVenue): { [key: string]: Json } {
  const price = venue.prices.get(p.asset.symbol) ?? p.costBasis.div(p.qty.abs());
  const marketValue = p.qty.times(price);
  const costBasis = p.qty.isNegative() ? p.costBasis.neg() : p.costBasis;
  const pl = marketValue.minus(costBasis);
  return {
    asset_id: p.asset.id,
    // Alpaca writes crypto position symbols without the slash.
    symbol: p.asset.symbol.replace('/', ''),
    exchange: p.asset.exchange,
    asset_class: p.asset.class,
    asset_marginable: p.asset.marginable,
    avg_entry_price: decStr(p.costBasis.div(p.qty.abs())),
    qty: decStr(p.qty),
    qty_available: decStr(p.qty),
    side: p.qty.isNegative() ? 'short' : 'long',
    market_value: decStr(marketValue),
    cost_basis: decStr(costBasis),
    unrealized_pl: decStr(pl),
    unrealized_plpc: costBasis.isZero() ? '0' : decStr(pl.div(costBasis.abs()).toDecimalPlaces(8)),
    unrealized_intraday_pl: decStr(pl),
    unrealized_intraday_plpc: costBasis.isZero() ? '0' : decStr(pl.div(costBasis.abs()).toDecimalPlaces(8)),
    current_price: decStr(price),
    lastday_price: decStr(price),
    change_today: '0',
  };
}

export function assetJson(a: FakeAsset): { [key: string]: Json } {
  const out: { [key: string]: Json } = {};
  for (const [k, v] of Object.entries(a)) if (v !== undefined) out[k] = v as Json;
  return out;
}

export function fillActivityJson(e: FakeExecution): { [key: string]: Json } {
  return {
    id: e.activityId,
    activity_type: 'FILL',
    transaction_time: isoTime(e.at),
    type: e.type,
    price: decStr(e.price),
    qty: decStr(e.qty),
    side: e.side,
    // Activities, like positions, spell crypto pairs without the slash.
    symbol: e.symbol.replace('/', ''),
    leaves_qty: decStr(e.leavesQty),
    order_id: e.orderId,
    cum_qty: decStr(e.cumQty),
    order_status: e.orderStatus,
  };
}

/** The data of one trade_updates message. */
export function tradeUpdateJson(e: TradeEventData, venue: FakeVenue): { [key: string]: Json } {
  const data: { [key: string]: Json } = {
    event: e.event,
    timestamp: isoTime(e.at),
    order: orderJson(e.order, venue, { nested: true }),
  };
  if (e.execution) {
    data.execution_id = e.execution.executionId;
    data.price = decStr(e.execution.price);
    data.qty = decStr(e.execution.qty);
  }
  if (e.positionQty) data.position_qty = decStr(e.positionQty);
  return data;
}
