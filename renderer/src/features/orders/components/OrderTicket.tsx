import { useId, useImperativeHandle, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode, type Ref } from 'react';
import type { Instrument, OrderClass, OrderType, Side, TimeInForce, TradingAccount } from '../../../../../shared/contract';
import { Kbd } from '../../../components/Kbd';
import { compareDecimals, parseDecimal } from '../../../lib/decimal';
import { formatMoney, formatPrice, priceDecimals } from '../../../lib/format';
import { BotHoldingWarning } from './BotHoldingWarning';
import { useOrderTicketForm, type TicketOffer } from '../hooks/useOrderTicketForm';
import { estimateOrderValue } from '../lib/estimateOrderValue';
import { orderClassLabel, orderTypeLabel } from '../lib/orderLabels';
import { DuplicateOrderDialog } from './DuplicateOrderDialog';
import { RiskDenial } from './RiskDenial';
import { SizeHelper } from './SizeHelper';
import { hasExits, needsLimitPrice, needsStopPrice, type TicketErrors, type TicketField, type TicketValues } from '../lib/validateTicket';

export interface OrderTicketHandle {
  /** Chooses a side and puts the cursor in the quantity (the B and S shortcuts). */
  focusSide(side: Side): void;
  /** Empties the ticket (Esc). */
  clear(): void;
}

interface OrderTicketProps {
  /** The account orders go to; its venue decides the types, time-in-force values and classes offered. */
  accountId: string;
  account: TradingAccount | undefined;
  symbol: string | null;
  /**
   * Set for broker accounts: their symbols are typed (the watchlist holds the paper
   * session's sample symbols only), and the ticket reports each change here.
   */
  onSymbolChange?: (symbol: string) => void;
  instrument: Instrument | undefined;
  buyingPower: string | undefined;
  currency: string;
  /** False while the engine is unreachable: nothing could be sent. */
  engineReachable: boolean;
  ref?: Ref<OrderTicketHandle>;
}

/** Until the account list arrives, the paper account's basics: nothing is offered that it may lack. */
const FALLBACK_OFFER: Omit<TicketOffer, 'accountId'> = { orderTypes: ['market', 'limit'], timeInForce: ['day'], orderClasses: [] };

const TIF_LABELS: Record<TimeInForce, string> = { day: 'Day', gtc: 'GTC', ioc: 'IOC', fok: 'FOK' };
const TIF_TITLES: Record<TimeInForce, string> = {
  day: 'Day: works until the end of the trading day',
  gtc: 'Good till cancelled: works until it fills or you cancel it',
  ioc: 'Immediate or cancel: fills what it can at once, the rest is cancelled',
  fok: 'Fill or kill: fills in full at once, or not at all',
};

const CLASS_HINTS: Record<OrderClass, string> = {
  simple: '',
  bracket: 'Both work once the entry fills; one cancels the other.',
  oco: 'For a position you hold; one cancels the other.',
  oto: 'One of the two, once the entry fills.',
};

