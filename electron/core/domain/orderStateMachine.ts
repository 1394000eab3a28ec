import type { OrderEventType, OrderStatus } from '../../../shared/contract';

/**
 * The one table of legal order transitions: (status, event) -> next status.
 * Anything not listed is a bug or a venue report we do not understand, and is refused.
 * "RESTORE" means: back to where the order was before the cancel request (a cancel was
 * refused by the venue), which is PARTIALLY_FILLED if anything filled, else ACCEPTED.
 */
type Next = OrderStatus | 'RESTORE';

export const TRANSITIONS: Readonly<Record<OrderStatus, Readonly<Partial<Record<OrderEventType, Next>>>>> = {
  INITIALIZED: {
    OrderDenied: 'DENIED',
    OrderSubmitted: 'SUBMITTED',
    // The intent was written but never reached a venue (we crashed before sending, and
    // the venue has no order with our client id): it is closed, not resent.
    OrderCanceled: 'CANCELED',
  },
  SUBMITTED: {
    OrderAccepted: 'ACCEPTED',
    OrderRejected: 'REJECTED',
    OrderPartiallyFilled: 'PARTIALLY_FILLED',
    OrderFilled: 'FILLED',
    OrderPendingCancel: 'PENDING_CANCEL',
    OrderCanceled: 'CANCELED',
    OrderExpired: 'EXPIRED',
  },
  ACCEPTED: {
    OrderUpdated: 'ACCEPTED',
    // Venues may refuse an order after acknowledging it (Alpaca's late "rejected" update).
    OrderRejected: 'REJECTED',
    OrderPartiallyFilled: 'PARTIALLY_FILLED',
    OrderFilled: 'FILLED',
    OrderPendingCancel: 'PENDING_CANCEL',
    OrderCanceled: 'CANCELED',
    OrderExpired: 'EXPIRED',
  },
  PARTIALLY_FILLED: {
    OrderUpdated: 'PARTIALLY_FILLED',
    OrderPartiallyFilled: 'PARTIALLY_FILLED',
    OrderFilled: 'FILLED',
    OrderPendingCancel: 'PENDING_CANCEL',
    OrderCanceled: 'CANCELED',
    OrderExpired: 'EXPIRED',
  },
  PENDING_CANCEL: {
    // Fills can still arrive while a cancel is in flight.
    OrderPartiallyFilled: 'PENDING_CANCEL',
    OrderFilled: 'FILLED',
    OrderCanceled: 'CANCELED',
    OrderCancelRejected: 'RESTORE',
    OrderExpired: 'EXPIRED',
  },
  DENIED: {},
  REJECTED: {},
  FILLED: {},
  CANCELED: {},
  EXPIRED: {},
};

export const OPEN_STATUSES: ReadonlySet<OrderStatus> = new Set([
  'INITIALIZED',
  'SUBMITTED',
  'ACCEPTED',
  'PARTIALLY_FILLED',
  'PENDING_CANCEL',
]);

export const isOpen = (status: OrderStatus) => OPEN_STATUSES.has(status);
export const isTerminal = (status: OrderStatus) => !OPEN_STATUSES.has(status);

export class IllegalTransitionError extends Error {
  constructor(
    readonly status: OrderStatus,
    readonly event: OrderEventType,
  ) {
    super(`An order that is ${status} cannot take ${event}`);
    this.name = 'IllegalTransitionError';
  }
}

export function nextStatus(status: OrderStatus, event: OrderEventType, hasFills: boolean): OrderStatus {
  const next = TRANSITIONS[status][event];
  if (next === undefined) throw new IllegalTransitionError(status, event);
  if (next === 'RESTORE') return hasFills ? 'PARTIALLY_FILLED' : 'ACCEPTED';
  return next;
}

export function canApply(status: OrderStatus, event: OrderEventType): boolean {
  return TRANSITIONS[status][event] !== undefined;
}
