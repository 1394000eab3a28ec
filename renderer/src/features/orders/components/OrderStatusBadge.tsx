import type { Order, OrderStatus } from '../../../../../shared/contract';
import { formatExactPrice } from '../../../lib/format';
import { statusLabel, statusTone } from '../api/orderStatus';
import { orderClassLabel, orderTypeLabel } from '../lib/orderLabels';

export { orderClassLabel, orderKindLabel, orderPriceText, orderTypeLabel } from '../lib/orderLabels';

export function OrderStatusBadge({ status }: { status: OrderStatus }) {
  return <span className={`status-badge status-badge--${statusTone(status)}`}>{statusLabel(status)}</span>;
}

export function SideText({ side }: { side: 'buy' | 'sell' }) {
  return <span className={`side side--${side}`}>{side === 'buy' ? 'Buy' : 'Sell'}</span>;
}

/** The exits attached to a bracket / OCO / OTO order, as "TP 200.00 · SL 180.00". */
export function OrderExits({ order }: { order: Order }) {
  if (!order.takeProfitPrice && !order.stopLossPrice) return <span className="order-exits order-exits--none">—</span>;
  return (
    <span className="order-exits">
      {order.takeProfitPrice ? (
        <span className="order-exits__tp" title="Take-profit: a limit order to close at this price">
          TP {formatExactPrice(order.takeProfitPrice)}
        </span>
      ) : null}
      {order.stopLossPrice ? (
        <span className="order-exits__sl" title="Stop-loss: a stop order to close at this price">
          SL {formatExactPrice(order.stopLossPrice)}
        </span>
      ) : null}
    </span>
  );
}

/** "Limit" with a small chip for the order class of a bracket / OCO / OTO order. */
export function OrderKind({ order }: { order: Pick<Order, 'type' | 'orderClass'> }) {
  return (
    <>
      {orderTypeLabel(order.type)}
      {order.orderClass !== 'simple' ? (
        <>
          {' '}
          <span className="order-class">{orderClassLabel(order.orderClass)}</span>
        </>
      ) : null}
    </>
  );
}
