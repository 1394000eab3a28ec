import { useState } from 'react';
import type { Order } from '../../../../../shared/contract';
import { describeError } from '../../../api';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States';
import { formatQty, formatTime } from '../../../lib/format';
import { useCancelOrder } from '../api/cancelOrder';
import { useOrders } from '../api/listOrders';
import { isCancelable, isModifiable } from '../api/orderStatus';
import { orderPriceText } from '../lib/orderLabels';
import { ModifyOrderDialog } from './ModifyOrderDialog';
import { OrderExits, OrderKind, OrderStatusBadge, SideText } from './OrderStatusBadge';

interface OpenOrdersProps {
  accountId: string;
  /** The account's venue can change working orders in place. */
  canModify: boolean;
  onShowOrder(orderId: string): void;
}

const COLUMNS = 8;

/** The selected account's working orders, each with cancel and, where the venue allows it, modify. */
export function OpenOrders({ accountId, canModify, onShowOrder }: OpenOrdersProps) {
  const orders = useOrders(accountId, 'open');
  const [modifying, setModifying] = useState<Order | null>(null);
  if (orders.isPending) return <LoadingState>Loading open orders…</LoadingState>;
  if (orders.isError) return <ErrorState error={orders.error} what="open orders" onRetry={() => void orders.refetch()} />;
  if (orders.data.length === 0) {
    return <EmptyState>No open orders. Limit and stop orders wait here until they fill or you cancel them.</EmptyState>;
  }
  return (
    <div className="table-scroll">
      <table className="data-table data-table--compact" aria-label="Open orders">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Order</th>
            <th scope="col">Type</th>
            <th scope="col" className="num" title="Filled quantity / ordered quantity">
              Filled
            </th>
            <th scope="col" className="num">Price</th>
            <th scope="col" title="Take-profit and stop-loss attached to the order">
              Exits
            </th>
            <th scope="col">Status</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {orders.data.map((order) => (
            <OpenOrderRow
              key={order.id}
              order={order}
              canModify={canModify}
              onModify={() => setModifying(order)}
              onShowOrder={onShowOrder}
            />
          ))}
        </tbody>
      </table>
      {modifying ? (
        // The dialog works on the order as it is now, not as it was when it opened.
        <ModifyOrderDialog
          order={orders.data.find((order) => order.id === modifying.id) ?? modifying}
          onClose={() => setModifying(null)}
        />
      ) : null}
    </div>
  );
}

interface OpenOrderRowProps {
  order: Order;
  canModify: boolean;
  onModify(): void;
  onShowOrder(orderId: string): void;
}

function OpenOrderRow({ order, canModify, onModify, onShowOrder }: OpenOrderRowProps) {
  const cancel = useCancelOrder();
  const label = `${order.side === 'buy' ? 'Buy' : 'Sell'} ${formatQty(order.qty)} ${order.symbol}`;
  const modifiable = canModify && isModifiable(order.status) && order.type !== 'market';
  return (
    <>
      <tr className="data-table__row is-clickable" onClick={() => onShowOrder(order.id)} title={order.owner !== 'manual' ? `Placed by ${order.owner}` : undefined}>
        <td className="time">
          <button
            type="button"
            className="cell-button"
            aria-label={`Details of ${label}`}
            aria-haspopup="dialog"
            onClick={(event) => {
              event.stopPropagation();
              onShowOrder(order.id);
            }}
          >
            {formatTime(order.createdAt)}
          </button>
        </td>
        <td className="symbol-cell">
          <SideText side={order.side} /> {order.symbol}
        </td>
        <td>
          <OrderKind order={order} />
        </td>
        <td className="num">
          {formatQty(order.filledQty)}/{formatQty(order.qty)}
        </td>
        <td className="num">{orderPriceText(order)}</td>
        <td>
          <OrderExits order={order} />
        </td>
        <td>
          <OrderStatusBadge status={order.status} />
        </td>
        <td className="actions-cell">
          {canModify ? (
            <button
              type="button"
              className="button button--small button--icon"
              aria-label={`Modify order: ${label}`}
              aria-haspopup="dialog"
              title={modifiable ? 'Change quantity or price' : 'Only a working order can be changed'}
              disabled={!modifiable}
              onClick={(event) => {
                event.stopPropagation();
                onModify();
              }}
            >
              ✎
            </button>
          ) : null}
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
          <td colSpan={COLUMNS} role="alert">
            Could not cancel {label}: {describeError(cancel.error)}
          </td>
        </tr>
      ) : null}
    </>
  );
}
