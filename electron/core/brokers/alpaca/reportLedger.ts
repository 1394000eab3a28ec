import { Decimal, ZERO } from '../../domain/decimal';
import type { VenueFill } from '../port';

export interface WatchedOrder {
  venueOrderId: string;
  clientOrderId: string;
  symbol: string;
  side: 'buy' | 'sell';
  createdAt: number;
  /** Sum of the fills reported for this order so far. */
  reportedQty: Decimal;
  /** A closing report went out (or the order filled completely): nothing more to say. */
  closed: boolean;
  /** FILL activities of this order were read up to this time (our clock); null: from its creation. */
  scannedUntil: number | null;
}

export type OrderToWatch = Omit<WatchedOrder, 'reportedQty' | 'closed' | 'scannedUntil'>;

/**
 * Remembers what this connection has told the OMS, so the two roads a report can take
 * (the trade_updates stream and the polling fallback that covers its outages) never
 * deliver one execution twice, and an order is never closed before all its fills went
 * out. The OMS de-duplicates by trade id as well; this keeps the adapter honest on its own.
 */
export class ReportLedger {
  private readonly byVenueId = new Map<string, WatchedOrder>();
  private readonly venueIdByClientId = new Map<string, string>();
  private readonly reportedExecutions = new Set<string>();

  watch(order: OrderToWatch): WatchedOrder {
    const known = this.byVenueId.get(order.venueOrderId);
    if (known) return known;
    const watched: WatchedOrder = { ...order, reportedQty: ZERO, closed: false, scannedUntil: null };
    this.byVenueId.set(order.venueOrderId, watched);
    this.venueIdByClientId.set(order.clientOrderId, order.venueOrderId);
    return watched;
  }

  get(venueOrderId: string): WatchedOrder | undefined {
    return this.byVenueId.get(venueOrderId);
  }

  venueIdOf(clientOrderId: string): string | undefined {
    return this.venueIdByClientId.get(clientOrderId);
  }

  /** Orders that may still fill or close: what a poll has to look at. */
  unfinished(): WatchedOrder[] {
    return [...this.byVenueId.values()].filter((o) => !o.closed);
  }

  /** True (and recorded) the first time an execution is seen; false for a repeat. */
  claimFill(fill: VenueFill): boolean {
    if (this.reportedExecutions.has(fill.tradeId)) return false;
    this.reportedExecutions.add(fill.tradeId);
    const order = this.byVenueId.get(fill.venueOrderId);
    if (order) order.reportedQty = order.reportedQty.plus(fill.qty);
    return true;
  }

  hasReported(executionId: string): boolean {
    return this.reportedExecutions.has(executionId);
  }

  /**
   * True (and recorded) when an order may be closed now: it was not closed before and
   * every fill Alpaca counts for it (filledQty) has been reported. Otherwise a fill is
   * still on its way and the close must wait for it.
   */
  claimClose(venueOrderId: string, filledQty: Decimal): boolean {
    const order = this.byVenueId.get(venueOrderId);
    if (!order || order.closed || order.reportedQty.lt(filledQty)) return false;
    order.closed = true;
    return true;
  }

  /** The order filled completely: no closing report will follow. */
  markFilled(venueOrderId: string, filledQty: Decimal): void {
    const order = this.byVenueId.get(venueOrderId);
    if (order && order.reportedQty.gte(filledQty)) order.closed = true;
  }

  /** Alpaca no longer knows the order (404): stop watching it. */
  forget(venueOrderId: string): void {
    const order = this.byVenueId.get(venueOrderId);
    if (order) order.closed = true;
  }

  missingFillQty(venueOrderId: string, filledQty: Decimal): Decimal {
    const order = this.byVenueId.get(venueOrderId);
    return order ? Decimal.max(ZERO, filledQty.minus(order.reportedQty)) : filledQty;
  }
}
