import type { Order } from '../../../../../shared/contract';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States';
import { formatExactPrice, formatQty, formatTime } from '../../../lib/format';
import { useOrders } from '../api/listOrders';
import { OrderKind, OrderStatusBadge, SideText } from './OrderStatusBadge';

interface OrderHistoryProps {
  accountId: string;
  onShowOrder(orderId: string): void;
}

/** Every order of the selected account, newest first; a row opens the order's events and fills. */
export function OrderHistory({ accountId, onShowOrder }: OrderHistoryProps) {
  const orders = useOrders(accountId, 'all');
  if (orders.isPending) return <LoadingState>Loading orders…</LoadingState>;
  if (orders.isError) return <ErrorState error={orders.error} what="orders" onRetry={() => void orders.refetch()} />;
  if (orders.data.length === 0) {
    return (
      <EmptyState>
        No orders yet. Place one from the ticket: press <kbd className="kbd">B</kbd> to buy.
      </EmptyState>
    );
  }
  return (
    <div className="table-scroll">
      <table className="data-table data-table--compact" aria-label="Order history">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Symbol</th>
            <th scope="col">Side</th>
            <th scope="col">Type</th>
            <th scope="col" className="num">Qty</th>
            <th scope="col" className="num">Filled</th>
            <th scope="col">Status</th>
            <th scope="col" className="num">Avg price</th>
          </tr>
        </thead>
        <tbody>
          {orders.data.map((order) => (
            <HistoryRow key={order.id} order={order} onShowOrder={onShowOrder} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function HistoryRow({ order, onShowOrder }: { order: Order; onShowOrder(orderId: string): void }) {
  const side = order.side === 'buy' ? 'Buy' : 'Sell';
  // The whole row answers a click; the button in the first cell is the keyboard's way in.
  return (
    <tr className="data-table__row is-clickable" title={order.reason ?? undefined} onClick={() => onShowOrder(order.id)}>
      <td className="time">
        <button
          type="button"
          className="cell-button"
          aria-label={`Details of ${side} ${formatQty(order.qty)} ${order.symbol}, ${order.status.toLowerCase().replace(/_/g, ' ')}`}
          aria-haspopup="dialog"
          onClick={(event) => {
            event.stopPropagation();
            onShowOrder(order.id);
          }}
        >
          {formatTime(order.createdAt)}
        </button>
      </td>
      <td className="symbol-cell">{order.symbol}</td>
      <td>
        <SideText side={order.side} />
      </td>
      <td>
        <OrderKind order={order} />
      </td>
      <td className="num">{formatQty(order.qty)}</td>
      <td className="num">{formatQty(order.filledQty)}</td>
      <td>
        <OrderStatusBadge status={order.status} />
      </td>
      <td className="num">{order.avgFillPrice ? formatExactPrice(order.avgFillPrice) : '—'}</td>
    </tr>
  );
}
