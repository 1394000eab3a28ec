import type { Order, OrderClass, OrderType } from '../../../../../shared/contract';
import { formatExactPrice } from '../../../lib/format';

const TYPE_LABELS: Record<OrderType, string> = {
  market: 'Market',
  limit: 'Limit',
  stop: 'Stop',
  stop_limit: 'Stop limit',
  trailing_stop: 'Trailing stop',
};

export function orderTypeLabel(type: string): string {
  return TYPE_LABELS[type as OrderType] ?? type.charAt(0).toUpperCase() + type.slice(1).replace(/_/g, ' ');
}

const CLASS_LABELS: Record<OrderClass, string> = { simple: 'Simple', bracket: 'Bracket', oco: 'OCO', oto: 'OTO' };

export function orderClassLabel(orderClass: OrderClass): string {
  return CLASS_LABELS[orderClass];
}

/** "Limit", or "Limit · Bracket" for an order with attached exits. */
export function orderKindLabel(order: Pick<Order, 'type' | 'orderClass'>): string {
  const type = orderTypeLabel(order.type);
  return order.orderClass === 'simple' ? type : `${type} · ${orderClassLabel(order.orderClass)}`;
}

/** The order's own price terms in a few characters: "185.00", "stop 180.00", "trail 2%". */
export function orderPriceText(order: Order): string {
  const parts: string[] = [];
  if (order.limitPrice) parts.push(formatExactPrice(order.limitPrice));
  if (order.stopPrice) parts.push(`stop ${formatExactPrice(order.stopPrice)}`);
  if (order.trailPrice) parts.push(`trail ${formatExactPrice(order.trailPrice)}`);
  if (order.trailPercent) parts.push(`trail ${order.trailPercent}%`);
  return parts.length ? parts.join(' · ') : order.type === 'market' ? 'Market' : '—';
}
