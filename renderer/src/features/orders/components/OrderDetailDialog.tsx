import { useEffect, useRef, type ReactNode } from 'react';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States';
import type { Order } from '../../../../../shared/contract';
import { EMPTY_VALUE, formatDateTime, formatExactPrice, formatQty, formatTime } from '../../../lib/format';
import { useOrderHistory } from '../api/getOrderHistory';
import { describeOrderEvent } from '../lib/describeOrderEvent';
import { orderClassLabel, orderKindLabel, orderTypeLabel } from '../lib/orderLabels';
import { OrderStatusBadge, SideText } from './OrderStatusBadge';

interface OrderDetailDialogProps {
  orderId: string;
  /** The name of the order's account, as the account list knows it. */
  accountName?: (accountId: string) => string;
  onClose(): void;
}

/** "OrderPartiallyFilled" -> "Partially filled". */
function eventLabel(type: string): string {
  const words = type.replace(/^Order/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** One order's full story: its fields, every event in order, and its fills. A modal dialog; Esc closes it. */
export function OrderDetailDialog({ orderId, accountName, onClose }: OrderDetailDialogProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const history = useOrderHistory(orderId);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  const order = history.data?.order;
  const title = order
    ? `${order.side === 'buy' ? 'Buy' : 'Sell'} ${formatQty(order.qty)} ${order.symbol} · ${orderKindLabel(order)}`
    : 'Order';

  return (
    <dialog
      ref={dialogRef}
      className="dialog order-detail"
      aria-label={`Order details: ${title}`}
      onClose={onClose}
      onClick={(event) => {
        // A click on the backdrop (the dialog element itself, outside its content) closes it.
        if (event.target === dialogRef.current) onClose();
      }}
    >
      <div className="dialog__content">
        <header className="dialog__header">
          <h2>{title}</h2>
          {order ? <OrderStatusBadge status={order.status} /> : null}
          <button type="button" className="button button--small dialog__close" onClick={onClose}>
            Close
          </button>
        </header>
        {history.isPending ? (
          <LoadingState>Loading the order’s events…</LoadingState>
        ) : history.isError ? (
          <ErrorState error={history.error} what="this order" onRetry={() => void history.refetch()} />
        ) : (
          <>
            <OrderFacts order={history.data.order} accountName={accountName} />

            <h3 className="dialog__section-title">Events</h3>
            {history.data.events.length === 0 ? (
              <EmptyState>No events recorded.</EmptyState>
            ) : (
              <table className="data-table" aria-label="Order events">
                <thead>
                  <tr>
                    <th scope="col" className="num">#</th>
                    <th scope="col">Time</th>
                    <th scope="col">Event</th>
                    <th scope="col">Details</th>
                  </tr>
                </thead>
                <tbody>
                  {history.data.events.map((event) => (
                    <tr key={event.seq}>
                      <td className="num">{event.seq}</td>
                      <td className="time">{formatTime(event.at)}</td>
                      <td>{eventLabel(event.type)}</td>
                      <td className="detail-text">{describeOrderEvent(event)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}

            <h3 className="dialog__section-title">Fills</h3>
            {history.data.fills.length === 0 ? (
              <EmptyState>No fills yet.</EmptyState>
            ) : (
              <table className="data-table" aria-label="Order fills">
                <thead>
                  <tr>
                    <th scope="col">Time</th>
                    <th scope="col" className="num">Qty</th>
                    <th scope="col" className="num">Price</th>
                    <th scope="col" className="num">Fee</th>
                    <th scope="col">Fee ccy</th>
                    <th scope="col">Liquidity</th>
                    <th scope="col">Trade id</th>
                  </tr>
                </thead>
                <tbody>
                  {history.data.fills.map((fill) => (
                    <tr key={fill.id}>
                      <td className="time">{formatTime(fill.at)}</td>
                      <td className="num">{formatQty(fill.qty)}</td>
                      <td className="num">{formatExactPrice(fill.price)}</td>
                      {/* Fees may be charged in the base asset (crypto): shown as the amount and its currency, never as dollars. */}
                      <td className="num">{formatQty(fill.fee)}</td>
                      <td>{fill.feeCurrency}</td>
                      <td>{fill.liquidity}</td>
                      <td>
                        <code>{fill.venueTradeId}</code>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </>
        )}
      </div>
    </dialog>
  );
}

function OrderFacts({ order, accountName }: { order: Order; accountName?: (accountId: string) => string }) {
  return (
    <dl className="detail-grid">
      <Detail term="Side">
        <SideText side={order.side} />
      </Detail>
      <Detail term="Quantity">{formatQty(order.qty)}</Detail>
      <Detail term="Filled">{formatQty(order.filledQty)}</Detail>
      <Detail term="Avg fill price">{formatExactPrice(order.avgFillPrice)}</Detail>
      <Detail term="Type">{orderTypeLabel(order.type)}</Detail>
      <Detail term="Order class">{orderClassLabel(order.orderClass)}</Detail>
      <Detail term="Limit price">{formatExactPrice(order.limitPrice)}</Detail>
      <Detail term="Stop price">{formatExactPrice(order.stopPrice)}</Detail>
      {order.trailPrice || order.trailPercent ? (
        <Detail term="Trail">{order.trailPrice ? formatExactPrice(order.trailPrice) : `${order.trailPercent}%`}</Detail>
      ) : null}
      {order.orderClass !== 'simple' ? (
        <>
          <Detail term="Take-profit">{formatExactPrice(order.takeProfitPrice)}</Detail>
          <Detail term="Stop-loss">{formatExactPrice(order.stopLossPrice)}</Detail>
        </>
      ) : null}
      <Detail term="Time in force">{order.tif.toUpperCase()}</Detail>
      <Detail term="Account">{accountName ? accountName(order.accountId) : order.accountId}</Detail>
      <Detail term="Created">{formatDateTime(order.createdAt)}</Detail>
      <Detail term="Updated">{formatDateTime(order.updatedAt)}</Detail>
      <Detail term="Placed by">{order.owner}</Detail>
      <Detail term="Client order id">
        <code>{order.clientOrderId}</code>
      </Detail>
      <Detail term="Venue order id">
        <code>{order.venueOrderId ?? EMPTY_VALUE}</code>
      </Detail>
      {order.reason ? <Detail term="Reason">{order.reason}</Detail> : null}
    </dl>
  );
}

function Detail({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="detail-grid__item">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}
