import type { Fill, Order } from '../../../shared/contract';
import { ApiError, conflict, notFound } from '../api/errors';
import { VenueError, type BrokerPort, type ExecutionReport, type VenueFill, type VenueOrder } from '../brokers/port';
import { Decimal, ZERO, decStr } from '../domain/decimal';
import { newClientOrderId, newFillId, newOrderId, ownerFromClientOrderId, ownerLabel, type OrderOwner } from '../domain/ids';
import type { TradingRules } from '../domain/instrument';
import {
  applyOrderEvent,
  fillEventType,
  serializeSpec,
  toOrderDto,
  type OrderEventData,
  type OrderSpec,
  type OrderState,
} from '../domain/order';
import { canApply, isTerminal } from '../domain/orderStateMachine';
import { InvalidOrderError, validateOrder, type OrderRequest, type ValidOrder } from '../domain/orderValidation';
import { applyFillToPosition, cashAfterFill, emptyPosition } from '../domain/position';
import type { Logger } from '../log/logger';
import type { Db } from '../store/database';
import type { AccountRepo } from '../store/repos/accountRepo';
import type { AuditRepo } from '../store/repos/auditRepo';
import type { FillRepo } from '../store/repos/fillRepo';
import type { OrderRepo } from '../store/repos/orderRepo';

/** A pre-trade check: returns the reason to deny, in words for the user, or null to pass. */
export type PreTradeCheck = (order: ValidOrder & { accountId: string; owner: string }) => string | null;

export interface OmsDeps {
  db: Db;
  orders: OrderRepo;
  fills: FillRepo;
  accounts: AccountRepo;
  audit: AuditRepo;
  broker: BrokerPort;
  rules: (symbol: string) => TradingRules | undefined;
  lastPrice: (symbol: string) => Decimal | null;
  preTradeChecks: readonly PreTradeCheck[];
  now: () => number;
  log: Logger;
}

export interface OmsListener {
  ordersChanged?(orders: Order[]): void;
  fillsAdded?(fills: Fill[]): void;
  booksChanged?(accountId: string): void;
}

export interface SubmitContext {
  owner: OrderOwner;
  /** For the audit log: "ticket", "bot:<id>", "ipc:3" ... */
  actor: string;
}

export interface ReconcileSummary {
  checked: number;
  adopted: number;
  fillsApplied: number;
  closed: number;
  positionMismatches: Array<{ symbol: string; local: string; venue: string }>;
}

/**
 * The order manager. Every order's life goes through here: validate, pre-trade checks,
 * persist the intent with our client order id, then call the venue, then fold the
 * venue's reports into the books. Each step is one SQLite transaction, so a crash
 * between steps leaves a state that reconcile() can finish from the venue's records.
 */
export class OrderManager {
  private readonly listeners = new Set<OmsListener>();
  private readonly unsubscribeReports: () => void;

  constructor(private readonly d: OmsDeps) {
    this.unsubscribeReports = d.broker.onReport((r) => this.onReport(r));
  }

