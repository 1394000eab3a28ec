import type { Fill, Order } from '../../../shared/contract';
import { ApiError, conflict, notFound } from '../api/errors';
import {
  VenueError,
  type BrokerPort,
  type ExecutionReport,
  type VenueCapabilities,
  type VenueFill,
  type VenueOrder,
} from '../brokers/port';
import { Decimal, ZERO, decStr } from '../domain/decimal';
import { newClientOrderId, newFillId, newOrderId, ownerFromClientOrderId, ownerLabel, type OrderOwner } from '../domain/ids';
import type { TradingRules } from '../domain/instrument';
import {
  SIMPLE,
  applyOrderEvent,
  fillEventType,
  serializeExtras,
  serializeSpec,
  toOrderDto,
  type OrderEventData,
  type OrderSpec,
  type OrderState,
} from '../domain/order';
import { canApply, isTerminal } from '../domain/orderStateMachine';
import { InvalidOrderError, checkCapabilities, validateOrder, type OrderRequest, type ValidOrder } from '../domain/orderValidation';
import { applyFillToPosition, cashAfterFill, emptyPosition, type PositionState } from '../domain/position';
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
  /** The venue of an account, when it is attached (connected or reconnecting). */
  rules: (accountId: string, symbol: string) => TradingRules | undefined;
  lastPrice: (accountId: string, symbol: string) => Decimal | null;
  /** Why an account may not trade now (a live account not enabled, a missing key), or null. */
  permission: (accountId: string) => string | null;
  /** Whether an account exists at all, attached or not (for "not connected" vs "unknown"). */
  knowsAccount: (accountId: string) => boolean;
  preTradeChecks: readonly PreTradeCheck[];
  /**
   * The clock an account's books run on: the sample replay's for the paper account (its
   * venue stamps fills with market time), the wall clock for broker accounts.
   */
  now: (accountId: string) => number;
  log: Logger;
  /** Fault injection for crash tests: called at each named step of an order's life. */
  faultPoint?: (name: FaultPoint) => void;
  /** How long an unclear submit is looked up before it is given up (ms, doubled each time). */
  lookupBackoffMs?: number;
}

export type FaultPoint = 'after-intent' | 'after-venue-ack' | 'fill-before-commit' | 'after-fill-commit';

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

export interface ReconcileResult {
  accountId: string;
  checked: number;
  adopted: number;
  fillsApplied: number;
  closed: number;
  positionMismatches: Array<{ symbol: string; local: string; venue: string }>;
}

interface Attached {
  broker: BrokerPort;
  capabilities: VenueCapabilities;
  unsubscribe: () => void;
}

export const PAPER_CAPABILITIES: VenueCapabilities = {
  orderTypes: ['market', 'limit', 'stop', 'stop_limit'],
  timeInForce: ['day', 'gtc', 'ioc', 'fok'],
  orderClasses: [],
  canModify: true,
  streamsOrderUpdates: true,
};

/**
 * The order manager. Every order's life goes through here, whichever account it is for:
 * validate, pre-trade checks, persist the intent with our client order id, then call the
 * account's venue, then fold the venue's reports into the books. Each step is one SQLite
 * transaction, so a crash between steps leaves a state that reconcile() can finish from
 * the venue's records.
 */
export class OrderManager {
  private readonly listeners = new Set<OmsListener>();
  private readonly venues = new Map<string, Attached>();
  /** Client order ids whose submit call has not returned: reconcile must not judge them yet. */
  private readonly inFlight = new Set<string>();

  constructor(private readonly d: OmsDeps) {}

  /** Routes an account's orders to a venue and listens to its reports. */
  attach(accountId: string, broker: BrokerPort, capabilities: VenueCapabilities): void {
    this.detach(accountId);
    const unsubscribe = broker.onReport((r) => this.onReport(accountId, r));
    this.venues.set(accountId, { broker, capabilities, unsubscribe });
  }

  detach(accountId: string): void {
    const v = this.venues.get(accountId);
    if (!v) return;
    v.unsubscribe();
    this.venues.delete(accountId);
  }

  broker(accountId: string): BrokerPort | undefined {
    return this.venues.get(accountId)?.broker;
  }

