import { useId, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import type { VenueKind } from '../../../../../shared/contract';
import { useAddConnectionForm } from '../hooks/useAddConnectionForm';
import { describeTest, maskedKey, venueLabel } from '../lib/describeConnection';
import { needsPassphrase, type AddFormField } from '../lib/validateAddForm';
import { ExchangePicker } from './ExchangePicker';
import '../connections.css';

/**
 * Adds a broker or exchange account. Sending it makes the engine test the keys at the venue;
 * only keys the venue accepts are saved, and the venue's answer is shown in its own words.
 */
export function AddConnectionForm() {
  const formId = useId();
  const id = (field: string) => `${formId}-${field}`;
  const errorId = (field: AddFormField) => `${formId}-${field}-error`;

  const { values, exchange, exchanges, errors, serverMessage, confirmation, isPending, update, submit } = useAddConnectionForm();
  const passphraseNeeded = needsPassphrase(values, exchange);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void submit();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key === 'Escape' && !event.defaultPrevented && document.activeElement instanceof HTMLElement) {
      document.activeElement.blur();
    }
  };

  const describedBy = (field: AddFormField, hint?: string) =>
    [errors[field] ? errorId(field) : null, hint ?? null].filter(Boolean).join(' ') || undefined;
  const fieldError = (field: AddFormField) =>
    errors[field] ? (
      <p id={errorId(field)} className="field-error">
        {errors[field]}
      </p>
    ) : null;

  const setVenue = (venue: VenueKind) => update({ venue, exchangeId: null, passphrase: '' });
  const isLive = values.mode === 'live';

  return (
    <form className="add-connection" aria-label="Add a connection" noValidate onSubmit={onSubmit} onKeyDown={onKeyDown}>
      <fieldset className="add-connection__group">
        <legend className="add-connection__legend">Venue</legend>
        <div className="segmented segmented--neutral">
          <Choice name={id('venue')} checked={values.venue === 'alpaca'} onChange={() => setVenue('alpaca')}>
            Alpaca
          </Choice>
          <Choice name={id('venue')} checked={values.venue === 'ccxt'} onChange={() => setVenue('ccxt')}>
            Crypto exchange (ccxt)
          </Choice>
        </div>
      </fieldset>

      {values.venue === 'ccxt' ? (
        <div className="field">
          <label htmlFor={id('exchange')}>Exchange</label>
          <ExchangePicker
            inputId={id('exchange')}
            exchanges={exchanges.data}
            loading={exchanges.isPending}
            loadError={exchanges.isError ? exchanges.error : null}
            onRetry={() => void exchanges.refetch()}
            value={values.exchangeId}
            onChange={(exchangeId) => update({ exchangeId, passphrase: '' })}
            errorId={errors.exchangeId ? errorId('exchangeId') : undefined}
          />
          {fieldError('exchangeId')}
          {exchange ? (
            <p className="field-hint" aria-live="polite">
              {exchange.name}: {exchange.hasSandbox ? 'has a testnet, so it can be added as paper' : 'no testnet, live only'}
              {' · '}
              {exchange.requiresPassphrase ? 'its API keys come with a passphrase' : 'no passphrase'}
            </p>
          ) : null}
        </div>
      ) : null}

      <fieldset className="add-connection__group" aria-describedby={describedBy('mode', id('mode-hint'))}>
        <legend className="add-connection__legend">Account</legend>
        <div className="segmented segmented--mode">
          <Choice
            name={id('mode')}
            checked={values.mode === 'paper'}
            className="segmented__option--paper"
            onChange={() => update({ mode: 'paper' })}
          >
            Paper
          </Choice>
          <Choice
            name={id('mode')}
            checked={values.mode === 'live'}
            className="segmented__option--live"
            onChange={() => update({ mode: 'live' })}
          >
            Live (real money)
          </Choice>
        </div>
        <p id={id('mode-hint')} className={isLive ? 'field-warning' : 'field-hint'}>
          {isLive
            ? 'A live account trades real money. Once added, it cannot trade until you enable live trading by typing its name.'
            : values.venue === 'alpaca'
              ? 'A paper account at Alpaca: simulated fills, no real money.'
              : "Paper at an exchange means its testnet (sandbox): keys from the testnet's own site."}
        </p>
        {fieldError('mode')}
      </fieldset>

      <div className="field">
        <label htmlFor={id('name')}>Name</label>
        <input
          id={id('name')}
          className="input"
          autoComplete="off"
          spellCheck={false}
          maxLength={64}
          placeholder={values.venue === 'alpaca' ? `e.g. Alpaca ${values.mode}` : `e.g. ${exchange?.name ?? 'Exchange'} ${values.mode === 'paper' ? 'testnet' : 'live'}`}
          value={values.name}
          onChange={(event) => update({ name: event.target.value })}
          aria-invalid={errors.name ? true : undefined}
          aria-describedby={describedBy('name')}
        />
        {fieldError('name')}
      </div>

      <div className="field">
        <label htmlFor={id('keyId')}>API key id</label>
        <input
          id={id('keyId')}
          type="password"
          className="input input--secret"
          autoComplete="off"
          spellCheck={false}
          value={values.keyId}
          onChange={(event) => update({ keyId: event.target.value })}
          aria-invalid={errors.keyId ? true : undefined}
          aria-describedby={describedBy('keyId', values.venue === 'alpaca' ? id('key-hint') : undefined)}
        />
        {values.venue === 'alpaca' ? (
          <p id={id('key-hint')} className="field-hint">
            Paper keys start with PK, live keys with AK.
          </p>
        ) : null}
        {fieldError('keyId')}
      </div>

      <div className="field">
        <label htmlFor={id('secret')}>API secret</label>
        <input
          id={id('secret')}
          type="password"
          className="input input--secret"
          autoComplete="off"
          spellCheck={false}
          value={values.secret}
          onChange={(event) => update({ secret: event.target.value })}
          aria-invalid={errors.secret ? true : undefined}
          aria-describedby={describedBy('secret')}
        />
        {fieldError('secret')}
      </div>

      {passphraseNeeded || errors.passphrase ? (
        <div className="field">
          <label htmlFor={id('passphrase')}>Passphrase</label>
          <input
            id={id('passphrase')}
            type="password"
            className="input input--secret"
            autoComplete="off"
            spellCheck={false}
            value={values.passphrase}
            onChange={(event) => update({ passphrase: event.target.value })}
            aria-invalid={errors.passphrase ? true : undefined}
            aria-describedby={describedBy('passphrase')}
          />
          {fieldError('passphrase')}
        </div>
      ) : null}

      <button
        type="submit"
        className={`button add-connection__submit${isLive ? ' add-connection__submit--live' : ''}`}
        disabled={isPending}
        aria-describedby={id('submit-hint')}
      >
        {isPending ? 'Testing the keys…' : isLive ? 'Test and add live account' : 'Test and add'}
      </button>
      <p id={id('submit-hint')} className="field-hint">
        The keys are tested at the venue first; only keys it accepts are saved. Key and secret are kept by the engine, never
        shown again.
      </p>

      {serverMessage ? (
        <p className="form-error" role="alert">
          {serverMessage}
        </p>
      ) : null}
      {confirmation ? (
        <p className="form-confirmation" role="status">
          Added “{confirmation.connection.name}” ({venueLabel(confirmation.connection)}, {maskedKey(confirmation.connection.keyLast4)}).
          {confirmation.connection.lastTest ? ` Connected: ${describeTest(confirmation.connection.lastTest)}.` : null}
          {confirmation.connection.mode === 'live' ? ' Live trading is off until you enable it in the list.' : null}
        </p>
      ) : null}
    </form>
  );
}

function Choice({
  name,
  checked,
  onChange,
  className,
  children,
}: {
  name: string;
  checked: boolean;
  onChange(): void;
  className?: string;
  children: ReactNode;
}) {
  return (
    <label className={`segmented__option ${className ?? ''}${checked ? ' is-checked' : ''}`}>
      <input type="radio" name={name} checked={checked} onChange={onChange} />
      {children}
    </label>
  );
}
