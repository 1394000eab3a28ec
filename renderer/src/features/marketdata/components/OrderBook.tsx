import type { BookSnapshot } from '../api/liveBook';
import { formatPrice, formatQty } from '../../../lib/format';

const LEVELS = 12;

interface OrderBookProps {
  book: BookSnapshot | null;
  decimals: number;
}

/** Best asks above best bids, each level with its size and a bar of the depth up to it. */
export function OrderBook({ book, decimals }: OrderBookProps) {
  if (!book) return <p className="live-market__waiting">Waiting for the order book…</p>;
  const asks = book.asks.slice(0, LEVELS);
  const bids = book.bids.slice(0, LEVELS);
  const depth = (levels: typeof asks) => {
    let total = 0;
    return levels.map(([, size]) => (total += size));
  };
  const askDepth = depth(asks);
  const bidDepth = depth(bids);
  const max = Math.max(askDepth.at(-1) ?? 0, bidDepth.at(-1) ?? 0) || 1;
  const bestAsk = asks[0]?.[0];
  const bestBid = bids[0]?.[0];
  const spread = bestAsk !== undefined && bestBid !== undefined ? bestAsk - bestBid : null;

  const row = (side: 'ask' | 'bid', [price, size]: [number, number], cumulative: number) => (
    <tr key={`${side}-${price}`} className={`order-book__row order-book__row--${side}`}>
      <td className={`num ${side === 'ask' ? 'down' : 'up'}`}>{formatPrice(price, decimals)}</td>
      <td className="num">{formatQty(size)}</td>
      <td className="order-book__depth">
        <span style={{ width: `${(cumulative / max) * 100}%` }} />
      </td>
    </tr>
  );

  return (
    <table className="data-table data-table--compact order-book" aria-label={`Order book of ${book.symbol}`}>
      <thead>
        <tr>
          <th className="num">Price</th>
          <th className="num">Size</th>
          <th>Depth</th>
        </tr>
      </thead>
      <tbody>
        {asks.map((level, i) => ({ level, cumulative: askDepth[i]! })).reverse().map(({ level, cumulative }) => row('ask', level, cumulative))}
        <tr className="order-book__spread">
          <td colSpan={3}>
            Spread {spread === null ? '—' : formatPrice(spread, decimals)}
            {spread !== null && bestBid ? ` (${((spread / bestBid) * 10_000).toFixed(1)} bp)` : ''}
          </td>
        </tr>
        {bids.map((level, i) => row('bid', level, bidDepth[i]!))}
      </tbody>
    </table>
  );
}