  capabilities(accountId: string): VenueCapabilities | undefined {
    return this.venues.get(accountId)?.capabilities;
  }

  attachedAccounts(): string[] {
    return [...this.venues.keys()];
  }

  subscribe(l: OmsListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  close(): void {
    for (const id of Array.from(this.venues.keys())) this.detach(id);
    this.listeners.clear();
  }

  async submit(req: OrderRequest & { accountId: string }, ctx: SubmitContext): Promise<Order> {
    const { d } = this;
    const accountId = req.accountId;
    const owner = ownerLabel(ctx.owner);
    const at = d.now(accountId);
    const venue = this.venues.get(accountId);
    let valid: ValidOrder;
    try {
      if (!venue) {
        if (d.knowsAccount(accountId)) {
          throw new ApiError('UNAVAILABLE', `${accountId} is not connected right now: the order was not sent`);
        }
        throw new InvalidOrderError(`Unknown account ${accountId}`, 'accountId');
      }
      checkCapabilities(req, venue.capabilities, venue.broker.venue);
      valid = validateOrder(req, d.rules(accountId, req.symbol), d.lastPrice(accountId, req.symbol));
    } catch (err) {
      if (err instanceof ApiError) {
        d.audit.append({
          at: Date.now(),
          actor: ctx.actor,
          action: 'order.submit',
          subject: req.symbol,
          outcome: 'refused',
          detail: { reason: err.message, account: accountId, request: { ...req } },
        });
      }
      throw err;
    }
    const broker = venue.broker;
    const spec: OrderSpec = { id: newOrderId(), clientOrderId: newClientOrderId(ctx.owner), accountId, owner, ...valid };
    const denial = d.permission(accountId) ?? this.firstDenial({ ...valid, accountId, owner });

    // The intent is on disk, with our client order id, before any venue is called.
    let state = this.transact((tx) => {
      let s = tx.apply(null, { type: 'OrderInitialized', spec: serializeSpec(spec) }, at);
      if (denial) s = tx.apply(s, { type: 'OrderDenied', reason: denial }, at);
      else s = tx.apply(s, { type: 'OrderSubmitted' }, at);
      d.audit.append({
        at: Date.now(),
        actor: ctx.actor,
        action: 'order.submit',
        subject: spec.clientOrderId,
        outcome: denial ? 'refused' : 'ok',
        detail: denial
          ? { reason: denial, account: accountId }
          : { account: accountId, symbol: spec.symbol, side: spec.side, type: spec.type, qty: decStr(spec.qty) },
      });
      return s;
    });
    if (denial) throw new ApiError('DENIED', denial);
    d.faultPoint?.('after-intent');

    this.inFlight.add(spec.clientOrderId);
    try {
      const ack = await broker.submit({
        clientOrderId: spec.clientOrderId,
        symbol: spec.symbol,
        side: spec.side,
        type: spec.type,
        tif: spec.tif,
        qty: spec.qty,
        limitPrice: spec.limitPrice,
        stopPrice: spec.stopPrice,
        extras: spec.extras,
      });
      d.faultPoint?.('after-venue-ack');
      state = this.transact((tx) => {
        const current = d.orders.get(spec.id)!;
        // A fast venue may report a fill before its acknowledgement returns.
        if (current.status !== 'SUBMITTED') return current;
        return tx.apply(current, { type: 'OrderAccepted', venueOrderId: ack.venueOrderId }, d.now(accountId));
      });
    } catch (err) {
      if (err instanceof VenueError && err.kind !== 'transient') {
        this.inFlight.delete(spec.clientOrderId);
        // The venue certainly does not hold this order: refused, rate limited, not sent, or our keys failed.
        const reason = err.kind === 'invalid_order' ? err.message : `not sent: ${err.message}`;
        state = this.transact((tx) => tx.apply(d.orders.get(spec.id)!, { type: 'OrderRejected', reason }, d.now(accountId)));
        d.audit.append({ at: Date.now(), actor: 'venue', action: 'order.rejected', subject: spec.clientOrderId, outcome: 'refused', detail: { reason, kind: err.kind } });
        const code = err.kind === 'rate_limited' ? 'RATE_LIMITED' : err.kind === 'invalid_order' ? 'REJECTED' : 'UNAVAILABLE';
        throw new ApiError(code, `${broker.venue} refused the order: ${err.message}`);
      }
      // We do not know whether the venue has it. Never resend: look it up by client order id.
      d.log.warn('order submit outcome unknown; will look it up', { clientOrderId: spec.clientOrderId, error: String(err) });
      void this.resolveUnknown(accountId, spec.clientOrderId).finally(() => this.inFlight.delete(spec.clientOrderId));
      return toOrderDto(d.orders.get(spec.id)!);
    }
    this.inFlight.delete(spec.clientOrderId);
    return toOrderDto(state);
  }

  async cancel(orderId: string, actor: string): Promise<Order> {
    const { d } = this;
    const order = d.orders.get(orderId);
    if (!order) throw notFound(`No order ${orderId}`);
    const now = () => d.now(order.accountId);
    const refuse = (why: string, code: 'CONFLICT' | 'UNAVAILABLE' = 'CONFLICT') => {
      d.audit.append({ at: Date.now(), actor, action: 'order.cancel', subject: order.clientOrderId, outcome: 'refused', detail: { reason: why } });
      return new ApiError(code, why);
    };
    if (isTerminal(order.status) || order.status === 'PENDING_CANCEL' || order.status === 'INITIALIZED') {
      throw refuse(
        order.status === 'PENDING_CANCEL'
          ? 'A cancel for this order is already on its way'
          : `The order is already ${order.status.toLowerCase().replace('_', ' ')}: there is nothing to cancel`,
      );
    }
    // The venue may not know the order yet: cancelling now could miss it. Wait for its answer.
    if (order.status === 'SUBMITTED') throw refuse('The order is still on its way to the venue: cancel it once it is accepted');
    const venue = this.venues.get(order.accountId);
    if (!venue) throw refuse(`${order.accountId} is not connected right now: try again when it is`, 'UNAVAILABLE');
    const pending = this.transact((tx) => {
      d.audit.append({ at: Date.now(), actor, action: 'order.cancel', subject: order.clientOrderId, outcome: 'ok', detail: {} });
      return tx.apply(order, { type: 'OrderPendingCancel' }, now());
    });
    try {
      await venue.broker.cancel(order.clientOrderId, { symbol: order.symbol });
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      const current = d.orders.get(orderId)!;
      if (current.status === 'PENDING_CANCEL') {
        this.transact((tx) => tx.apply(current, { type: 'OrderCancelRejected', reason }, now()));
      }
      throw conflict(`${venue.broker.venue} refused the cancel: ${reason}`);
    }
    return toOrderDto(d.orders.get(orderId) ?? pending);
  }

  /** Changes an open order's quantity or prices, where the venue allows it. */
  async modify(
    orderId: string,
    changes: { qty?: string | number; limitPrice?: string | number; stopPrice?: string | number },
    actor: string,
  ): Promise<Order> {
    const { d } = this;
    const order = d.orders.get(orderId);
    if (!order) throw notFound(`No order ${orderId}`);
    const refuse = (why: string, field?: string): never => {
      d.audit.append({ at: Date.now(), actor, action: 'order.modify', subject: order.clientOrderId, outcome: 'refused', detail: { reason: why } });
      throw field ? new InvalidOrderError(why, field) : conflict(why);
    };
    if (order.status !== 'ACCEPTED' && order.status !== 'PARTIALLY_FILLED') {
      refuse(`The order is ${order.status.toLowerCase().replace('_', ' ')}: only a working order can be changed`);
    }
    const venue = this.venues.get(order.accountId);
    if (!venue) return refuse(`${order.accountId} is not connected right now`);
    if (!venue.capabilities.canModify || !venue.broker.replace) {
      return refuse(`${venue.broker.venue} does not allow changing orders: cancel it and place a new one`);
    }
    if (changes.qty === undefined && changes.limitPrice === undefined && changes.stopPrice === undefined) refuse('Nothing to change');
    // The changed order must pass the same checks as a new one (and a refusal is audited like one).
    let merged: ValidOrder;
    try {
      merged = validateOrder(
      {
        symbol: order.symbol,
        side: order.side,
        type: order.type,
        tif: order.tif,
        qty: changes.qty ?? decStr(order.qty),
        limitPrice: changes.limitPrice ?? (order.limitPrice ? decStr(order.limitPrice) : null),
        stopPrice: changes.stopPrice ?? (order.stopPrice ? decStr(order.stopPrice) : null),
        extras: serializeExtras(order.extras),
      },
      d.rules(order.accountId, order.symbol),
      d.lastPrice(order.accountId, order.symbol),
    );
    } catch (err) {
      if (err instanceof ApiError) {
        d.audit.append({ at: Date.now(), actor, action: 'order.modify', subject: order.clientOrderId, outcome: 'refused', detail: { reason: err.message } });
      }
      throw err;
    }
    if (merged.qty.lte(order.filledQty)) refuse(`The new quantity must be more than the ${decStr(order.filledQty)} already filled`, 'qty');
    const delta = {
      qty: changes.qty !== undefined ? merged.qty : undefined,
      limitPrice: changes.limitPrice !== undefined ? (merged.limitPrice ?? undefined) : undefined,
      stopPrice: changes.stopPrice !== undefined ? (merged.stopPrice ?? undefined) : undefined,
    };
    let ack;
    try {
      ack = await venue.broker.replace(order.clientOrderId, delta, { symbol: order.symbol });
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      return refuse(`${venue.broker.venue} refused the change: ${reason}`);
    }
    const updated = this.transact((tx) => {
      d.audit.append({ at: Date.now(), actor, action: 'order.modify', subject: order.clientOrderId, outcome: 'ok', detail: { ...serializeChanges(delta) } });
      const current = d.orders.get(orderId)!;
      // The order may have finished while the change was on its way: it stands as it ended.
      if (!canApply(current.status, 'OrderUpdated')) return current;
      return tx.apply(
        current,
        {
          type: 'OrderUpdated',
          ...serializeChanges(delta),
          venueOrderId: ack.venueOrderId,
          ...(ack.clientOrderId ? { clientOrderId: ack.clientOrderId } : {}),
        },
        d.now(order.accountId),
      );
    });
    return toOrderDto(updated);
  }

  /** Applies a venue report. Duplicates and reports for orders already closed are ignored. */
  onReport(accountId: string, report: ExecutionReport): void {
    try {
      if (report.kind === 'fill') {
        this.applyVenueFill(accountId, report.fill);
        return;
      }
      const order = this.d.orders.getByClientId(report.clientOrderId);
      if (!order || order.accountId !== accountId) {
        this.d.log.warn('report for an unknown order', { clientOrderId: report.clientOrderId, kind: report.kind, accountId });
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
   * Brings an account's local orders in line with its venue: orders whose submission
   * outcome is unknown are looked up by client order id, missed fills are applied
   * (de-duplicated by trade id), closed orders are closed, venue orders we do not know are
   * adopted, and positions are compared.
   */
  async reconcile(accountId: string): Promise<ReconcileResult> {
    const { d } = this;
    const venue = this.venues.get(accountId);
    if (!venue) throw new ApiError('UNAVAILABLE', `${accountId} is not connected right now`);
    const broker = venue.broker;
    const summary: ReconcileResult = { accountId, checked: 0, adopted: 0, fillsApplied: 0, closed: 0, positionMismatches: [] };
    for (const local of d.orders.open(accountId)) {
      // A submit still waiting for its answer is not missing: its caller will settle it.
      if (this.inFlight.has(local.clientOrderId)) continue;
      summary.checked++;
      const found = await broker.getOrder(local.clientOrderId, { symbol: local.symbol });
      if (!found) {
        // Not in flight (checked above) and unknown to the venue: it never got there. It is
        // closed, never resent: the user decides whether to place it again.
        const data: OrderEventData = {
          type: 'OrderCanceled',
          reason: `Never reached ${broker.venue} (the app stopped before or while sending it); not resent`,
        };
        this.transact((tx) => {
          const current = d.orders.get(local.id)!;
          if (!canApply(current.status, data.type) || current.filledQty.gt(0)) return current;
          summary.closed++;
          return tx.apply(current, data, d.now(accountId));
        });
        continue;
      }
      summary.fillsApplied += await this.syncWithVenue(accountId, local, found);
      if (isTerminal(d.orders.get(local.id)!.status)) summary.closed++;
    }
    for (const found of await broker.openOrders()) {
      if (d.orders.getByClientId(found.clientOrderId)) continue;
      this.adopt(accountId, found);
      summary.adopted++;
      summary.fillsApplied += await this.syncWithVenue(accountId, d.orders.getByClientId(found.clientOrderId)!, found);
    }
    summary.positionMismatches = await this.comparePositions(accountId, broker);
    if (summary.adopted || summary.fillsApplied || summary.closed || summary.positionMismatches.length) {
      d.log.info('reconciled with venue', { ...summary });
      d.audit.append({ at: Date.now(), actor: 'system', action: 'reconcile', subject: accountId, outcome: 'ok', detail: { ...summary } });
    }
    return summary;
  }

  private async syncWithVenue(accountId: string, local: OrderState, found: VenueOrder): Promise<number> {
    const { d } = this;
    const broker = this.venues.get(accountId)!.broker;
    // Read the order afresh inside the transaction: a fill may have been booked while we waited for the venue.
    this.transact((tx) => {
      let s = d.orders.get(local.id)!;
      if (s.status === 'INITIALIZED') s = tx.apply(s, { type: 'OrderSubmitted' }, d.now(accountId));
      if (s.status === 'SUBMITTED') s = tx.apply(s, { type: 'OrderAccepted', venueOrderId: found.venueOrderId }, d.now(accountId));
      return s;
    });
    let applied = 0;
    for (const fill of await broker.fillsOf(found.clientOrderId, { symbol: local.symbol })) {
      if (this.applyVenueFill(accountId, fill)) applied++;
    }
    const state = d.orders.get(local.id)!;
    const closing: OrderEventData | null =
      found.status === 'canceled'
        ? { type: 'OrderCanceled', reason: found.reason ?? 'Canceled at the venue' }
        : found.status === 'expired'
          ? { type: 'OrderExpired', reason: found.reason ?? 'Expired at the venue' }
          : found.status === 'rejected'
            ? { type: 'OrderRejected', reason: found.reason ?? 'Rejected by the venue' }
            : null;
    if (closing && canApply(state.status, closing.type)) {
      this.transact((tx) => {
        const current = d.orders.get(local.id)!;
        return canApply(current.status, closing.type) ? tx.apply(current, closing, d.now(accountId)) : current;
      });
    }
    return applied;
  }

  private adopt(accountId: string, found: VenueOrder): void {
    const { d } = this;
    const owner = ownerFromClientOrderId(found.clientOrderId);
    const spec: OrderSpec = {
      id: newOrderId(),
      clientOrderId: found.clientOrderId,
      accountId,
      // Ours if the id says so (an intent lost before it was written); otherwise placed elsewhere.
      owner: ownerLabel(owner ?? { kind: 'external' }),
      symbol: found.symbol,
      side: found.side,
      type: found.type,
      tif: found.tif,
      qty: found.qty,
      limitPrice: found.limitPrice,
      stopPrice: found.stopPrice,
      extras: SIMPLE,
    };
    this.transact((tx) => {
      let s = tx.apply(null, { type: 'OrderInitialized', spec: serializeSpec(spec) }, found.createdAt);
      s = tx.apply(s, { type: 'OrderSubmitted' }, found.createdAt);
      return tx.apply(s, { type: 'OrderAccepted', venueOrderId: found.venueOrderId }, d.now(accountId));
    });
    d.audit.append({ at: Date.now(), actor: 'system', action: 'order.adopted', subject: found.clientOrderId, outcome: 'ok', detail: { symbol: found.symbol, account: accountId } });
  }

  private async comparePositions(accountId: string, broker: BrokerPort): Promise<ReconcileResult['positionMismatches']> {
    const { d } = this;
    const venue = new Map((await broker.positions()).map((p) => [p.symbol, p.qty]));
    const local = new Map(d.accounts.positions(accountId).map((p) => [p.symbol, p.qty]));
    const out: ReconcileResult['positionMismatches'] = [];
    for (const symbol of new Set([...venue.keys(), ...local.keys()])) {
      const v = venue.get(symbol) ?? ZERO;
      const l = local.get(symbol) ?? ZERO;
      const lot = d.rules(accountId, symbol)?.lotSize ?? ZERO;
      // Within half a lot is the same position: partial fills cannot leave less than a lot.
      if (v.minus(l).abs().gt(lot.div(2))) out.push({ symbol, local: decStr(l), venue: decStr(v) });
    }
    if (out.length) d.log.warn('positions differ from the venue', { accountId, mismatches: out });
    return out;
  }

  /** Books one venue fill: order event, fill row, position and cash in one transaction. */
  private applyVenueFill(accountId: string, f: VenueFill): boolean {
    const { d } = this;
    const order = d.orders.getByClientId(f.clientOrderId);
    if (!order || order.accountId !== accountId) {
      d.log.warn('fill for an unknown order', { clientOrderId: f.clientOrderId, tradeId: f.tradeId, accountId });
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
      const account = d.accounts.get(order.accountId)!;
      const pos = d.accounts.position(order.accountId, order.symbol) ?? emptyPosition(order.accountId, order.symbol, f.at);
      d.accounts.savePosition(positionAfterFill(pos, order, f, account.currency));
      // Fees in the account currency come out of cash; fees in the traded coin came out of the position above.
      const cashFee = f.feeCurrency === account.currency ? f.fee : ZERO;
      d.accounts.setCash(order.accountId, cashAfterFill(account.cash, { side: order.side, qty: f.qty, price: f.price, fee: cashFee }), f.at);
      d.faultPoint?.('fill-before-commit');
      tx.fills.push(fill);
      tx.books.add(order.accountId);
      return state;
    });
    d.faultPoint?.('after-fill-commit');
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
  private async resolveUnknown(accountId: string, clientOrderId: string, attempts = 5): Promise<void> {
    const base = this.d.lookupBackoffMs ?? 200;
    for (let i = 0; i < attempts; i++) {
      await new Promise((r) => setTimeout(r, base * 2 ** i));
      try {
        const local = this.d.orders.getByClientId(clientOrderId);
        if (!local || local.status !== 'SUBMITTED') return;
        const broker = this.venues.get(accountId)?.broker;
        if (!broker) continue;
        const found = await broker.getOrder(clientOrderId, { symbol: local.symbol });
        if (found) {
          await this.syncWithVenue(accountId, local, found);
          return;
        }
      } catch (err) {
        this.d.log.warn('order lookup failed; will retry', { clientOrderId, error: String(err) });
      }
    }
    const local = this.d.orders.getByClientId(clientOrderId);
    if (local && local.status === 'SUBMITTED') {
      // Still unknown after the retries: reconcile will look again after a reconnect or restart.
      this.d.log.warn('order still unknown at the venue after lookups', { clientOrderId });
    }
  }
}

/**
 * A fill's effect on a position. A fee charged in the coin received (Binance charges a
 * buy's fee in the base asset) leaves fewer units for the same cost, so the position
 * carries qty - fee at a proportionally higher average.
 */
function positionAfterFill(pos: PositionState, order: OrderState, f: VenueFill, accountCurrency: string): PositionState {
  const base = order.symbol.includes('/') ? order.symbol.split('/')[0] : undefined;
  const baseFee = base !== undefined && f.feeCurrency === base && f.feeCurrency !== accountCurrency ? f.fee : ZERO;
  if (baseFee.isZero()) return applyFillToPosition(pos, { side: order.side, qty: f.qty, price: f.price, at: f.at });
  const units = order.side === 'buy' ? f.qty.minus(baseFee) : f.qty.plus(baseFee);
  const price = f.qty.times(f.price).div(units);
  return applyFillToPosition(pos, { side: order.side, qty: units, price, at: f.at });
}

function serializeChanges(c: { qty?: Decimal; limitPrice?: Decimal; stopPrice?: Decimal }) {
  return {
    ...(c.qty ? { qty: decStr(c.qty) } : {}),
    ...(c.limitPrice ? { limitPrice: decStr(c.limitPrice) } : {}),
    ...(c.stopPrice ? { stopPrice: decStr(c.stopPrice) } : {}),
  };
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

