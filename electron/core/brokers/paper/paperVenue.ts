import type { Side } from '../../../../shared/contract';
import { Decimal, ZERO, dec, decStr } from '../../domain/decimal';
import { newVenueId } from '../../domain/ids';
import { roundToTick, type TradingRules } from '../../domain/instrument';
import type { Db } from '../../store/database';
import {
  VenueError,
  type BrokerPort,
  type ExecutionReport,
  type OrderChanges,
  type ReplaceAck,
  type SubmitAck,
  type SubmitRequest,
  type VenueFill,
  type VenueOrder,
  type VenuePosition,
} from '../port';

/** A trade price in the simulated market. */
export interface Tick {
  symbol: string;
  price: number;
  /** Market time, epoch ms. */
  t: number;
}

/** What the paper venue needs from a market: the last price and every tick after it. */
export interface PriceSource {
  lastPrice(symbol: string): number | null;
  onTick(listener: (tick: Tick) => void): () => void;
  /** The market clock (sample replays run faster than the wall clock), epoch ms. */
  marketTime(): number;
}

export interface PaperVenueOptions {
  db: Db;
  accountId: string;
  startingCash: Decimal;
  prices: PriceSource;
  rules: (symbol: string) => TradingRules | undefined;
  /** Adverse move applied to taker fills, in basis points of the price. */
  slippageBps: number;
  /** Commission in basis points of the fill's notional. */
  feeBps: number;
}

interface OrderRow {
  client_order_id: string;
  venue_order_id: string;
  symbol: string;
  side: Side;
  type: VenueOrder['type'];
  tif: VenueOrder['tif'];
  qty: string;
  limit_price: string | null;
  stop_price: string | null;
  triggered: number;
  status: VenueOrder['status'];
  filled_qty: string;
  reason: string | null;
  market_day: string;
  created_at: number;
}

interface FillRow {
  trade_id: string;
  client_order_id: string;
  venue_order_id: string;
  symbol: string;
  side: Side;
  qty: string;
  price: string;
  fee: string;
  liquidity: 'maker' | 'taker';
  at: number;
}

const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The local paper venue: a simulated exchange with its own books in SQLite. Market
 * orders fill at the next tick plus slippage; limit orders fill when a tick reaches
 * their price (at the limit, or better if the market gapped through it); stops trigger
 * on a tick through the stop price. Day orders expire when the market day (UTC) turns.
 * The OMS treats it exactly like a remote venue: acknowledgements, then reports.
 */
export class PaperVenue implements BrokerPort {
  readonly venue = 'paper';
  readonly accountId: string;
  private readonly listeners = new Set<(r: ExecutionReport) => void>();
  private readonly unsubscribeTicks: () => void;
  /** Limit orders that have seen a tick without filling rest on the book: their fills are maker fills. */
  private readonly resting = new Set<string>();
  private readonly feeCurrency = 'USD';
  /** The venue's positions, loaded once from its fills and kept current as it fills orders. */
  private readonly held: Map<string, Decimal>;
  private readonly stmt: ReturnType<PaperVenue['prepare']>;

  constructor(private readonly opts: PaperVenueOptions) {
    this.accountId = opts.accountId;
    opts.db
      .prepare('INSERT OR IGNORE INTO paper_accounts (account_id, cash) VALUES (?, ?)')
      .run(opts.accountId, decStr(opts.startingCash));
    this.stmt = this.prepare();
    this.held = this.loadPositions();
    this.unsubscribeTicks = opts.prices.onTick((tick) => this.onTick(tick));
  }

