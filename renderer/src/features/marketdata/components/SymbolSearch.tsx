import { useEffect, useState } from 'react';
import type { Instrument, MarketKind, SourceInfo } from '../../../../../shared/contract';
import { describeError, isApiError } from '../../../api';
import { EmptyState, LoadingState } from '../../../components/States';
import { formatQty } from '../../../lib/format';
import type { MarketFilter } from '../api/marketDataKeys';
import { SEARCH_LIMIT, useInstrumentSearch } from '../api/searchInstruments';

const MARKET_LABELS: Record<MarketKind, string> = {
  us_equity: 'US equities',
  crypto_spot: 'Crypto spot',
  crypto_derivatives: 'Crypto derivatives',
};

const ASSET_LABELS: Record<Instrument['assetClass'], string> = { us_equity: 'Equity', crypto: 'Crypto' };

interface SymbolSearchProps {
  source: SourceInfo;
  onBackfill(symbol: string): void;
  onWatch(instrument: Instrument): void;
  /** Open the symbol on the trading view's chart (only for the market it shows). */
  onChart?(symbol: string): void;
}

/** Instruments of the source by market and text, with what it takes to trade them. */
export function SymbolSearch({ source, onBackfill, onWatch, onChart }: SymbolSearchProps) {
  const [market, setMarket] = useState<MarketFilter>('all');
  const [text, setText] = useState('');
  const query = useDebounced(text.trim(), 250);
  const effectiveMarket = market !== 'all' && !source.markets.includes(market) ? 'all' : market;
  const results = useInstrumentSearch(source.id, effectiveMarket, query);

  return (
    <div className="symbol-search">
      <div className="symbol-search__controls">
        <select
          className="input input--compact"
          aria-label="Market"
          value={effectiveMarket}
          onChange={(event) => setMarket(event.target.value as MarketFilter)}
        >
          <option value="all">All markets</option>
          {source.markets.map((kind) => (
            <option key={kind} value={kind}>
              {MARKET_LABELS[kind]}
            </option>
          ))}
        </select>
        <input
          type="search"
          className="input input--compact symbol-search__query"
          aria-label="Search instruments"
          placeholder={`Symbol or name on ${source.name}`}
          value={text}
          spellCheck={false}
          autoComplete="off"
          onChange={(event) => setText(event.target.value)}
        />
        {results.isFetching ? <span className="spinner" aria-label="Searching" /> : null}
      </div>
      {results.isPending ? (
        <LoadingState>Searching…</LoadingState>
      ) : results.isError ? (
        <div className="state state--error" role="alert">
          {isApiError(results.error) && results.error.code === 'UNAVAILABLE'
            ? `Search is unavailable for ${source.name}: ${results.error.message}`
            : `Search failed: ${describeError(results.error)}`}
          <button type="button" className="button button--small" onClick={() => void results.refetch()}>
            Retry
          </button>
        </div>
      ) : results.data.length === 0 ? (
        <EmptyState>{query ? `Nothing on ${source.name} matches “${query}”.` : `${source.name} lists no instruments here.`}</EmptyState>
      ) : (
        <div className="table-scroll symbol-search__results">
          <table className="data-table data-table--compact" aria-label="Instruments">
            <thead>
              <tr>
                <th>Symbol</th>
                <th className="num" title="Smallest price step">Tick</th>
                <th className="num" title="Smallest quantity step">Lot</th>
                <th className="num" title="Smallest order value">Min notional</th>
                <th title="Tradable · fractionable · shortable">Trade</th>
                <th>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {results.data.map((instrument) => (
                <tr key={instrument.symbol} className="data-table__row">
                  <td className="symbol-search__symbol" title={`${instrument.name} (${ASSET_LABELS[instrument.assetClass]})`}>
                    <strong>{instrument.symbol}</strong>
                    <span className="symbol-search__name">
                      {instrument.name} · {ASSET_LABELS[instrument.assetClass]}
                    </span>
                  </td>
                  <td className="num">{instrument.tickSize}</td>
                  <td className="num" title={`Min qty ${formatQty(instrument.minQty)}`}>
                    {formatQty(instrument.lotSize)}
                  </td>
                  <td className="num">
                    {formatQty(instrument.minNotional)} {instrument.quoteCurrency}
                  </td>
                  <td>
                    <Flags instrument={instrument} />
                  </td>
                  <td className="actions-cell">
                    <button
                      type="button"
                      className="button button--small"
                      aria-label={`Add ${instrument.symbol} to the backfill`}
                      onClick={() => onBackfill(instrument.symbol)}
                    >
                      + Backfill
                    </button>
                    <button
                      type="button"
                      className="button button--small"
                      aria-label={`Watch ${instrument.symbol} live`}
                      onClick={() => onWatch(instrument)}
                    >
                      Live
                    </button>
                    {onChart ? (
                      <button
                        type="button"
                        className="button button--small"
                        aria-label={`Open ${instrument.symbol} on the chart`}
                        onClick={() => onChart(instrument.symbol)}
                      >
                        Chart
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {results.data.length >= SEARCH_LIMIT ? (
            <p className="symbol-search__more">The first {SEARCH_LIMIT} matches; type more to narrow the search.</p>
          ) : null}
        </div>
      )}
    </div>
  );
}

function Flags({ instrument }: { instrument: Instrument }) {
  const flag = (on: boolean, label: string) => (
    <span className={`flag${on ? ' flag--on' : ' flag--off'}`} title={on ? label : `not ${label}`}>
      <span aria-hidden="true">{on ? '✓ ' : '✗ '}</span>
      {on ? null : <span className="sr-only">not </span>}
      {label}
    </span>
  );
  return (
    <span className="flags">
      {flag(instrument.tradable, 'tradable')}
      {flag(instrument.fractionable, 'fractionable')}
      {flag(instrument.shortable, 'shortable')}
    </span>
  );
}

function useDebounced<T>(value: T, delayMs: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return debounced;
}