  subscribe(l: OmsListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  close(): void {
    this.unsubscribeReports();
    this.listeners.clear();
  }

  async submit(req: OrderRequest & { accountId?: string }, ctx: SubmitContext): Promise<Order> {
    const { d } = this;
    const accountId = req.accountId ?? d.broker.accountId;
    const owner = ownerLabel(ctx.owner);
    const at = d.now();
    let valid: ValidOrder;
    try {
      if (accountId !== d.broker.accountId) throw new InvalidOrderError(`Unknown account ${accountId}`, 'accountId');
      valid = validateOrder(req, d.rules(req.symbol), d.lastPrice(req.symbol));
    } catch (err) {
      if (err instanceof InvalidOrderError) {
        d.audit.append({
          at,
          actor: ctx.actor,
          action: 'order.submit',
          subject: req.symbol,
          outcome: 'refused',
          detail: { reason: err.message, request: { ...req } },
        });
      }
      throw err;
    }
    const spec: OrderSpec = { id: newOrderId(), clientOrderId: newClientOrderId(ctx.owner), accountId, owner, ...valid };
    const denial = this.firstDenial({ ...valid, accountId, owner });

    // The intent is on disk, with our client order id, before any venue is called.
    let state = this.transact((tx) => {
      let s = tx.apply(null, { type: 'OrderInitialized', spec: serializeSpec(spec) }, at);
      if (denial) s = tx.apply(s, { type: 'OrderDenied', reason: denial }, at);
      else s = tx.apply(s, { type: 'OrderSubmitted' }, at);
      d.audit.append({
        at,
        actor: ctx.actor,
        action: 'order.submit',
        subject: spec.clientOrderId,
        outcome: denial ? 'refused' : 'ok',
        detail: denial ? { reason: denial } : { symbol: spec.symbol, side: spec.side, type: spec.type, qty: decStr(spec.qty) },
      });
      return s;
    });
    if (denial) throw new ApiError('DENIED', denial);

    try {
      const ack = await d.broker.submit({
        clientOrderId: spec.clientOrderId,
        symbol: spec.symbol,
        side: spec.side,
        type: spec.type,
        tif: spec.tif,
        qty: spec.qty,
        limitPrice: spec.limitPrice,
        stopPrice: spec.stopPrice,
      });
      state = this.transact((tx) => {
        const current = d.orders.get(spec.id)!;
        // A fast venue may report a fill before its acknowledgement returns.
        if (current.status !== 'SUBMITTED') return current;
        return tx.apply(current, { type: 'OrderAccepted', venueOrderId: ack.venueOrderId }, d.now());
      });
    } catch (err) {
      if (err instanceof VenueError && err.kind === 'invalid_order') {
        state = this.transact((tx) => tx.apply(d.orders.get(spec.id)!, { type: 'OrderRejected', reason: err.message }, d.now()));
        d.audit.append({ at: d.now(), actor: 'venue', action: 'order.rejected', subject: spec.clientOrderId, outcome: 'refused', detail: { reason: err.message } });
        throw new ApiError('REJECTED', `${d.broker.venue} refused the order: ${err.message}`);
      }
      // We do not know whether the venue has it. Never resend: look it up by client order id.
      d.log.warn('order submit outcome unknown; will look it up', { clientOrderId: spec.clientOrderId, error: String(err) });
      void this.resolveUnknown(spec.clientOrderId);
      return toOrderDto(d.orders.get(spec.id)!);
    }
    return toOrderDto(state);
  }

  async cancel(orderId: string, actor: string): Promise<Order> {
    const { d } = this;
    const order = d.orders.get(orderId);
    if (!order) throw notFound(`No order ${orderId}`);
    if (isTerminal(order.status) || order.status === 'PENDING_CANCEL' || order.status === 'INITIALIZED') {
      const why =
        order.status === 'PENDING_CANCEL'
          ? 'A cancel for this order is already on its way'
          : `The order is already ${order.status.toLowerCase().replace('_', ' ')}: there is nothing to cancel`;
      d.audit.append({ at: d.now(), actor, action: 'order.cancel', subject: order.clientOrderId, outcome: 'refused', detail: { reason: why } });
      throw conflict(why);
    }
    const pending = this.transact((tx) => {
      d.audit.append({ at: d.now(), actor, action: 'order.cancel', subject: order.clientOrderId, outcome: 'ok', detail: {} });
      return tx.apply(order, { type: 'OrderPendingCancel' }, d.now());
    });
    try {
      await d.broker.cancel(order.clientOrderId);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      const current = d.orders.get(orderId)!;
      if (current.status === 'PENDING_CANCEL') {
        this.transact((tx) => tx.apply(current, { type: 'OrderCancelRejected', reason }, d.now()));
      }
      throw conflict(`${d.broker.venue} refused the cancel: ${reason}`);
    }
    return toOrderDto(d.orders.get(orderId) ?? pending);
  }

  /** Applies a venue report. Duplicates and reports for orders already closed are ignored. */
  onReport(report: ExecutionReport): void {
    try {
      if (report.kind === 'fill') {
        this.applyVenueFill(report.fill);
        return;
      }
      const order = this.d.orders.getByClientId(report.clientOrderId);
      if (!order) {
        this.d.log.warn('report for an unknown order', { clientOrderId: report.clientOrderId, kind: report.kind });
        return;
      }
      const data: OrderEventData =
        report.kind === 'canceled'
          ? { type: 'OrderCanceled', reason: report.reason ?? 'Canceled' }
          : report.kind === 'expired'
            ? { type: 'OrderExpired', reason: report.reason ?? 'Expired' }
            : { type: 'OrderRejected', reason: report.reason };
      if (!canApply(order.status, data.type)) return;
      this.transact((tx) => tx.apply(order, data, report.at));
    } catch (err) {
      this.d.log.error('could not apply an execution report', { error: err, report: { kind: report.kind } });
    }
  }

  /**
   * Brings local orders in line with the venue: orders whose submission outcome is
   * unknown are looked up by client order id, missed fills are applied (de-duplicated
   * by trade id), closed orders are closed, and venue orders we do not know are adopted.
   */
  async reconcile(): Promise<ReconcileSummary> {
    const { d } = this;
    const summary: ReconcileSummary = { checked: 0, adopted: 0, fillsApplied: 0, closed: 0, positionMismatches: [] };
    for (const local of d.orders.open()) {
      summary.checked++;
      const venue = await d.broker.getOrder(local.clientOrderId);
      if (!venue) {
        const data: OrderEventData =
          local.status === 'INITIALIZED'
            ? { type: 'OrderCanceled', reason: 'Never reached the venue (the app stopped before sending it); not resent' }
            : { type: 'OrderRejected', reason: `${d.broker.venue} has no record of this order` };
        if (canApply(local.status, data.type)) {
          this.transact((tx) => tx.apply(local, data, d.now()));
          summary.closed++;
        }
        continue;
      }
      summary.fillsApplied += await this.syncWithVenue(local, venue);
      if (isTerminal(d.orders.get(local.id)!.status)) summary.closed++;
    }
    for (const venue of await d.broker.openOrders()) {
      if (d.orders.getByClientId(venue.clientOrderId)) continue;
      this.adopt(venue);
      summary.adopted++;
      summary.fillsApplied += await this.syncWithVenue(d.orders.getByClientId(venue.clientOrderId)!, venue);
    }
    summary.positionMismatches = await this.comparePositions();
    if (summary.adopted || summary.fillsApplied || summary.closed || summary.positionMismatches.length) {
      d.log.info('reconciled with venue', { ...summary });
      d.audit.append({ at: d.now(), actor: 'system', action: 'reconcile', subject: d.broker.venue, outcome: 'ok', detail: { ...summary } });
    }
    return summary;
  }

  private async syncWithVenue(local: OrderState, venue: VenueOrder): Promise<number> {
    const { d } = this;
    let state = local;
    if (state.status === 'INITIALIZED' || state.status === 'SUBMITTED') {
      state = this.transact((tx) => {
        let s = state;
        if (s.status === 'INITIALIZED') s = tx.apply(s, { type: 'OrderSubmitted' }, d.now());
        return tx.apply(s, { type: 'OrderAccepted', venueOrderId: venue.venueOrderId }, d.now());
      });
    }
    let applied = 0;
    for (const fill of await d.broker.fillsOf(venue.clientOrderId)) if (this.applyVenueFill(fill)) applied++;
    state = d.orders.get(local.id)!;
    const closing: OrderEventData | null =
      venue.status === 'canceled'
        ? { type: 'OrderCanceled', reason: venue.reason ?? 'Canceled at the venue' }
        : venue.status === 'expired'
          ? { type: 'OrderExpired', reason: venue.reason ?? 'Expired at the venue' }
          : venue.status === 'rejected'
            ? { type: 'OrderRejected', reason: venue.reason ?? 'Rejected by the venue' }
            : null;
    if (closing && canApply(state.status, closing.type)) this.transact((tx) => tx.apply(state, closing, d.now()));
    return applied;
  }

  private adopt(venue: VenueOrder): void {
    const { d } = this;
    const owner = ownerFromClientOrderId(venue.clientOrderId) ?? { kind: 'external' as const };
    const spec: OrderSpec = {
      id: newOrderId(),
      clientOrderId: venue.clientOrderId,
      accountId: d.broker.accountId,
      owner: ownerLabel(owner.kind === 'manual' ? owner : { kind: 'external' }),
      symbol: venue.symbol,
      side: venue.side,
      type: venue.type,
      tif: venue.tif,
      qty: venue.qty,
      limitPrice: venue.limitPrice,
      stopPrice: venue.stopPrice,
    };
    this.transact((tx) => {
      let s = tx.apply(null, { type: 'OrderInitialized', spec: serializeSpec(spec) }, venue.createdAt);
      s = tx.apply(s, { type: 'OrderSubmitted' }, venue.createdAt);
      return tx.apply(s, { type: 'OrderAccepted', venueOrderId: venue.venueOrderId }, d.now());
    });
    d.audit.append({ at: d.now(), actor: 'system', action: 'order.adopted', subject: venue.clientOrderId, outcome: 'ok', detail: { symbol: venue.symbol } });
  }

  private async comparePositions(): Promise<ReconcileSummary['positionMismatches']> {
    const { d } = this;
    const venue = new Map((await d.broker.positions()).map((p) => [p.symbol, p.qty]));
    const local = new Map(d.accounts.positions(d.broker.accountId).map((p) => [p.symbol, p.qty]));
    const out: ReconcileSummary['positionMismatches'] = [];
    for (const symbol of new Set([...venue.keys(), ...local.keys()])) {
      const v = venue.get(symbol) ?? ZERO;
      const l = local.get(symbol) ?? ZERO;
      const lot = d.rules(symbol)?.lotSize ?? ZERO;
      // Within half a lot is the same position: partial fills cannot leave less than a lot.
      if (v.minus(l).abs().gt(lot.div(2))) out.push({ symbol, local: decStr(l), venue: decStr(v) });
    }
    if (out.length) d.log.warn('positions differ from the venue', { mismatches: out });
    return out;
  }

  /** Books one venue fill: order event, fill row, position and cash in one transaction. */
  private applyVenueFill(f: VenueFill): boolean {
    const { d } = this;
    const order = d.orders.getByClientId(f.clientOrderId);
    if (!order) {
      d.log.warn('fill for an unknown order', { clientOrderId: f.clientOrderId, tradeId: f.tradeId });
      return false;
    }
    if (d.fills.has(order.accountId, f.tradeId)) return false;
    const fill: Fill = {
      id: newFillId(),
      orderId: order.id,
      clientOrderId: order.clientOrderId,
      accountId: order.accountId,
      symbol: order.symbol,
      side: order.side,
      qty: decStr(f.qty),
      price: decStr(f.price),
      fee: decStr(f.fee),
      feeCurrency: f.feeCurrency,
      liquidity: f.liquidity,
      venueTradeId: f.tradeId,
      at: f.at,
    };
    this.transact((tx) => {
      let state = order;
      if (state.venueOrderId === null && state.status === 'SUBMITTED') {
        state = tx.apply(state, { type: 'OrderAccepted', venueOrderId: f.venueOrderId }, f.at);
      }
      const type = fillEventType(state, f.qty);
      state = tx.apply(
        state,
        {
          type,
          fill: {
            fillId: fill.id,
            venueTradeId: f.tradeId,
            qty: fill.qty,
            price: fill.price,
            fee: fill.fee,
            feeCurrency: fill.feeCurrency,
            liquidity: fill.liquidity,
          },
        },
        f.at,
      );
      d.fills.insert(fill);
      const pos = d.accounts.position(order.accountId, order.symbol) ?? emptyPosition(order.accountId, order.symbol, f.at);
      d.accounts.savePosition(applyFillToPosition(pos, { side: order.side, qty: f.qty, price: f.price, at: f.at }));
      const account = d.accounts.get(order.accountId)!;
      d.accounts.setCash(order.accountId, cashAfterFill(account.cash, { side: order.side, qty: f.qty, price: f.price, fee: f.fee }), f.at);
      tx.fills.push(fill);
      tx.books.add(order.accountId);
      return state;
    });
    return true;
  }

  private firstDenial(order: ValidOrder & { accountId: string; owner: string }): string | null {
    for (const check of this.d.preTradeChecks) {
      const reason = check(order);
      if (reason) return reason;
    }
    return null;
  }

  /**
   * Runs fn in one SQLite transaction; the order changes, fills and book changes it
   * collected are announced only after the commit, so listeners never see a state
   * that could still roll back.
   */
  private transact(fn: (tx: Tx) => OrderState): OrderState {
    const tx = new Tx(this.d.orders);
    const result = this.d.db.transaction(() => fn(tx))();
    const orders = [...tx.changed.values()].map(toOrderDto);
    for (const l of this.listeners) {
      if (orders.length) l.ordersChanged?.(orders);
      if (tx.fills.length) l.fillsAdded?.(tx.fills);
      for (const a of tx.books) l.booksChanged?.(a);
    }
    return result;
  }

  /** After an unclear submit failure: ask the venue by client order id, with backoff, instead of resending. */
  private async resolveUnknown(clientOrderId: string, attempts = 5): Promise<void> {
    for (let i = 0; i < attempts; i++) {
      await new Promise((r) => setTimeout(r, 200 * 2 ** i));
      try {
        const local = this.d.orders.getByClientId(clientOrderId);
        if (!local || local.status !== 'SUBMITTED') return;
        const venue = await this.d.broker.getOrder(clientOrderId);
        if (venue) {
          await this.syncWithVenue(local, venue);
          return;
        }
      } catch (err) {
        this.d.log.warn('order lookup failed; will retry', { clientOrderId, error: String(err) });
      }
    }
    const local = this.d.orders.getByClientId(clientOrderId);
    if (local && local.status === 'SUBMITTED') {
      this.transact((tx) => tx.apply(local, { type: 'OrderRejected', reason: `${this.d.broker.venue} has no record of this order` }, this.d.now()));
    }
  }
}

class Tx {
  readonly changed = new Map<string, OrderState>();
  readonly fills: Fill[] = [];
  readonly books = new Set<string>();

  constructor(private readonly orders: OrderRepo) {}

  apply(state: OrderState | null, data: OrderEventData, at: number): OrderState {
    const next = applyOrderEvent(state, { at, data });
    this.orders.append(next, { at, data });
    this.changed.set(next.id, next);
    return next;
  }
}
