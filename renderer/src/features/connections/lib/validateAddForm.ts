import type { AddConnectionInput, ExchangeInfo, VenueKind } from '../../../../../shared/contract';

export interface AddFormValues {
  name: string;
  venue: VenueKind;
  exchangeId: string | null;
  mode: 'paper' | 'live';
  keyId: string;
  secret: string;
  passphrase: string;
}

export type AddFormField = 'name' | 'exchangeId' | 'mode' | 'keyId' | 'secret' | 'passphrase';
export type AddFormErrors = Partial<Record<AddFormField, string>>;

export const ADD_FORM_FIELDS: readonly AddFormField[] = ['name', 'exchangeId', 'mode', 'keyId', 'secret', 'passphrase'];

export const EMPTY_ADD_FORM: AddFormValues = {
  name: '',
  venue: 'alpaca',
  exchangeId: null,
  mode: 'paper',
  keyId: '',
  secret: '',
  passphrase: '',
};

/** Whether the chosen exchange needs a passphrase (ccxt's "password"). */
export function needsPassphrase(values: AddFormValues, exchange: ExchangeInfo | undefined): boolean {
  return values.venue === 'ccxt' && Boolean(exchange?.requiresPassphrase);
}

/**
 * What the form can tell before anything is sent: empty fields, a missing exchange, a paper
 * account at an exchange without a testnet. The engine checks all of it again, plus the
 * venue's key shapes, and the venue itself is the judge of the keys.
 */
export function validateAddForm(values: AddFormValues, exchange: ExchangeInfo | undefined): AddFormErrors {
  const errors: AddFormErrors = {};
  if (!values.name.trim()) errors.name = 'Give the connection a name, for example “Alpaca paper”.';
  if (values.venue === 'ccxt') {
    if (!values.exchangeId) errors.exchangeId = 'Pick an exchange from the list.';
    else if (exchange && values.mode === 'paper' && !exchange.hasSandbox) {
      errors.mode = `${exchange.name} has no testnet, so it cannot be added as paper. Choose Live to connect a real-money account.`;
    }
  }
  if (!values.keyId.trim()) errors.keyId = 'Paste the API key id.';
  if (!values.secret.trim()) errors.secret = 'Paste the API secret.';
  if (needsPassphrase(values, exchange) && !values.passphrase.trim()) {
    errors.passphrase = `${exchange?.name ?? 'This exchange'} needs the passphrase you chose when you created the API key.`;
  }
  return errors;
}

export function hasErrors(errors: AddFormErrors): boolean {
  return Object.values(errors).some(Boolean);
}

/** The request as the contract takes it; the passphrase only where the exchange uses one. */
export function toAddInput(values: AddFormValues, exchange: ExchangeInfo | undefined): AddConnectionInput {
  const input: AddConnectionInput = {
    name: values.name.trim(),
    venue: values.venue,
    mode: values.mode,
    keyId: values.keyId.trim(),
    secret: values.secret.trim(),
  };
  if (values.venue === 'ccxt' && values.exchangeId) input.exchangeId = values.exchangeId;
  if (needsPassphrase(values, exchange)) input.passphrase = values.passphrase.trim();
  return input;
}
