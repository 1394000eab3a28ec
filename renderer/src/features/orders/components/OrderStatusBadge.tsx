import type { OrderStatus } from '../../../../../shared/contract';
import { statusLabel, statusTone } from '../api/orderStatus';

export function OrderStatusBadge({ status }: { status: OrderStatus }) {
  return <span className={`status-badge status-badge--${statusTone(status)}`}>{statusLabel(status)}</span>;
}

export function SideText({ side }: { side: 'buy' | 'sell' }) {
  return <span className={`side side--${side}`}>{side === 'buy' ? 'Buy' : 'Sell'}</span>;
}

export function orderTypeLabel(type: string): string {
  return type === 'stop_limit' ? 'Stop limit' : type.charAt(0).toUpperCase() + type.slice(1);
}
