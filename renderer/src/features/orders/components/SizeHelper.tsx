import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { SizingMethod } from '../../../../../shared/contract';
import { describeError, isApiError } from '../../../api';
import { formatMoney, formatQty } from '../../../lib/format';
import { useComputeSizing } from '../api/computeSizing';
import { SIZING_METHODS, initialParams } from '../lib/sizingMethods';
import '../ticketRisk.css';

interface SizeHelperProps {
  accountId: string;
  symbol: string;
  /** The limit price typed on the ticket, if any: sizing uses it instead of the last price. */
  price: string | null;
  currency: string;
  /** Puts the quantity on the ticket (and closes the helper). */
  onUse(qty: string): void;
  onClose(): void;
}

/**
 * The ticket's position-size helper: one of the engine's sizing methods, its parameters, and
 * the quantity it gives with the arithmetic in words; "Use" fills the ticket's quantity.
 * It lives inside the ticket's form, so Enter computes here instead of sending the order and
 * Esc closes the helper instead of clearing the ticket.
 */
export function SizeHelper({ accountId, symbol, price, currency, onUse, onClose }: SizeHelperProps) {
  const id = useId();
  const [method, setMethod] = useState<SizingMethod>('pct_equity');
  const [params, setParams] = useState<Record<string, string>>(() => initialParams('pct_equity'));
  const sizing = useComputeSizing();
  const methodRef = useRef<HTMLSelectElement>(null);
  const spec = SIZING_METHODS.find((m) => m.method === method) ?? SIZING_METHODS[0]!;
  const fieldErrors = sizing.error && isApiError(sizing.error) ? sizing.error.fields : {};

  useEffect(() => {
    methodRef.current?.focus();
  }, []);

  const compute = () => {
    const sent: Record<string, string> = {};
    for (const [name, value] of Object.entries(params)) if (value.trim() !== '') sent[name] = value.trim();
    sizing.mutate({ accountId, symbol, method, params: sent, ...(price ? { price } : {}) });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onClose();
    } else if (event.key === 'Enter' && event.target instanceof HTMLElement && event.target.tagName !== 'BUTTON') {
      // Not the ticket's Enter: nothing is sent from here.
      event.preventDefault();
      event.stopPropagation();
      compute();
    }
  };

  const result = sizing.data;
  const usable = result && result.qty !== '0';
  return (
    <div className="size-helper" role="dialog" aria-label={`Position size for ${symbol}`} onKeyDown={onKeyDown}>
      <header className="size-helper__header">
        <span>Position size · {symbol}</span>
        <button type="button" className="button button--small button--icon" aria-label="Close the size helper" onClick={onClose}>
          ×
        </button>
      </header>
      <div className="size-helper__field">
        <label htmlFor={`${id}-method`}>Method</label>
        <select
          ref={methodRef}
          id={`${id}-method`}
          className="input"
          value={method}
          onChange={(event) => {
            const next = event.target.value as SizingMethod;
            setMethod(next);
            setParams(initialParams(next));
            sizing.reset();
          }}
        >
          {SIZING_METHODS.map((m) => (
            <option key={m.method} value={m.method}>
              {m.label}
            </option>
          ))}
        </select>
      </div>
      {spec.params.map((param) => (
        <div key={param.name} className="size-helper__field">
          <label htmlFor={`${id}-${param.name}`}>{param.label}</label>
          <input
            id={`${id}-${param.name}`}
            className="input num"
            inputMode="decimal"
            autoComplete="off"
            placeholder={param.placeholder ?? ''}
            value={params[param.name] ?? ''}
            aria-invalid={fieldErrors[param.name] ? true : undefined}
            aria-describedby={fieldErrors[param.name] ? `${id}-${param.name}-error` : undefined}
            onChange={(event) => {
              setParams((current) => ({ ...current, [param.name]: event.target.value }));
              if (sizing.isError || sizing.isSuccess) sizing.reset();
            }}
          />
          {fieldErrors[param.name] ? (
            <p id={`${id}-${param.name}-error`} className="field-error">
              {fieldErrors[param.name]}
            </p>
          ) : null}
        </div>
      ))}
      <p className="size-helper__price">{price ? `At the limit price ${price}` : 'At the last price'}</p>
      <button type="button" className="button button--small" onClick={compute} disabled={sizing.isPending}>
        {sizing.isPending ? 'Computing…' : 'Compute'}
      </button>
      {sizing.isError ? (
        <p className="field-error" role="alert">
          {describeError(sizing.error)}
        </p>
      ) : null}
      {result ? (
        <div className="size-helper__result" role="status">
          <p className="size-helper__qty">
            <span className="num">{formatQty(result.qty)}</span> {symbol}
            <span className="size-helper__notional num"> ≈ {formatMoney(result.notional, currency)}</span>
          </p>
          <p className="size-helper__explanation">{result.explanation}</p>
          {usable ? (
            <button type="button" className="button button--small button--primary" onClick={() => onUse(result.qty)}>
              Use {formatQty(result.qty)}
            </button>
          ) : (
            <p className="field-warning">The method gives no quantity: nothing to use.</p>
          )}
        </div>
      ) : null}
    </div>
  );
}
