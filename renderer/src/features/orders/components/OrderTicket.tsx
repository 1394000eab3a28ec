import { useId, useImperativeHandle, useRef, type FormEvent, type KeyboardEvent, type Ref } from 'react';
import type { Instrument, Side } from '../../../../../shared/contract';
import { Kbd } from '../../../components/Kbd';
import { compareDecimals, parseDecimal } from '../../../lib/decimal';
import { formatMoney, formatPrice, priceDecimals } from '../../../lib/format';
import { useOrderTicketForm } from '../hooks/useOrderTicketForm';
import { estimateOrderValue } from '../lib/estimateOrderValue';

export interface OrderTicketHandle {
  /** Chooses a side and puts the cursor in the quantity (the B and S shortcuts). */
  focusSide(side: Side): void;
  /** Empties the ticket (Esc). */
  clear(): void;
}

interface OrderTicketProps {
  symbol: string | null;
  instrument: Instrument | undefined;
  buyingPower: string | undefined;
  currency: string;
  /** False while the engine is unreachable: nothing could be sent. */
  canSend: boolean;
  ref?: Ref<OrderTicketHandle>;
}

/** Buy or sell the selected symbol at market or a limit price. */
export function OrderTicket({ symbol, instrument, buyingPower, currency, canSend, ref }: OrderTicketProps) {
  const formId = useId();
  const qtyRef = useRef<HTMLInputElement>(null);
  const { values, errors, serverMessage, confirmation, isSending, update, setSide, clear, submit } =
    useOrderTicketForm(symbol, instrument);

  useImperativeHandle(ref, () => ({
    focusSide: (side) => {
      setSide(side);
      qtyRef.current?.focus();
      qtyRef.current?.select();
    },
    clear,
  }));

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    submit();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      clear();
      // Leaving the field gives the single-key shortcuts (/ B S) back to the keyboard.
      if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
    }
  };

  const decimals = priceDecimals(instrument?.tickSize);
  const estimate = estimateOrderValue(values, instrument);
  const estimateDecimal = estimate ? parseDecimal(estimate) : null;
  const buyingPowerDecimal = buyingPower ? parseDecimal(buyingPower) : null;
  const exceedsBuyingPower =
    values.side === 'buy' && estimateDecimal && buyingPowerDecimal
      ? compareDecimals(estimateDecimal, buyingPowerDecimal) > 0
      : false;
  const sideLabel = values.side === 'buy' ? 'Buy' : 'Sell';
  const ids = {
    qtyError: `${formId}-qty-error`,
    limitError: `${formId}-limit-error`,
    symbolError: `${formId}-symbol-error`,
    hint: `${formId}-hint`,
  };

  if (!symbol) {
    return <p className="state state--empty">Pick a symbol in the watchlist to trade it.</p>;
  }

  return (
    <form className={`ticket ticket--${values.side}`} aria-label="Order ticket" noValidate onSubmit={onSubmit} onKeyDown={onKeyDown}>
      <div className="ticket__symbol">
        <span className="ticket__ticker">{symbol}</span>
        <span className="ticket__last num">
          Last {formatPrice(instrument?.lastPrice ?? null, decimals)}
        </span>
      </div>
      {errors.symbol ? (
        <p id={ids.symbolError} className="field-error" role="alert">
          {errors.symbol}
        </p>
      ) : null}

      <fieldset className="segmented" aria-label="Side">
        <label className={`segmented__option segmented__option--buy${values.side === 'buy' ? ' is-checked' : ''}`}>
          <input
            type="radio"
            name={`${formId}-side`}
            value="buy"
            checked={values.side === 'buy'}
            onChange={() => update({ side: 'buy' })}
            aria-keyshortcuts="B"
          />
          Buy
        </label>
        <label className={`segmented__option segmented__option--sell${values.side === 'sell' ? ' is-checked' : ''}`}>
          <input
            type="radio"
            name={`${formId}-side`}
            value="sell"
            checked={values.side === 'sell'}
            onChange={() => update({ side: 'sell' })}
            aria-keyshortcuts="S"
          />
          Sell
        </label>
      </fieldset>

      <div className="ticket__row">
        <div className="field">
          <label htmlFor={`${formId}-type`}>Order type</label>
          <select
            id={`${formId}-type`}
            className="input"
            value={values.type}
            onChange={(event) => update({ type: event.target.value === 'limit' ? 'limit' : 'market' })}
          >
            <option value="market">Market</option>
            <option value="limit">Limit</option>
          </select>
        </div>

        <div className="field">
          <label htmlFor={`${formId}-qty`}>Quantity</label>
          <input
            ref={qtyRef}
            id={`${formId}-qty`}
            className="input num"
            inputMode="decimal"
            autoComplete="off"
            spellCheck={false}
            placeholder={instrument?.lotSize && instrument.lotSize !== '1' ? `step ${instrument.lotSize}` : 'shares'}
            value={values.qty}
            onChange={(event) => update({ qty: event.target.value })}
            aria-invalid={errors.qty ? true : undefined}
            aria-describedby={errors.qty ? ids.qtyError : undefined}
          />
        </div>
      </div>
      {errors.qty ? (
        <p id={ids.qtyError} className="field-error">
          {errors.qty}
        </p>
      ) : null}

      {values.type === 'limit' ? (
        <div className="field">
          <label htmlFor={`${formId}-limit`}>Limit price</label>
          <input
            id={`${formId}-limit`}
            className="input num"
            inputMode="decimal"
            autoComplete="off"
            spellCheck={false}
            placeholder={instrument?.lastPrice !== null && instrument?.lastPrice !== undefined ? formatPrice(instrument.lastPrice, decimals).replace(/,/g, '') : ''}
            value={values.limitPrice}
            onChange={(event) => update({ limitPrice: event.target.value })}
            aria-invalid={errors.limitPrice ? true : undefined}
            aria-describedby={errors.limitPrice ? ids.limitError : undefined}
          />
          {errors.limitPrice ? (
            <p id={ids.limitError} className="field-error">
              {errors.limitPrice}
            </p>
          ) : null}
        </div>
      ) : null}

      <dl className="ticket__summary">
        <div>
          <dt>{values.side === 'buy' ? 'Est. cost' : 'Est. proceeds'}</dt>
          <dd className="num">{estimate ? `≈ ${formatMoney(estimate, currency)}` : '—'}</dd>
        </div>
        <div>
          <dt>Buying power</dt>
          <dd className="num">{formatMoney(buyingPower, currency)}</dd>
        </div>
      </dl>
      {exceedsBuyingPower ? (
        <p className="field-warning">More than your buying power: the engine will likely refuse it.</p>
      ) : null}

      <button
        type="submit"
        className={`button button--submit button--${values.side}`}
        disabled={isSending || !canSend}
        aria-describedby={ids.hint}
      >
        {isSending ? `Sending ${sideLabel.toLowerCase()}…` : `${sideLabel} ${symbol}`}
      </button>
      <p id={ids.hint} className="ticket__hint">
        {canSend ? (
          <>
            <Kbd>Enter</Kbd> send · <Kbd>Esc</Kbd> clear · <Kbd>B</Kbd>/<Kbd>S</Kbd> side
          </>
        ) : (
          'The engine is unreachable: orders cannot be sent until it is back.'
        )}
      </p>
      {serverMessage ? (
        <p className="form-error" role="alert">
          {serverMessage}
        </p>
      ) : null}
      {confirmation ? (
        <p className="form-confirmation" role="status">
          {confirmation}
        </p>
      ) : null}
    </form>
  );
}
