import type { LiveTrade } from '../api/liveTrades';
import { formatPrice, formatQty } from '../../../lib/format';

const ROWS = 100;
const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });

interface TradesFeedProps {
  symbol: string;
  trades: readonly LiveTrade[];
  decimals: number;
}

/** The symbol's trades as they print, newest on top. */
export function TradesFeed({ symbol, trades, decimals }: TradesFeedProps) {
  if (trades.length === 0) return <p className="live-market__waiting">Waiting for trades…</p>;
  return (
    <table className="data-table data-table--compact trades-feed" aria-label={`Trades of ${symbol}`}>
      <thead>
        <tr>
          <th>Time</th>
          <th className="num">Price</th>
          <th className="num">Size</th>
          <th>Side</th>
        </tr>
      </thead>
      <tbody>
        {trades.slice(0, ROWS).map((trade, i) => (
          <tr key={`${trade.t}-${i}`}>
            <td className="time">
              {clock.format(trade.t)}.{String(trade.t % 1000).padStart(3, '0')}
            </td>
            <td className={`num ${trade.side === 'buy' ? 'up' : trade.side === 'sell' ? 'down' : ''}`}>{formatPrice(trade.price, decimals)}</td>
            <td className="num">{formatQty(trade.size)}</td>
            <td className={trade.side === 'buy' ? 'side--buy' : trade.side === 'sell' ? 'side--sell' : 'flat'}>{trade.side ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
