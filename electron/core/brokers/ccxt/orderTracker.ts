import { Decimal } from '../../domain/decimal';
import type { Logger } from '../../log/logger';
import type { ExecutionReport, VenueFill } from '../port';
import type { CcxtOrderSnapshot, CcxtTradeSnapshot } from './shapes';

/** The reads the tracker needs, already wrapped with retries and the circuit breaker. */
export interface OrderReads {
  openOrders(symbol: string): Promise<CcxtOrderSnapshot[]>;
  orderById(venueOrderId: string, symbol: string): Promise<CcxtOrderSnapshot | null>;
  tradesOfOrder(venueOrderId: string, symbol: string, since: number): Promise<CcxtTradeSnapshot[]>;
}

interface TrackedOrder {
  clientOrderId: string;
  venueOrderId: string;
  symbol: string;
  createdAt: number;
  /** Quantity already reported in fill reports. */
  reportedQty: Decimal;
  cancelRequested: boolean;
  /** Polls in a row in which the exchange did not show the order. */
  unseen: number;
}

/** An order the exchange does not show for this many polls is dropped (with a warning) rather than polled forever. */
const MAX_UNSEEN_POLLS = 5;

export function toVenueFill(t: CcxtTradeSnapshot, clientOrderId: string, fallbackFeeCurrency: string): VenueFill {
  return {
    clientOrderId,
    venueOrderId: t.venueOrderId,
    tradeId: t.tradeId,
    symbol: t.symbol,
    side: t.side,
    qty: t.qty,
    price: t.price,
    fee: t.fee,
    feeCurrency: t.feeCurrency ?? fallbackFeeCurrency,
    liquidity: t.liquidity,
    at: t.at,
  };
}

/**
 * Turns polled snapshots into execution reports for the orders this connection watches.
 *
 * An order's filled quantity (from the open-orders list, or from the order itself once it
 * left that list) says whether it has trades we have not reported; only then are its trades
 * fetched, by order id. That avoids time-window pitfalls of "my trades since T" (Binance
 * answers a startTime with at most the following 24 hours) and costs nothing while nothing
 * happens. Each trade id is reported once per connection; an order's closing report
 * (canceled / expired / rejected) is sent only after all its trades were reported, so the
 * OMS sees a partial fill before the cancel that ended the order.
 */
export class OrderTracker {
  private readonly tracked = new Map<string, TrackedOrder>();
  private readonly reportedTrades = new Set<string>();

  constructor(
    private readonly exchangeId: string,
    private readonly reads: OrderReads,
    private readonly emit: (report: ExecutionReport) => void,
    private readonly quoteOf: (symbol: string) => string,
    private readonly log?: Logger,
  ) {}

  get size(): number {
    return this.tracked.size;
  }

  isTracked(clientOrderId: string): boolean {
    return this.tracked.has(clientOrderId);
  }

  track(o: { clientOrderId: string; venueOrderId: string; symbol: string; createdAt: number }): void {
    if (this.tracked.has(o.clientOrderId)) return;
    this.tracked.set(o.clientOrderId, { ...o, reportedQty: new Decimal(0), cancelRequested: false, unseen: 0 });
  }

  markCancelRequested(clientOrderId: string): void {
    const t = this.tracked.get(clientOrderId);
    if (t) t.cancelRequested = true;
  }

  /** One pass over every watched order. Errors propagate: the caller's loop retries next time. */
  async pollOnce(): Promise<void> {
    const bySymbol = new Map<string, TrackedOrder[]>();
    for (const t of this.tracked.values()) bySymbol.set(t.symbol, [...(bySymbol.get(t.symbol) ?? []), t]);
    for (const [symbol, orders] of bySymbol) {
      const open = new Map((await this.reads.openOrders(symbol)).map((o) => [o.venueOrderId, o]));
      for (const t of orders) await this.pollOrder(t, open.get(t.venueOrderId) ?? null);
    }
  }

  private async pollOrder(t: TrackedOrder, fromOpenList: CcxtOrderSnapshot | null): Promise<void> {
    const snapshot = fromOpenList ?? (await this.reads.orderById(t.venueOrderId, t.symbol));
    if (!snapshot) {
      if (++t.unseen >= MAX_UNSEEN_POLLS) {
        this.tracked.delete(t.clientOrderId);
        this.log?.warn('the exchange no longer shows an order; stopped watching it', { exchange: this.exchangeId, clientOrderId: t.clientOrderId });
      }
      return;
    }
    t.unseen = 0;
    if (snapshot.filledQty.gt(t.reportedQty)) await this.reportNewTrades(t);
    if (snapshot.status === 'open') return;
    // Closed, but its trades are not all listed yet (exchanges index trades a moment later): next poll.
    if (t.reportedQty.lt(snapshot.filledQty)) return;
    this.tracked.delete(t.clientOrderId);
    if (snapshot.status === 'filled') return;
    this.emit({ kind: snapshot.status, clientOrderId: t.clientOrderId, at: snapshot.updatedAt, reason: this.closingReason(t, snapshot) });
  }

  private async reportNewTrades(t: TrackedOrder): Promise<void> {
    const trades = (await this.reads.tradesOfOrder(t.venueOrderId, t.symbol, t.createdAt))
      .filter((tr) => tr.venueOrderId === t.venueOrderId)
      .sort((a, b) => a.at - b.at || compareIds(a.tradeId, b.tradeId));
    for (const trade of trades) {
      const key = `${trade.symbol}|${trade.tradeId}`;
      if (this.reportedTrades.has(key)) continue;
      this.reportedTrades.add(key);
      t.reportedQty = t.reportedQty.plus(trade.qty);
      this.emit({ kind: 'fill', fill: toVenueFill(trade, t.clientOrderId, this.quoteOf(trade.symbol)) });
    }
  }

  private closingReason(t: TrackedOrder, o: CcxtOrderSnapshot): string {
    const venue = this.exchangeId;
    if (o.status === 'canceled') return t.cancelRequested ? 'Canceled by user' : `Canceled at ${venue}`;
    if (o.status === 'rejected') return `Rejected by ${venue}`;
    if (o.type === 'market' || o.type === 'stop' || o.tif === 'ioc' || o.tif === 'fok') {
      return `${venue} ended the order before it filled completely (not enough quantity at acceptable prices)`;
    }
    return `Expired at ${venue}`;
  }
}

/** Trade ids are numeric on most exchanges: compare them as numbers when they are. */
function compareIds(a: string, b: string): number {
  if (/^\d+$/.test(a) && /^\d+$/.test(b)) return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
  return a < b ? -1 : a > b ? 1 : 0;
}
