import { useEffect, useState } from 'react';
import type { Instrument, Order } from '../../../../../shared/contract';
import { isApiError } from '../../../api';
import { formatQty } from '../../../lib/format';
import { statusLabel } from '../api/orderStatus';
import { useSubmitOrder } from '../api/submitOrder';
import { hasErrors, validateTicket, type TicketErrors, type TicketValues } from '../lib/validateTicket';

const EMPTY_VALUES: TicketValues = { side: 'buy', type: 'market', qty: '', limitPrice: '' };
const CONFIRMATION_MS = 6_000;

function describeOrder(order: Order): string {
  const price = order.type === 'limit' && order.limitPrice ? `limit ${order.limitPrice}` : 'market';
  return `${order.side === 'buy' ? 'Buy' : 'Sell'} ${formatQty(order.qty)} ${order.symbol} ${price}: ${statusLabel(order.status)}`;
}

/** The engine's refusal, split into what belongs next to a field and what goes under the button. */
function splitServerError(error: Error): { fields: TicketErrors; message: string | null } {
  if (!isApiError(error)) return { fields: {}, message: error.message };
  const { qty, limitPrice, symbol, ...otherFields } = error.fields;
  const shownInline = Boolean(qty || limitPrice || symbol);
  const extra = Object.values(otherFields);
  return {
    fields: { qty, limitPrice, symbol },
    message: shownInline && extra.length === 0 ? null : [error.message, ...extra].join(' '),
  };
}

/**
 * The ticket's state: what is typed, what is wrong with it (the ticket's own checks first,
 * then the engine's answer, which wins), and the confirmation after a send.
 */
export function useOrderTicketForm(symbol: string | null, instrument: Instrument | undefined) {
  const [values, setValues] = useState<TicketValues>(EMPTY_VALUES);
  const [clientErrors, setClientErrors] = useState<TicketErrors>({});
  /** Once the user tried to send, errors follow each keystroke instead of waiting for the next try. */
  const [attempted, setAttempted] = useState(false);
  const [serverErrors, setServerErrors] = useState<TicketErrors>({});
  const [serverMessage, setServerMessage] = useState<string | null>(null);
  const [confirmation, setConfirmation] = useState<string | null>(null);
  const submitOrder = useSubmitOrder();

  const clearServerFeedback = () => {
    setServerErrors({});
    setServerMessage(null);
  };

  // Feedback about an order on one symbol says nothing about the next symbol. Reset while
  // rendering (React's pattern for state that follows a prop), not in an effect.
  const [feedbackSymbol, setFeedbackSymbol] = useState(symbol);
  if (feedbackSymbol !== symbol) {
    setFeedbackSymbol(symbol);
    clearServerFeedback();
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
    clearServerFeedback();
    if (attempted) setClientErrors(validateTicket(next, instrument));
  };

  /** Empties quantity and price and every message; keeps the side and type the user chose. */
  const clear = () => {
    setValues((current) => ({ ...EMPTY_VALUES, side: current.side, type: current.type }));
    setClientErrors({});
    setAttempted(false);
    clearServerFeedback();
    setConfirmation(null);
  };

  const submit = () => {
    if (!symbol || submitOrder.isPending) return;
    setAttempted(true);
    setConfirmation(null);
    clearServerFeedback();
    const errors = validateTicket(values, instrument);
    setClientErrors(errors);
    if (hasErrors(errors)) return;
    submitOrder.mutate(
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
          const { fields, message } = splitServerError(error);
          setServerErrors(fields);
          setServerMessage(message);
        },
      },
    );
  };

  const errors: TicketErrors = {
    qty: serverErrors.qty ?? clientErrors.qty,
    limitPrice: serverErrors.limitPrice ?? clientErrors.limitPrice,
    symbol: serverErrors.symbol ?? clientErrors.symbol,
  };

  return {
    values,
    errors,
    serverMessage,
    confirmation,
    isSending: submitOrder.isPending,
    update,
    setSide: (side: TicketValues['side']) => setValues((current) => ({ ...current, side })),
    clear,
    submit,
  };
}