  private prepare() {
    const { db } = this.opts;
    return {
      orderByClientId: db.prepare('SELECT * FROM paper_orders WHERE client_order_id = ?'),
      openForSymbol: db.prepare("SELECT * FROM paper_orders WHERE status = 'open' AND symbol = ? AND account_id = ? ORDER BY created_at"),
      cash: db.prepare('SELECT cash FROM paper_accounts WHERE account_id = ?'),
      setCash: db.prepare('UPDATE paper_accounts SET cash = ? WHERE account_id = ?'),
      openSells: db.prepare("SELECT qty, filled_qty FROM paper_orders WHERE status = 'open' AND side = 'sell' AND symbol = ? AND account_id = ?"),
      openBuys: db.prepare("SELECT symbol, qty, filled_qty, limit_price FROM paper_orders WHERE status = 'open' AND side = 'buy' AND account_id = ?"),
      insertOrder: db.prepare(
        `INSERT INTO paper_orders (client_order_id, venue_order_id, account_id, symbol, side, type, tif, qty, limit_price,
           stop_price, status, filled_qty, market_day, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', '0', ?, ?, ?)`,
      ),
      insertFill: db.prepare(
        `INSERT INTO paper_fills (trade_id, client_order_id, account_id, symbol, side, qty, price, fee, liquidity, at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      markFilled: db.prepare("UPDATE paper_orders SET status = 'filled', filled_qty = qty, updated_at = ? WHERE client_order_id = ?"),
      finish: db.prepare('UPDATE paper_orders SET status = ?, reason = ?, updated_at = ? WHERE client_order_id = ?'),
    };
  }

  private loadPositions(): Map<string, Decimal> {
    const rows = this.opts.db
      .prepare('SELECT symbol, side, qty FROM paper_fills WHERE account_id = ?')
      .all(this.accountId) as Array<{ symbol: string; side: Side; qty: string }>;
    const m = new Map<string, Decimal>();
    for (const r of rows) m.set(r.symbol, (m.get(r.symbol) ?? ZERO).plus(r.side === 'buy' ? dec(r.qty) : dec(r.qty).neg()));
    return m;
  }

  onReport(listener: (report: ExecutionReport) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async submit(req: SubmitRequest): Promise<SubmitAck> {
    const existing = this.orderRow(req.clientOrderId);
    // Like Alpaca: a client order id is used once, ever.
    if (existing) throw new VenueError('invalid_order', `client order id ${req.clientOrderId} was already used`);
    const rules = this.opts.rules(req.symbol);
    if (!rules) throw new VenueError('invalid_order', `unknown symbol ${req.symbol}`);
    this.checkFunds(req, rules);
    const venueOrderId = newVenueId('P');
    const now = this.opts.prices.marketTime();
    this.stmt.insertOrder.run(
      req.clientOrderId,
      venueOrderId,
      this.accountId,
      req.symbol,
      req.side,
      req.type,
      req.tif,
      decStr(req.qty),
      req.limitPrice ? decStr(req.limitPrice) : null,
      req.stopPrice ? decStr(req.stopPrice) : null,
      utcDay(now),
      now,
      now,
    );
    return { venueOrderId };
  }

  async cancel(clientOrderId: string): Promise<void> {
    const row = this.orderRow(clientOrderId);
    if (!row) throw new VenueError('invalid_order', `no order with client id ${clientOrderId}`);
    if (row.status !== 'open') throw new VenueError('invalid_order', `order is already ${row.status}`);
    const at = this.opts.prices.marketTime();
    this.opts.db
      .prepare("UPDATE paper_orders SET status = 'canceled', reason = ?, updated_at = ? WHERE client_order_id = ?")
      .run('canceled by user', at, clientOrderId);
    this.resting.delete(clientOrderId);
    // The outcome is a report, as from any venue, delivered after the acknowledgement.
    queueMicrotask(() => this.emit({ kind: 'canceled', clientOrderId, at, reason: 'Canceled by user' }));
  }

  /** Amends a working order in place (same ids), as most exchanges' "modify" does. */
  async replace(clientOrderId: string, changes: OrderChanges): Promise<ReplaceAck> {
    const row = this.orderRow(clientOrderId);
    if (!row) throw new VenueError('invalid_order', `no order with client id ${clientOrderId}`);
    if (row.status !== 'open') throw new VenueError('invalid_order', `order is already ${row.status}`);
    if (changes.qty && changes.qty.lte(row.filled_qty)) {
      throw new VenueError('invalid_order', `quantity must stay above the ${row.filled_qty} already filled`);
    }
    if (changes.limitPrice && row.limit_price === null) throw new VenueError('invalid_order', 'this order has no limit price');
    if (changes.stopPrice && row.stop_price === null) throw new VenueError('invalid_order', 'this order has no stop price');
    const rules = this.opts.rules(row.symbol);
    const added = changes.qty ? changes.qty.minus(row.qty) : ZERO;
    if (rules && added.gt(0)) {
      // The extra quantity must be covered like a new order of that size.
      this.checkFunds(
        {
          clientOrderId,
          symbol: row.symbol,
          side: row.side,
          type: row.type,
          tif: row.tif,
          qty: added,
          limitPrice: changes.limitPrice ?? (row.limit_price ? dec(row.limit_price) : null),
          stopPrice: null,
        },
        rules,
      );
    }
    this.opts.db
      .prepare('UPDATE paper_orders SET qty = ?, limit_price = ?, stop_price = ?, updated_at = ? WHERE client_order_id = ?')
      .run(
        changes.qty ? decStr(changes.qty) : row.qty,
        changes.limitPrice ? decStr(changes.limitPrice) : row.limit_price,
        changes.stopPrice ? decStr(changes.stopPrice) : row.stop_price,
        this.opts.prices.marketTime(),
        clientOrderId,
      );
    return { venueOrderId: row.venue_order_id };
  }

  async getOrder(clientOrderId: string): Promise<VenueOrder | null> {
    const row = this.orderRow(clientOrderId);
    return row ? toVenueOrder(row) : null;
  }

  async openOrders(): Promise<VenueOrder[]> {
    const rows = this.opts.db
      .prepare("SELECT * FROM paper_orders WHERE status = 'open' AND account_id = ?")
      .all(this.accountId) as OrderRow[];
    return rows.map(toVenueOrder);
  }

  async fillsOf(clientOrderId: string): Promise<VenueFill[]> {
    const rows = this.opts.db
      .prepare(
        `SELECT f.*, o.venue_order_id FROM paper_fills f JOIN paper_orders o USING (client_order_id)
         WHERE f.client_order_id = ? ORDER BY f.at, f.trade_id`,
      )
      .all(clientOrderId) as FillRow[];
    return rows.map((r) => this.toVenueFill(r));
  }

  async positions(): Promise<VenuePosition[]> {
    return [...this.held].filter(([, q]) => !q.isZero()).map(([symbol, qty]) => ({ symbol, qty }));
  }

  async cash(): Promise<Decimal> {
    return this.cashNow();
  }

  async close(): Promise<void> {
    this.unsubscribeTicks();
    this.listeners.clear();
  }

  private cashNow(): Decimal {
    const row = this.stmt.cash.get(this.accountId) as { cash: string };
    return dec(row.cash);
  }

  /** A cash account: buys must be covered by cash not already promised to open buys. */
  private checkFunds(req: SubmitRequest, rules: TradingRules): void {
    if (req.side === 'sell') {
      const held = this.heldQty(req.symbol).minus(this.openSellQty(req.symbol));
      if (!rules.shortable && req.qty.gt(held)) {
        throw new VenueError(
          'invalid_order',
          `${req.symbol} cannot be sold short: you hold ${decStr(Decimal.max(held, ZERO))} not already offered`,
        );
      }
      return;
    }
    const last = this.opts.prices.lastPrice(req.symbol);
    const price = req.limitPrice ?? (last === null ? null : dec(last).times(1 + this.opts.slippageBps / 10_000));
    if (price === null) throw new VenueError('invalid_order', `no price for ${req.symbol} yet`);
    const cost = req.qty.times(price).times(1 + this.opts.feeBps / 10_000);
    const available = this.cashNow().minus(this.reservedForBuys());
    if (cost.gt(available)) {
      throw new VenueError(
        'invalid_order',
        `insufficient buying power: the order needs about ${decStr(cost.toDecimalPlaces(2))} USD, ${decStr(Decimal.max(available, ZERO).toDecimalPlaces(2))} USD is available`,
      );
    }
  }

  private heldQty(symbol: string): Decimal {
    return this.held.get(symbol) ?? ZERO;
  }

  private openSellQty(symbol: string): Decimal {
    const rows = this.stmt.openSells.all(symbol, this.accountId) as Array<{ qty: string; filled_qty: string }>;
    return rows.reduce((sum, r) => sum.plus(dec(r.qty).minus(r.filled_qty)), ZERO);
  }

  private reservedForBuys(): Decimal {
    const rows = this.stmt.openBuys.all(this.accountId) as Array<{ symbol: string; qty: string; filled_qty: string; limit_price: string | null }>;
    return rows.reduce((sum, r) => {
      const last = this.opts.prices.lastPrice(r.symbol) ?? 0;
      const price = r.limit_price ? dec(r.limit_price) : dec(last);
      return sum.plus(dec(r.qty).minus(r.filled_qty).times(price));
    }, ZERO);
  }

  private orderRow(clientOrderId: string): OrderRow | undefined {
    return this.stmt.orderByClientId.get(clientOrderId) as OrderRow | undefined;
  }

  private onTick(tick: Tick): void {
    const rows = this.stmt.openForSymbol.all(tick.symbol, this.accountId) as OrderRow[];
    for (const row of rows) this.matchOrder(row, tick);
  }

  private matchOrder(row: OrderRow, tick: Tick): void {
    const rules = this.opts.rules(row.symbol);
    if (!rules) return;
    if (row.tif === 'day' && utcDay(tick.t) !== row.market_day) {
      this.finish(row, 'expired', 'Day order expired at the end of the market day', tick.t);
      return;
    }
    const price = dec(tick.price);
    const buy = row.side === 'buy';
    let triggered = row.triggered === 1;
    if (row.stop_price && !triggered) {
      const stop = dec(row.stop_price);
      triggered = buy ? price.gte(stop) : price.lte(stop);
      if (!triggered) return;
      this.opts.db.prepare('UPDATE paper_orders SET triggered = 1 WHERE client_order_id = ?').run(row.client_order_id);
    }
    const slip = price.times(this.opts.slippageBps / 10_000);
    let fillPrice: Decimal | null = null;
    let liquidity: 'maker' | 'taker' = 'taker';
    if (row.type === 'market' || row.type === 'stop') {
      // Slippage always against the trader, rounded to the tick away from them.
      fillPrice = buy ? roundToTick(price.plus(slip), rules.tickSize, 'up') : roundToTick(price.minus(slip), rules.tickSize, 'down');
    } else {
      const limit = dec(row.limit_price!);
      const reached = buy ? price.lte(limit) : price.gte(limit);
      if (reached) {
        fillPrice = buy ? Decimal.min(limit, price) : Decimal.max(limit, price);
        liquidity = this.resting.has(row.client_order_id) ? 'maker' : 'taker';
      }
    }
    if (fillPrice === null) {
      if (row.tif === 'ioc' || row.tif === 'fok') {
        this.finish(row, 'canceled', `${row.tif.toUpperCase()} order could not fill at once`, tick.t);
      } else {
        this.resting.add(row.client_order_id);
      }
      return;
    }
    this.fill(row, fillPrice, liquidity, tick.t);
  }

  private fill(row: OrderRow, price: Decimal, liquidity: 'maker' | 'taker', at: number): void {
    const qty = dec(row.qty).minus(row.filled_qty);
    const fee = qty.times(price).times(this.opts.feeBps / 10_000).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
    const tradeId = newVenueId('T');
    const { db } = this.opts;
    db.transaction(() => {
      this.stmt.insertFill.run(tradeId, row.client_order_id, this.accountId, row.symbol, row.side, decStr(qty), decStr(price), decStr(fee), liquidity, at);
      this.stmt.markFilled.run(at, row.client_order_id);
      const notional = qty.times(price);
      const cash = row.side === 'buy' ? this.cashNow().minus(notional).minus(fee) : this.cashNow().plus(notional).minus(fee);
      this.stmt.setCash.run(decStr(cash), this.accountId);
    })();
    const signed = row.side === 'buy' ? qty : qty.neg();
    this.held.set(row.symbol, this.heldQty(row.symbol).plus(signed));
    this.resting.delete(row.client_order_id);
    this.emit({
      kind: 'fill',
      fill: {
        clientOrderId: row.client_order_id,
        venueOrderId: row.venue_order_id,
        tradeId,
        symbol: row.symbol,
        side: row.side,
        qty,
        price,
        fee,
        feeCurrency: this.feeCurrency,
        liquidity,
        at,
      },
    });
  }

  private finish(row: OrderRow, status: 'canceled' | 'expired', reason: string, at: number): void {
    this.stmt.finish.run(status, reason, at, row.client_order_id);
    this.resting.delete(row.client_order_id);
    this.emit({ kind: status, clientOrderId: row.client_order_id, at, reason });
  }

  private emit(report: ExecutionReport): void {
    for (const l of this.listeners) l(report);
  }

  private toVenueFill(r: FillRow): VenueFill {
    return {
      clientOrderId: r.client_order_id,
      venueOrderId: r.venue_order_id,
      tradeId: r.trade_id,
      symbol: r.symbol,
      side: r.side,
      qty: dec(r.qty),
      price: dec(r.price),
      fee: dec(r.fee),
      feeCurrency: this.feeCurrency,
      liquidity: r.liquidity,
      at: r.at,
    };
  }
}

function toVenueOrder(r: OrderRow): VenueOrder {
  return {
    clientOrderId: r.client_order_id,
    venueOrderId: r.venue_order_id,
    symbol: r.symbol,
    side: r.side,
    type: r.type,
    tif: r.tif,
    qty: dec(r.qty),
    limitPrice: r.limit_price ? dec(r.limit_price) : null,
    stopPrice: r.stop_price ? dec(r.stop_price) : null,
    filledQty: dec(r.filled_qty),
    status: r.status,
    reason: r.reason,
    createdAt: r.created_at,
  };
}
