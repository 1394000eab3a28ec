import { useEffect, useState } from 'react';
import type { ConnectionInfo } from '../../../../../shared/contract';
import { isApiError } from '../../../api';
import { useAddConnection } from '../api/addConnection';
import { useExchanges } from '../api/listExchanges';
import {
  ADD_FORM_FIELDS,
  EMPTY_ADD_FORM,
  hasErrors,
  toAddInput,
  validateAddForm,
  type AddFormErrors,
  type AddFormField,
  type AddFormValues,
} from '../lib/validateAddForm';

const CONFIRMATION_MS = 12_000;
const SECRETS_CLEARED = { keyId: '', secret: '', passphrase: '' } as const;

function isFormField(key: string): key is AddFormField {
  return (ADD_FORM_FIELDS as readonly string[]).includes(key);
}

/** The engine's refusal, split into what belongs next to a field and what goes under the button. */
function splitServerError(error: Error): { fields: AddFormErrors; message: string | null } {
  if (!isApiError(error)) return { fields: {}, message: error.message };
  const fields: AddFormErrors = {};
  const extra: string[] = [];
  for (const [key, text] of Object.entries(error.fields)) {
    if (isFormField(key)) fields[key] = text;
    else extra.push(text);
  }
  const shownInline = Object.keys(fields).length > 0;
  return { fields, message: shownInline && extra.length === 0 ? null : [error.message, ...extra].join(' ') };
}

export interface AddConfirmation {
  connection: ConnectionInfo;
}

/**
 * The add-connection form: what is typed, the form's own checks, then the engine's answer
 * (which wins). The key id, secret and passphrase leave this state the moment the form is
 * sent, whatever the answer: a refused key is typed again, never kept around.
 */
export function useAddConnectionForm() {
  const [values, setValues] = useState<AddFormValues>(EMPTY_ADD_FORM);
  // The exchange list is long and comes from ccxt in the engine: asked for only when needed.
  const exchangesQuery = useExchanges(values.venue === 'ccxt');
  const exchanges = exchangesQuery.data;
  const [clientErrors, setClientErrors] = useState<AddFormErrors>({});
  const [attempted, setAttempted] = useState(false);
  const [serverErrors, setServerErrors] = useState<AddFormErrors>({});
  const [serverMessage, setServerMessage] = useState<string | null>(null);
  const [confirmation, setConfirmation] = useState<AddConfirmation | null>(null);
  const { add, isPending } = useAddConnection();

  const exchange = values.exchangeId ? exchanges?.find((e) => e.id === values.exchangeId) : undefined;

  useEffect(() => {
    if (!confirmation) return;
    const timer = setTimeout(() => setConfirmation(null), CONFIRMATION_MS);
    return () => clearTimeout(timer);
  }, [confirmation]);

  const clearServerFeedback = () => {
    setServerErrors({});
    setServerMessage(null);
  };

  const update = (patch: Partial<AddFormValues>) => {
    const next = { ...values, ...patch };
    setValues(next);
    clearServerFeedback();
    setConfirmation(null);
    if (attempted) {
      const nextExchange = next.exchangeId ? exchanges?.find((e) => e.id === next.exchangeId) : undefined;
      setClientErrors(validateAddForm(next, nextExchange));
    }
  };

  const submit = async () => {
    if (isPending) return;
    setAttempted(true);
    setConfirmation(null);
    clearServerFeedback();
    const errors = validateAddForm(values, exchange);
    setClientErrors(errors);
    if (hasErrors(errors)) return;
    const input = toAddInput(values, exchange);
    setValues((current) => ({ ...current, ...SECRETS_CLEARED }));
    const outcome = await add(input);
    if (outcome.ok) {
      setValues((current) => ({ ...EMPTY_ADD_FORM, venue: current.venue }));
      setAttempted(false);
      setClientErrors({});
      setConfirmation({ connection: outcome.connection });
      return;
    }
    const { fields, message } = splitServerError(outcome.error);
    // The key fields are empty now by design: the form's own "paste the key" checks wait for the next try.
    setAttempted(false);
    setClientErrors({});
    setServerErrors(fields);
    setServerMessage(message);
  };

  const errors: AddFormErrors = {};
  for (const field of ADD_FORM_FIELDS) {
    const text = serverErrors[field] ?? clientErrors[field];
    if (text) errors[field] = text;
  }

  return { values, exchange, exchanges: exchangesQuery, errors, serverMessage, confirmation, isPending, update, submit };
}
