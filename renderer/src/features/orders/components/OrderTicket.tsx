import { useEffect, useId, useImperativeHandle, useRef, useState, type FormEvent, type KeyboardEvent, type Ref } from 'react';
import type { Instrument, Order, Side } from '../../../../../shared/contract';
import { isApiError } from '../../../api';
import { Kbd } from '../../../components/Kbd';
import { compareDecimals, parseDecimal } from '../../../lib/decimal';
import { formatMoney, formatPrice, formatQty, priceDecimals } from '../../../lib/format';
import { useSubmitOrder } from '../api/submitOrder';
import { statusLabel } from '../api/orderStatus';
import { estimateOrderValue } from '../hooks/estimateOrderValue';
import { hasErrors, validateTicket, type TicketErrors, type TicketValues } from '../hooks/validateTicket';

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

const EMPTY_VALUES: TicketValues = { side: 'buy', type: 'market', qty: '', limitPrice: '' };
const CONFIRMATION_MS = 6_000;

function describeOrder(order: Order): string {
  const price = order.type === 'limit' && order.limitPrice ? `limit ${order.limitPrice}` : 'market';
  return `${order.side === 'buy' ? 'Buy' : 'Sell'} ${formatQty(order.qty)} ${order.symbol} ${price}: ${statusLabel(order.status)}`;
}

/** Buy or sell the selected symbol at market or a limit price. */
export function OrderTicket({ symbol, instrument, buyingPower, currency, canSend, ref }: OrderTicketProps) {
  const formId = useId();
  const [values, setValues] = useState<TicketValues>(EMPTY_VALUES);
  const [clientErrors, setClientErrors] = useState<TicketErrors>({});
  /** Once the user tried to send, errors follow each keystroke instead of waiting for the next try. */
  const [attempted, setAttempted] = useState(false);
  const [serverErrors, setServerErrors] = useState<TicketErrors>({});
  const [serverMessage, setServerMessage] = useState<string | null>(null);
  const [confirmation, setConfirmation] = useState<string | null>(null);
  const qtyRef = useRef<HTMLInputElement>(null);
  const submit = useSubmitOrder();

  const clearFeedback = () => {
    setServerErrors({});
    setServerMessage(null);
  };

  const clear = () => {
    setValues((current) => ({ ...EMPTY_VALUES, side: current.side, type: current.type }));
    setClientErrors({});
    setAttempted(false);
    clearFeedback();
    setConfirmation(null);
  };

  useImperativeHandle(ref, () => ({
    focusSide: (side) => {
      setValues((current) => ({ ...current, side }));
      qtyRef.current?.focus();
      qtyRef.current?.select();
    },
    clear,
  }));

  // Feedback about an order on one symbol says nothing about the next symbol. Reset while
  // rendering (React's pattern for state that follows a prop), not in an effect.
  const [feedbackSymbol, setFeedbackSymbol] = useState(symbol);
  if (feedbackSymbol !== symbol) {
    setFeedbackSymbol(symbol);
    setServerErrors({});
    setServerMessage(null);
    setConfirmation(null);
  }

  useEffect(() => {
    if (!confirmation) return;
    const timer = setTimeout(() => setConfirmation(null), CONFIRMATION_MS);
    return () => clearTimeout(timer);
  }, [confirmation]);

  const update = (patch: Partial<TicketValues>) => {
    const next = { ...values, ...patch };
    setValues(next);
    clearFeedback();
    if (attempted) setClientErrors(validateTicket(next, instrument));
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!symbol || submit.isPending) return;
    setAttempted(true);
    setConfirmation(null);
    clearFeedback();
    const errors = validateTicket(values, instrument);
    setClientErrors(errors);
    if (hasErrors(errors)) return;
    submit.mutate(
      {
        symbol,
        side: values.side,
        type: values.type,
        qty: values.qty.trim(),
        limitPrice: values.type === 'limit' ? values.limitPrice.trim() : null,
        tif: 'day',
      },
      {
        onSuccess: (order) => {
          setConfirmation(describeOrder(order));
          setAttempted(false);
        },
        onError: (error) => {
          if (isApiError(error)) {
            const { qty, limitPrice, symbol: symbolError, ...otherFields } = error.fields;
            setServerErrors({ qty, limitPrice, symbol: symbolError });
            const shownInline = Boolean(qty || limitPrice || symbolError);
            const extra = Object.values(otherFields);
            setServerMessage(shownInline && extra.length === 0 ? null : [error.message, ...extra].join(' '));
          } else {
            setServerMessage(error.message);
          }
        },
      },
    );
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

  const errors: TicketErrors = {
    qty: serverErrors.qty ?? clientErrors.qty,
    limitPrice: serverErrors.limitPrice ?? clientErrors.limitPrice,
    symbol: serverErrors.symbol ?? clientErrors.symbol,
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
        disabled={submit.isPending || !canSend}
        aria-describedby={ids.hint}
      >
        {submit.isPending ? `Sending ${sideLabel.toLowerCase()}…` : `${sideLabel} ${symbol}`}
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
