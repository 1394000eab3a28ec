import { useState, type FormEvent } from 'react';
import type { SourceInfo } from '../../../../../shared/contract';
import { describeError } from '../../../api';
import { useLiveSubscription } from '../../market/api/liveSubscriptions';
import { useLiveBook } from '../api/liveBook';
import { useLiveTrades } from '../api/liveTrades';
import { OrderBook } from './OrderBook';
import { TradesFeed } from './TradesFeed';

export interface WatchedSymbol {
  symbol: string;
  /** Price decimals (from the instrument's tick size). */
  decimals: number;
}

interface LiveMarketProps {
  source: SourceInfo;
  watched: WatchedSymbol | null;
  onWatch(watched: WatchedSymbol | null): void;
}

/**
 * The trades feed and, where the source has one, the order book of one symbol, subscribed
 * while it is on screen (market.subscribe with trades and book).
 */
export function LiveMarket({ source, watched, onWatch }: LiveMarketProps) {
  const [text, setText] = useState('');
  const symbol = watched?.symbol ?? null;
  const hasBook = source.hasOrderBook;
  const live = useLiveSubscription(source.id, source.canStream ? symbol : null, { trades: true, book: hasBook });
  const trades = useLiveTrades(source.id, symbol);
  const book = useLiveBook(source.id, symbol, hasBook);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const typed = text.trim().toUpperCase();
    if (!typed) return;
    onWatch({ symbol: typed, decimals: 2 });
    setText('');
  };

  return (
    <div className="live-market">
      <form className="live-market__controls" aria-label="Watch a symbol" onSubmit={onSubmit}>
        <input
          className="input input--compact"
          aria-label="Symbol to watch"
          placeholder={symbol ? `Watching ${symbol}` : 'Symbol, or “Live” in the search'}
          value={text}
          spellCheck={false}
          autoComplete="off"
          onChange={(event) => setText(event.target.value)}
        />
        <button type="submit" className="button button--small" disabled={!text.trim()}>
          Watch
        </button>
        {symbol ? (
          <button type="button" className="button button--small" onClick={() => onWatch(null)}>
            Stop
          </button>
        ) : null}
        <span className="live-market__status" role="status">
          {!source.canStream
            ? `${source.name} has no live stream.`
            : !symbol
              ? ''
              : live.status === 'live'
                ? `${symbol}: live`
                : live.status === 'failed'
                  ? null
                  : `${symbol}: subscribing…`}
        </span>
      </form>
      {live.status === 'failed' ? (
        <p className="form-error" role="alert">
          Live data for {symbol} is unavailable: {describeError(live.error)}
        </p>
      ) : null}
      {symbol ? (
        <div className={`live-market__panes${hasBook ? '' : ' live-market__panes--trades-only'}`}>
          <section aria-label="Order book" className="live-market__pane">
            <h3 className="live-market__title">Order book</h3>
            {hasBook ? (
              <OrderBook book={book.data ?? null} decimals={watched?.decimals ?? 2} />
            ) : (
              <p className="live-market__waiting">{source.name} publishes no order book: trades only.</p>
            )}
          </section>
          <section aria-label="Trades" className="live-market__pane">
            <h3 className="live-market__title">Trades</h3>
            <TradesFeed symbol={symbol} trades={trades.data ?? []} decimals={watched?.decimals ?? 2} />
          </section>
        </div>
      ) : (
        <p className="live-market__waiting">Pick a symbol to see its trades{hasBook ? ' and order book' : ''} as they happen.</p>
      )}
    </div>
  );
}
