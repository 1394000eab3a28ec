import type { Order } from '../../../../../shared/contract';
import { describeError } from '../../../api';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States';
import { formatExactPrice, formatQty, formatTime } from '../../../lib/format';
import { useCancelOrder } from '../api/cancelOrder';
import { useOrders } from '../api/listOrders';
import { isCancelable } from '../api/orderStatus';
import { OrderStatusBadge, SideText, orderTypeLabel } from './OrderStatusBadge';

interface OpenOrdersProps {
  onShowOrder(orderId: string): void;
}

/** Orders that can still fill, each with a cancel button. */
export function OpenOrders({ onShowOrder }: OpenOrdersProps) {
  const orders = useOrders('open');
  if (orders.isPending) return <LoadingState>Loading open orders…</LoadingState>;
  if (orders.isError) return <ErrorState error={orders.error} what="open orders" onRetry={() => void orders.refetch()} />;
  if (orders.data.length === 0) {
    return <EmptyState>No open orders. Limit orders wait here until they fill or you cancel them.</EmptyState>;
  }
  return (
    <div className="table-scroll">
      <table className="data-table" aria-label="Open orders">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Symbol</th>
            <th scope="col">Side</th>
            <th scope="col">Type</th>
            <th scope="col" className="num" title="Filled quantity / ordered quantity">
              Filled
            </th>
            <th scope="col" className="num">Limit</th>
            <th scope="col">Status</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {orders.data.map((order) => (
            <OpenOrderRow key={order.id} order={order} onShowOrder={onShowOrder} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function OpenOrderRow({ order, onShowOrder }: { order: Order; onShowOrder(orderId: string): void }) {
  const cancel = useCancelOrder();
  const label = `${order.side === 'buy' ? 'Buy' : 'Sell'} ${formatQty(order.qty)} ${order.symbol}`;
  return (
    <>
      <tr className="data-table__row is-clickable" onClick={() => onShowOrder(order.id)}>
        <td className="time">{formatTime(order.createdAt)}</td>
        <td className="symbol-cell">{order.symbol}</td>
        <td>
          <SideText side={order.side} />
        </td>
        <td>{orderTypeLabel(order.type)}</td>
        <td className="num">
          {formatQty(order.filledQty)}/{formatQty(order.qty)}
        </td>
        <td className="num">{order.limitPrice ? formatExactPrice(order.limitPrice) : '—'}</td>
        <td>
          <OrderStatusBadge status={order.status} />
        </td>
        <td className="actions-cell">
          <button
            type="button"
            className="button button--small button--danger button--icon"
            aria-label={`Cancel order: ${label}`}
            title="Cancel this order"
            disabled={!isCancelable(order.status) || cancel.isPending}
            onClick={(event) => {
              event.stopPropagation();
              cancel.mutate(order.id);
            }}
          >
            {cancel.isPending || order.status === 'PENDING_CANCEL' ? '…' : '✕'}
          </button>
        </td>
      </tr>
      {cancel.isError ? (
        <tr className="data-table__message">
          <td colSpan={8} role="alert">
            Could not cancel {label}: {describeError(cancel.error)}
          </td>
        </tr>
      ) : null}
    </>
  );
}
