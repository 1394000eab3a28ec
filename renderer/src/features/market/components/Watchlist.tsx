import { useImperativeHandle, useMemo, useRef, useState, type KeyboardEvent, type Ref } from 'react';
import type { Instrument } from '../../../../../shared/contract';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States';
import { SignedPercent } from '../../../components/Numbers';
import { formatPrice, priceDecimals } from '../../../lib/format';
import { useInstruments } from '../api/getInstruments';

export interface WatchlistHandle {
  focusSearch(): void;
}

interface WatchlistProps {
  selectedSymbol: string | null;
  onSelect(symbol: string): void;
  ref?: Ref<WatchlistHandle>;
}

function matches(instrument: Instrument, search: string): boolean {
  if (!search) return true;
  const needle = search.toLowerCase();
  return instrument.symbol.toLowerCase().includes(needle) || instrument.name.toLowerCase().includes(needle);
}

const optionId = (symbol: string) => `watchlist-option-${symbol.replace(/[^A-Za-z0-9_-]/g, '_')}`;

/** Sample symbols with last price and day change; arrow keys move the selection. */
export function Watchlist({ selectedSymbol, onSelect, ref }: WatchlistProps) {
  const instruments = useInstruments();
  const [search, setSearch] = useState('');
  const searchRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLDivElement>(null);

  useImperativeHandle(ref, () => ({
    focusSearch: () => {
      searchRef.current?.focus();
      searchRef.current?.select();
    },
  }));

  const visible = useMemo(
    () => (instruments.data ?? []).filter((instrument) => matches(instrument, search.trim())),
    [instruments.data, search],
  );

  const focusOption = (symbol: string) => {
    listRef.current?.querySelector<HTMLElement>(`#${optionId(symbol)}`)?.focus();
  };

  const selectAndFocus = (symbol: string) => {
    onSelect(symbol);
    // After the re-render the option is the list's tab stop; focus follows the selection.
    requestAnimationFrame(() => focusOption(symbol));
  };

  const onSearchKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const first = visible[0];
    if (event.key === 'Enter' && first) {
      event.preventDefault();
      onSelect(first.symbol);
    } else if (event.key === 'ArrowDown' && first) {
      event.preventDefault();
      selectAndFocus(first.symbol);
    } else if (event.key === 'Escape' && search) {
      event.preventDefault();
      event.stopPropagation();
      setSearch('');
    }
  };

  const onListKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = visible.findIndex((instrument) => instrument.symbol === selectedSymbol);
    let next: Instrument | undefined;
    if (event.key === 'ArrowDown') next = visible[Math.min(visible.length - 1, index + 1)];
    else if (event.key === 'ArrowUp') next = index <= 0 ? undefined : visible[index - 1];
    else if (event.key === 'Home') next = visible[0];
    else if (event.key === 'End') next = visible[visible.length - 1];
    if (event.key === 'ArrowUp' && index <= 0) {
      event.preventDefault();
      searchRef.current?.focus();
      return;
    }
    if (next) {
      event.preventDefault();
      selectAndFocus(next.symbol);
    }
  };

  const tabStop = visible.some((instrument) => instrument.symbol === selectedSymbol)
    ? selectedSymbol
    : (visible[0]?.symbol ?? null);

  return (
    <div className="watchlist">
      <div className="watchlist__search">
        <input
          ref={searchRef}
          type="search"
          className="input"
          aria-label="Search symbols"
          aria-keyshortcuts="/"
          aria-controls="watchlist-options"
          placeholder="Search symbol or name   /"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          onKeyDown={onSearchKeyDown}
          spellCheck={false}
          autoComplete="off"
        />
      </div>
      <div className="watchlist__columns" aria-hidden="true">
        <span>Symbol</span>
        <span className="num">Last</span>
        <span className="num">Chg</span>
      </div>
      {instruments.isPending ? (
        <LoadingState>Loading symbols…</LoadingState>
      ) : instruments.isError ? (
        <ErrorState error={instruments.error} what="symbols" onRetry={() => void instruments.refetch()} />
      ) : visible.length === 0 ? (
        <EmptyState>
          {search ? `No symbol matches “${search}”. Press Esc to clear the search.` : 'The session has no instruments.'}
        </EmptyState>
      ) : (
        <div
          ref={listRef}
          id="watchlist-options"
          role="listbox"
          aria-label="Watchlist"
          className="watchlist__list"
          onKeyDown={onListKeyDown}
        >
          {visible.map((instrument) => {
            const selected = instrument.symbol === selectedSymbol;
            return (
              <div
                key={instrument.symbol}
                id={optionId(instrument.symbol)}
                role="option"
                aria-selected={selected}
                tabIndex={instrument.symbol === tabStop ? 0 : -1}
                className={`watchlist__row${selected ? ' is-selected' : ''}`}
                onClick={() => onSelect(instrument.symbol)}
                title={instrument.name}
              >
                <span className="watchlist__symbol">
                  <span className="watchlist__ticker">{instrument.symbol}</span>
                  <span className="watchlist__name">{instrument.name}</span>
                </span>
                <span className="num watchlist__last">
                  {formatPrice(instrument.lastPrice, priceDecimals(instrument.tickSize))}
                </span>
                <span className="watchlist__change">
                  <SignedPercent fraction={instrument.dayChange} />
                </span>
              </div>
            );
          })}
        </div>
      )}
    </div>
  );
}
