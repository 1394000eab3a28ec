import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import type { ExchangeInfo } from '../../../../../shared/contract';
import { describeError } from '../../../api';

interface ExchangePickerProps {
  /** The input's id, for the form's visible label. */
  inputId: string;
  /** Loaded on demand from connections.exchanges. */
  exchanges: readonly ExchangeInfo[] | undefined;
  loading: boolean;
  loadError: unknown;
  onRetry(): void;
  value: string | null;
  onChange(id: string | null): void;
  /** The id of the element with this field's error, when there is one. */
  errorId?: string | undefined;
  disabled?: boolean;
}

/** Most people look for the big ones: a match at the start of the name or id comes first. */
function rank(exchange: ExchangeInfo, needle: string): number {
  const name = exchange.name.toLowerCase();
  const id = exchange.id.toLowerCase();
  if (id === needle || name === needle) return 0;
  if (id.startsWith(needle) || name.startsWith(needle)) return 1;
  return 2;
}

function filterExchanges(exchanges: readonly ExchangeInfo[], search: string): ExchangeInfo[] {
  const needle = search.trim().toLowerCase();
  if (!needle) return [...exchanges];
  return exchanges
    .filter((e) => e.id.toLowerCase().includes(needle) || e.name.toLowerCase().includes(needle))
    .sort((a, b) => rank(a, needle) - rank(b, needle) || a.name.localeCompare(b.name));
}

/**
 * A searchable list of ccxt's exchanges (ARIA combobox with a listbox popup): type to
 * filter, arrows to move, Enter to pick, Esc to close. Each option says whether the
 * exchange has a testnet and whether its API keys come with a passphrase.
 */
export function ExchangePicker({ inputId, exchanges, loading, loadError, onRetry, value, onChange, errorId, disabled }: ExchangePickerProps) {
  const baseId = useId();
  const listId = `${baseId}-list`;
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState('');
  const [active, setActive] = useState(0);

  const selected = value ? exchanges?.find((e) => e.id === value) : undefined;
  const visible = useMemo(() => filterExchanges(exchanges ?? [], search), [exchanges, search]);
  const activeExchange = open ? visible[Math.min(active, visible.length - 1)] : undefined;
  const optionId = (id: string) => `${baseId}-opt-${id}`;

  const moveTo = (index: number) => {
    const next = Math.max(0, Math.min(visible.length - 1, index));
    setActive(next);
    const exchange = visible[next];
    if (exchange) document.getElementById(optionId(exchange.id))?.scrollIntoView({ block: 'nearest' });
  };

  const pick = (exchange: ExchangeInfo) => {
    onChange(exchange.id);
    setSearch('');
    setOpen(false);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        if (!open) setOpen(true);
        else moveTo(active + 1);
        break;
      case 'ArrowUp':
        event.preventDefault();
        if (open) moveTo(active - 1);
        break;
      case 'Home':
      case 'End':
        if (!open) return;
        event.preventDefault();
        moveTo(event.key === 'Home' ? 0 : visible.length - 1);
        break;
      case 'Enter':
        if (open && activeExchange) {
          event.preventDefault();
          pick(activeExchange);
        }
        break;
      case 'Escape':
        if (open || search) {
          event.preventDefault();
          event.stopPropagation();
          setOpen(false);
          setSearch('');
        }
        break;
      default:
    }
  };

  const describedBy = [errorId, loadError ? null : `${baseId}-hint`].filter(Boolean).join(' ') || undefined;
  const hint = loading
    ? 'Loading the exchanges ccxt supports…'
    : loadError
      ? null
      : `${exchanges?.length ?? 0} exchanges. Type to search by name or id.`;

  return (
    <div className="exchange-picker">
      <input
        id={inputId}
        className="input"
        role="combobox"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={activeExchange ? optionId(activeExchange.id) : undefined}
        aria-invalid={errorId ? true : undefined}
        aria-describedby={describedBy}
        autoComplete="off"
        spellCheck={false}
        disabled={disabled || loading || Boolean(loadError)}
        placeholder={loading ? 'Loading exchanges…' : open && selected ? selected.name : 'Search exchanges, e.g. binance'}
        value={open ? search : (selected?.name ?? '')}
        onFocus={() => {
          setOpen(true);
          setActive(0);
        }}
        onClick={() => setOpen(true)}
        onBlur={() => {
          setOpen(false);
          setSearch('');
        }}
        onChange={(event) => {
          setSearch(event.target.value);
          setActive(0);
          setOpen(true);
          if (value && event.target.value === '') onChange(null);
        }}
        onKeyDown={onKeyDown}
      />
      {open ? (
        <ul id={listId} role="listbox" aria-label="Exchanges" className="exchange-picker__list">
          {visible.length === 0 ? (
            <li className="exchange-picker__none" role="presentation">
              No exchange matches “{search}”.
            </li>
          ) : (
            visible.map((exchange) => (
              <li
                key={exchange.id}
                id={optionId(exchange.id)}
                role="option"
                aria-selected={exchange.id === value}
                className={`exchange-picker__option${exchange === activeExchange ? ' is-active' : ''}`}
                // Keeps the focus in the input, so the click is not lost to its blur.
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => pick(exchange)}
              >
                <span className="exchange-picker__name">{exchange.name}</span>
                <span className="exchange-picker__id">{exchange.id}</span>
                <span className="exchange-picker__tags">
                  {exchange.hasSandbox ? <span className="tag tag--ok">testnet</span> : <span className="tag">live only</span>}
                  {exchange.requiresPassphrase ? <span className="tag tag--note">passphrase</span> : null}
                </span>
              </li>
            ))
          )}
        </ul>
      ) : null}
      {loadError ? (
        <p className="field-error" role="alert">
          Could not load the exchanges: {describeError(loadError)}{' '}
          <button type="button" className="button button--small" onClick={onRetry}>
            Retry
          </button>
        </p>
      ) : (
        <p id={`${baseId}-hint`} className="field-hint">
          {hint}
        </p>
      )}
    </div>
  );
}
