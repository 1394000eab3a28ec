import type { OrderStatus } from '../../../../../shared/contract';

/** Statuses in which an order can still fill or be cancelled. */
const OPEN_STATUSES: ReadonlySet<OrderStatus> = new Set<OrderStatus>([
  'INITIALIZED',
  'SUBMITTED',
  'ACCEPTED',
  'PARTIALLY_FILLED',
  'PENDING_CANCEL',
]);

export function isOpenStatus(status: OrderStatus): boolean {
  return OPEN_STATUSES.has(status);
}

/** Cancel is offered only where the engine can accept it. */
export function isCancelable(status: OrderStatus): boolean {
  return status === 'SUBMITTED' || status === 'ACCEPTED' || status === 'PARTIALLY_FILLED';
}

/** Quantity and prices can be changed only while the venue holds the order working. */
export function isModifiable(status: OrderStatus): boolean {
  return status === 'ACCEPTED' || status === 'PARTIALLY_FILLED';
}

export type StatusTone = 'working' | 'filled' | 'failed' | 'ended';

/** How a status is colored: working (blue), filled (green), failed (red), ended (grey). */
export function statusTone(status: OrderStatus): StatusTone {
  switch (status) {
    case 'FILLED':
      return 'filled';
    case 'DENIED':
    case 'REJECTED':
      return 'failed';
    case 'CANCELED':
    case 'EXPIRED':
      return 'ended';
    default:
      return 'working';
  }
}

/** "PARTIALLY_FILLED" -> "Partially filled". */
export function statusLabel(status: OrderStatus): string {
  const words = status.toLowerCase().replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Position of a status in an order's life, to order two states stamped in the same millisecond. */
export function lifecycleRank(status: OrderStatus): number {
  switch (status) {
    case 'INITIALIZED':
      return 0;
    case 'SUBMITTED':
      return 1;
    case 'ACCEPTED':
      return 2;
    case 'PARTIALLY_FILLED':
      return 3;
    case 'PENDING_CANCEL':
      return 4;
    default:
      return 5;
  }
}
