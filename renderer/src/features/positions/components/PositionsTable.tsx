import type { Position } from '../../../../../shared/contract';
import { isApiError } from '../../../api';
import { SignedMoney } from '../../../components/Numbers';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States';
import { parseDecimal, signOf } from '../../../lib/decimal';
import { formatExactPrice, formatMoney, formatQty } from '../../../lib/format';
import { usePositions } from '../api/listPositions';

interface PositionsTableProps {
  accountId: string;
  currency: string;
  selectedSymbol: string | null;
  /** Clicking a position shows its symbol on the chart and the ticket. */
  onSelectSymbol(symbol: string): void;
}

function isOpen(position: Position): boolean {
  const qty = parseDecimal(position.qty);
  return qty !== null && signOf(qty) !== 0;
}

/** Open positions with average price, market value and P&L, marked to the latest price. */
export function PositionsTable({ accountId, currency, selectedSymbol, onSelectSymbol }: PositionsTableProps) {
  const positions = usePositions(accountId);
  if (positions.isPending) return <LoadingState>Loading positions…</LoadingState>;
  if (positions.isError) {
    if (isApiError(positions.error) && positions.error.code === 'NOT_FOUND') {
      return <EmptyState>No positions known yet: this account has not connected.</EmptyState>;
    }
    return <ErrorState error={positions.error} what="positions" onRetry={() => void positions.refetch()} />;
  }
  const open = positions.data.filter(isOpen);
  if (open.length === 0) {
    return <EmptyState>No positions yet. Place an order from the ticket.</EmptyState>;
  }
  return (
    <div className="table-scroll">
      <table className="data-table data-table--compact" aria-label="Positions">
        <thead>
          <tr>
            <th scope="col">Symbol</th>
            <th scope="col" className="num">Qty</th>
            <th scope="col" className="num">Avg price</th>
            <th scope="col" className="num">Last</th>
            <th scope="col" className="num">Mkt value</th>
            <th scope="col" className="num" title="Unrealized profit and loss">Unreal. P&amp;L</th>
            <th scope="col" className="num" title="Realized profit and loss">Real. P&amp;L</th>
          </tr>
        </thead>
        <tbody>
          {open.map((position) => {
            const select = () => onSelectSymbol(position.symbol);
            return (
              <tr
                key={`${position.accountId}:${position.symbol}`}
                className={`data-table__row is-clickable${position.symbol === selectedSymbol ? ' is-selected' : ''}`}
                onClick={select}
              >
                <td className="symbol-cell">
                  <button
                    type="button"
                    className="cell-button"
                    title={`Put ${position.symbol} on the ticket`}
                    onClick={(event) => {
                      event.stopPropagation();
                      select();
                    }}
                  >
                    {position.symbol}
                  </button>
                </td>
                <td className={`num ${position.qty.startsWith('-') ? 'down' : ''}`}>{formatQty(position.qty)}</td>
                <td className="num">{formatExactPrice(position.avgPrice)}</td>
                <td className="num">{formatExactPrice(position.marketPrice)}</td>
                <td className="num">{formatMoney(position.marketValue, currency)}</td>
                <td className="num">
                  <SignedMoney value={position.unrealizedPnl} currency={currency} />
                </td>
                <td className="num">
                  <SignedMoney value={position.realizedPnl} currency={currency} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