/** Buy or sell on the selected account with any order type, time in force and order class its venue takes. */
export function OrderTicket({
  accountId,
  account,
  symbol,
  onSymbolChange,
  instrument,
  buyingPower,
  currency,
  engineReachable,
  ref,
}: OrderTicketProps) {
  const formId = useId();
  const qtyRef = useRef<HTMLInputElement>(null);
  const offer: TicketOffer = account
    ? { accountId, orderTypes: account.orderTypes, timeInForce: account.timeInForce, orderClasses: account.orderClasses }
    : { accountId, ...FALLBACK_OFFER };
  const {
    values,
    errors,
    serverMessage,
    denial,
    confirmation,
    duplicate,
    confirmDuplicate,
    cancelDuplicate,
    isSending,
    update,
    setSide,
    clear,
    submit,
  } = useOrderTicketForm(symbol, instrument, offer);
  const [sizing, setSizing] = useState(false);
  const accountReady = account ? account.canTrade : accountId === 'paper';
  const canSend = engineReachable && accountReady && offer.orderTypes.length > 0;

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
    submit(canSend);
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
  const errorId = (field: TicketField) => `${formId}-${field}-error`;
  const hintId = `${formId}-hint`;
  const lastPricePlaceholder =
    instrument?.lastPrice !== null && instrument?.lastPrice !== undefined
      ? formatPrice(instrument.lastPrice, decimals).replace(/,/g, '')
      : '';

  if (!symbol && !onSymbolChange) {
    return <p className="state state--empty">Pick a symbol in the watchlist to trade it.</p>;
  }

  /** Props every text input of the ticket shares: its error, when it has one, is its description. */
  const inputProps = (field: TicketField) => ({
    id: `${formId}-${field}`,
    'aria-invalid': errors[field] ? true : undefined,
    'aria-describedby': errors[field] ? errorId(field) : undefined,
  });
  const priceInput = (field: TicketField & keyof TicketValues, placeholder = lastPricePlaceholder) => (
    <input
      {...inputProps(field)}
      className="input num"
      inputMode="decimal"
      autoComplete="off"
      spellCheck={false}
      placeholder={placeholder}
      value={values[field]}
      onChange={(event) => update({ [field]: event.target.value })}
    />
  );

  const blockedReason = !engineReachable
    ? 'The engine is unreachable: orders cannot be sent until it is back.'
    : account && !account.canTrade
      ? account.state !== 'connected'
        ? `${account.name} is not connected: orders cannot be sent until it is back.`
        : `${account.name} cannot trade: ${account.reason ?? 'the engine refuses its orders'}.`
      : null;

  return (
    <form className={`ticket ticket--${values.side}`} aria-label="Order ticket" noValidate onSubmit={onSubmit} onKeyDown={onKeyDown}>
      <div className="ticket__symbol">
        {onSymbolChange ? (
          <div className="field ticket__symbol-field">
            <label htmlFor={`${formId}-symbol`}>Symbol</label>
            <input
              {...inputProps('symbol')}
              className="input ticket__symbol-input"
              autoComplete="off"
              spellCheck={false}
              placeholder="e.g. AAPL"
              value={symbol ?? ''}
              onChange={(event) => onSymbolChange(event.target.value.toUpperCase().trim())}
            />
          </div>
        ) : (
          <span className="ticket__ticker">{symbol}</span>
        )}
        <span className="ticket__last num">Last {formatPrice(instrument?.lastPrice ?? null, decimals)}</span>
      </div>
      <FieldErrors errors={errors} fields={['symbol']} errorId={errorId} />
      {blockedReason ? (
        // At the top, where it is seen before anything is typed; it also describes the disabled button.
        <p id={hintId} className="ticket__blocked">
          {blockedReason}
        </p>
      ) : null}

      <fieldset className="segmented" aria-label="Side">
        {(['buy', 'sell'] as const).map((side) => (
          <label key={side} className={`segmented__option segmented__option--${side}${values.side === side ? ' is-checked' : ''}`}>
            <input
              type="radio"
              name={`${formId}-side`}
              value={side}
              checked={values.side === side}
              onChange={() => update({ side })}
              aria-keyshortcuts={side === 'buy' ? 'B' : 'S'}
            />
            {side === 'buy' ? 'Buy' : 'Sell'}
          </label>
        ))}
      </fieldset>

      <div className="ticket__row">
        <Field label="Order type" htmlFor={`${formId}-type`}>
          <select
            {...inputProps('type')}
            className="input"
            value={values.type}
            onChange={(event) => update({ type: event.target.value as OrderType })}
          >
            {offer.orderTypes.map((type) => (
              <option key={type} value={type}>
                {orderTypeLabel(type)}
              </option>
            ))}
          </select>
        </Field>
        <div className="field">
          <div className="ticket__qty-label">
            <label htmlFor={`${formId}-qty`}>Quantity</label>
            <button
              type="button"
              className="ticket__size-button"
              aria-label="Position size helper"
              aria-haspopup="dialog"
              aria-expanded={sizing}
              title="Compute a quantity from equity, risk or volatility"
              disabled={!symbol}
              onClick={() => setSizing((open) => !open)}
            >
              Size…
            </button>
          </div>
          <input
            ref={qtyRef}
            {...inputProps('qty')}
            className="input num"
            inputMode="decimal"
            autoComplete="off"
            spellCheck={false}
            placeholder={instrument?.lotSize && instrument.lotSize !== '1' ? `step ${instrument.lotSize}` : 'shares'}
            value={values.qty}
            onChange={(event) => update({ qty: event.target.value })}
          />
        </div>
      </div>
      <FieldErrors errors={errors} fields={['type', 'qty']} errorId={errorId} />
      {sizing && symbol ? (
        <SizeHelper
          accountId={accountId}
          symbol={symbol}
          price={needsLimitPrice(values.type) && values.limitPrice.trim() !== '' ? values.limitPrice.trim() : null}
          currency={currency}
          onUse={(qty) => {
            update({ qty });
            setSizing(false);
            qtyRef.current?.focus();
          }}
          onClose={() => {
            setSizing(false);
            qtyRef.current?.focus();
          }}
        />
      ) : null}

      {needsLimitPrice(values.type) || needsStopPrice(values.type) ? (
        <>
          <div className="ticket__row">
            {needsStopPrice(values.type) ? (
              <Field label="Stop price" htmlFor={`${formId}-stopPrice`}>
                {priceInput('stopPrice')}
              </Field>
            ) : null}
            {needsLimitPrice(values.type) ? (
              <Field label="Limit price" htmlFor={`${formId}-limitPrice`}>
                {priceInput('limitPrice')}
              </Field>
            ) : null}
          </div>
          <FieldErrors errors={errors} fields={['stopPrice', 'limitPrice']} errorId={errorId} />
        </>
      ) : null}

      {values.type === 'trailing_stop' ? (
        <>
          <div className="ticket__row">
            <Field label={values.trailUnit === 'price' ? 'Trail amount' : 'Trail percent'} htmlFor={`${formId}-trail`}>
              {priceInput('trail', values.trailUnit === 'price' ? 'price distance' : 'e.g. 1.5')}
            </Field>
            <Field label="Trail by" htmlFor={`${formId}-trailUnit`}>
              <select
                id={`${formId}-trailUnit`}
                className="input"
                value={values.trailUnit}
                onChange={(event) => update({ trailUnit: event.target.value === 'percent' ? 'percent' : 'price' })}
              >
                <option value="price">Price ($)</option>
                <option value="percent">Percent (%)</option>
              </select>
            </Field>
          </div>
          <FieldErrors errors={errors} fields={['trail']} errorId={errorId} />
        </>
      ) : null}

      <div className="ticket__row">
        <Field label="Time in force" htmlFor={`${formId}-tif`}>
          <select
            {...inputProps('tif')}
            className="input"
            value={values.tif}
            onChange={(event) => update({ tif: event.target.value as TimeInForce })}
          >
            {offer.timeInForce.map((tif) => (
              <option key={tif} value={tif} title={TIF_TITLES[tif]}>
                {TIF_LABELS[tif]}
              </option>
            ))}
          </select>
        </Field>
        {offer.orderClasses.length > 0 ? (
          <Field label="Order class" htmlFor={`${formId}-orderClass`}>
            <select
              {...inputProps('orderClass')}
              className="input"
              value={values.orderClass}
              onChange={(event) => update({ orderClass: event.target.value as OrderClass })}
            >
              {(['simple', ...offer.orderClasses] as const).map((orderClass) => (
                <option key={orderClass} value={orderClass}>
                  {orderClassLabel(orderClass)}
                </option>
              ))}
            </select>
          </Field>
        ) : null}
      </div>
      <FieldErrors errors={errors} fields={['tif', 'orderClass']} errorId={errorId} />

      {hasExits(values.orderClass) ? (
        <fieldset className="ticket__exits" aria-label="Exits">
          <legend>Exits</legend>
          <p className="ticket__exits-hint">{CLASS_HINTS[values.orderClass]}</p>
          <div className="ticket__row ticket__row--3">
            <Field label="Take-profit" htmlFor={`${formId}-takeProfitPrice`}>
              {priceInput('takeProfitPrice', 'limit')}
            </Field>
            <Field label="Stop-loss" htmlFor={`${formId}-stopLossPrice`}>
              {priceInput('stopLossPrice', 'stop')}
            </Field>
            <Field label="Stop-loss limit" htmlFor={`${formId}-stopLossLimitPrice`}>
              {priceInput('stopLossLimitPrice', 'optional')}
            </Field>
          </div>
          <FieldErrors errors={errors} fields={['takeProfitPrice', 'stopLossPrice', 'stopLossLimitPrice']} errorId={errorId} />
        </fieldset>
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
      <BotHoldingWarning accountId={accountId} symbol={symbol} />

      <button
        type="submit"
        className={`button button--submit button--${values.side}`}
        disabled={isSending || !canSend}
        aria-describedby={hintId}
      >
        {isSending ? `Sending ${sideLabel.toLowerCase()}…` : `${sideLabel}${symbol ? ` ${symbol}` : ''}`}
      </button>
      {blockedReason ? null : (
        <p id={hintId} className="ticket__hint">
          <Kbd>Enter</Kbd> send · <Kbd>Esc</Kbd> clear · <Kbd>B</Kbd>/<Kbd>S</Kbd> side
        </p>
      )}
      {denial ? <RiskDenial reason={denial} /> : null}
      {serverMessage && !denial ? (
        <p className="form-error" role="alert">
          {serverMessage}
        </p>
      ) : null}
      {confirmation ? (
        <p className="form-confirmation" role="status">
          {confirmation}
        </p>
      ) : null}
      {duplicate ? (
        <DuplicateOrderDialog question={duplicate.question} input={duplicate.input} onConfirm={confirmDuplicate} onCancel={cancelDuplicate} />
      ) : null}
    </form>
  );
}

function Field({ label, htmlFor, children }: { label: string; htmlFor: string; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={htmlFor}>{label}</label>
      {children}
    </div>
  );
}

/** The errors of a row's fields, under the row so a long message has the ticket's width. */
function FieldErrors({
  errors,
  fields,
  errorId,
}: {
  errors: TicketErrors;
  fields: readonly TicketField[];
  errorId: (field: TicketField) => string;
}) {
  const shown = fields.filter((field) => errors[field]);
  if (shown.length === 0) return null;
  return (
    <>
      {shown.map((field) => (
        <p key={field} id={errorId(field)} className="field-error">
          {errors[field]}
        </p>
      ))}
    </>
  );
}
