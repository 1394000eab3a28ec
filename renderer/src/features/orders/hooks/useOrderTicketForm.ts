import { useEffect, useState } from 'react';
import type { Instrument, Order, OrderClass, OrderType, SubmitOrderInput, TimeInForce } from '../../../../../shared/contract';
import { isApiError } from '../../../api';
import { formatQty } from '../../../lib/format';
import { statusLabel } from '../api/orderStatus';
import { useSubmitOrder } from '../api/submitOrder';
import { orderClassLabel, orderTypeLabel } from '../lib/orderLabels';
import {
  hasErrors,
  hasExits,
  needsLimitPrice,
  needsStopPrice,
  TICKET_FIELDS,
  validateTicket,
  type TicketErrors,
  type TicketField,
  type TicketValues,
} from '../lib/validateTicket';

/** What the selected account's venue takes: the ticket offers exactly this. */
export interface TicketOffer {
  accountId: string;
  orderTypes: readonly OrderType[];
  timeInForce: readonly TimeInForce[];
  /** Beyond 'simple', which every venue takes. */
  orderClasses: readonly OrderClass[];
}

const EMPTY_VALUES: TicketValues = {
  side: 'buy',
  type: 'market',
  tif: 'day',
  orderClass: 'simple',
  qty: '',
  limitPrice: '',
  stopPrice: '',
  trail: '',
  trailUnit: 'price',
  takeProfitPrice: '',
  stopLossPrice: '',
  stopLossLimitPrice: '',
};
const CONFIRMATION_MS = 6_000;

/** The duplicate guard's question, and the very order it is about (sent again as it was if confirmed). */
export interface DuplicateQuestion {
  question: string;
  input: SubmitOrderInput;
}

/** The values with type, time in force and class moved onto what the account offers (after switching accounts). */
function fitToOffer(values: TicketValues, offer: TicketOffer): TicketValues {
  const type = offer.orderTypes.includes(values.type) ? values.type : (offer.orderTypes[0] ?? values.type);
  const tif = offer.timeInForce.includes(values.tif)
    ? values.tif
    : offer.timeInForce.includes('day')
      ? 'day'
      : (offer.timeInForce[0] ?? values.tif);
  const orderClass = values.orderClass === 'simple' || offer.orderClasses.includes(values.orderClass) ? values.orderClass : 'simple';
  return type === values.type && tif === values.tif && orderClass === values.orderClass ? values : { ...values, type, tif, orderClass };
}

/** The fields the ticket shows for these values: an engine error for any other goes under the button. */
export function visibleFields(values: TicketValues, offer: TicketOffer): Set<TicketField> {
  const fields = new Set<TicketField>(['symbol', 'type', 'tif', 'qty']);
  if (offer.orderClasses.length > 0) fields.add('orderClass');
  if (needsLimitPrice(values.type)) fields.add('limitPrice');
  if (needsStopPrice(values.type)) fields.add('stopPrice');
  if (values.type === 'trailing_stop') fields.add('trail');
  if (hasExits(values.orderClass)) {
    fields.add('takeProfitPrice');
    fields.add('stopLossPrice');
    fields.add('stopLossLimitPrice');
  }
  return fields;
}

function describeOrder(order: Order): string {
  const price =
    order.limitPrice && (order.type === 'limit' || order.type === 'stop_limit')
      ? `${orderTypeLabel(order.type).toLowerCase()} ${order.limitPrice}`
      : order.type === 'stop' && order.stopPrice
        ? `stop ${order.stopPrice}`
        : orderTypeLabel(order.type).toLowerCase();
  const cls = order.orderClass === 'simple' ? '' : ` · ${orderClassLabel(order.orderClass)}`;
  return `${order.side === 'buy' ? 'Buy' : 'Sell'} ${formatQty(order.qty)} ${order.symbol} ${price}${cls}: ${statusLabel(order.status)}`;
}

/** The engine's refusal, split into what belongs next to a field on screen and what goes under the button. */
function splitServerError(error: Error, shown: Set<TicketField>): { fields: TicketErrors; message: string | null } {
  if (!isApiError(error)) return { fields: {}, message: error.message };
  const fields: TicketErrors = {};
  const elsewhere: string[] = [];
  for (const [name, message] of Object.entries(error.fields)) {
    // The engine names the trail by its kind; the ticket has one input for both.
    const field = (name === 'trailPrice' || name === 'trailPercent' ? 'trail' : name) as TicketField;
    if ((TICKET_FIELDS as readonly string[]).includes(field) && shown.has(field)) fields[field] = message;
    else if (message !== error.message) elsewhere.push(message);
  }
  const inline = Object.keys(fields).length > 0;
  return { fields, message: inline && elsewhere.length === 0 ? null : [error.message, ...elsewhere].join(' ') };
}

function toSubmitInput(symbol: string, values: TicketValues, accountId: string): SubmitOrderInput {
  const text = (value: string) => value.trim();
  const optional = (value: string) => (value.trim() === '' ? null : value.trim());
  const input: SubmitOrderInput = {
    accountId,
    symbol,
    side: values.side,
    type: values.type,
    tif: values.tif,
    qty: text(values.qty),
    limitPrice: needsLimitPrice(values.type) ? text(values.limitPrice) : null,
    stopPrice: needsStopPrice(values.type) ? text(values.stopPrice) : null,
    orderClass: values.orderClass,
  };
  if (values.type === 'trailing_stop') {
    if (values.trailUnit === 'price') input.trailPrice = text(values.trail);
    else input.trailPercent = text(values.trail);
  }
  if (hasExits(values.orderClass)) {
    input.takeProfitPrice = optional(values.takeProfitPrice);
    input.stopLossPrice = optional(values.stopLossPrice);
    input.stopLossLimitPrice = optional(values.stopLossLimitPrice);
  }
  return input;
}

/**
 * The ticket's state: what is typed, what is wrong with it (the ticket's own checks first,
 * then the engine's answer, which wins), and the confirmation after a send. Type, time in
 * force and order class always stay within what the selected account's venue takes.
 */
export function useOrderTicketForm(symbol: string | null, instrument: Instrument | undefined, offer: TicketOffer) {
  const [rawValues, setValues] = useState<TicketValues>(EMPTY_VALUES);
  const [clientErrors, setClientErrors] = useState<TicketErrors>({});
  /** Once the user tried to send, errors follow each keystroke instead of waiting for the next try. */
  const [attempted, setAttempted] = useState(false);
  const [serverErrors, setServerErrors] = useState<TicketErrors>({});
  const [serverMessage, setServerMessage] = useState<string | null>(null);
  const [confirmation, setConfirmation] = useState<string | null>(null);
  /** The risk engine's reason when it denied the last order (DENIED, never the venue's REJECTED). */
  const [denial, setDenial] = useState<string | null>(null);
  const [duplicate, setDuplicate] = useState<DuplicateQuestion | null>(null);
  const submitOrder = useSubmitOrder();
  const values = fitToOffer(rawValues, offer);

  const clearServerFeedback = () => {
    setServerErrors({});
    setServerMessage(null);
    setDenial(null);
  };

  // Feedback about an order on one symbol or account says nothing about the next. Reset
  // while rendering (React's pattern for state that follows a prop), not in an effect.
  const feedbackKey = `${offer.accountId}|${symbol ?? ''}`;
  const [shownFor, setShownFor] = useState(feedbackKey);
  if (shownFor !== feedbackKey) {
    setShownFor(feedbackKey);
    clearServerFeedback();
    setDuplicate(null);
    setConfirmation(null);
    setClientErrors({});
    setAttempted(false);
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

  /** Empties quantities and prices and every message; keeps the side, type, class and time in force. */
  const clear = () => {
    setValues((current) => ({
      ...EMPTY_VALUES,
      side: current.side,
      type: current.type,
      tif: current.tif,
      orderClass: current.orderClass,
      trailUnit: current.trailUnit,
    }));
    setClientErrors({});
    setAttempted(false);
    clearServerFeedback();
    setConfirmation(null);
  };

  const submit = (canSend: boolean) => {
    if (submitOrder.isPending || !canSend) return;
    setAttempted(true);
    if (!symbol) {
      setClientErrors({ symbol: 'Enter the symbol to trade, for example AAPL.' });
      return;
    }
    setConfirmation(null);
    clearServerFeedback();
    const errors = validateTicket(values, instrument);
    setClientErrors(errors);
    if (hasErrors(errors)) return;
    send(toSubmitInput(symbol, values, offer.accountId), visibleFields(values, offer));
  };

  const send = (input: SubmitOrderInput, shown: Set<TicketField>) => {
    submitOrder.mutate(input, {
      onSuccess: (order) => {
        setConfirmation(describeOrder(order));
        setAttempted(false);
      },
      onError: (error) => {
        if (isApiError(error) && error.code === 'DENIED') {
          // Our risk engine said no: nothing reached the venue. Shown as a risk denial, with its reason.
          setDenial(error.message);
          return;
        }
        const question = isApiError(error) && error.code === 'CONFLICT' ? error.fields.confirmDuplicate : undefined;
        if (question) {
          setDuplicate({ question, input });
          return;
        }
        const { fields, message } = splitServerError(error, shown);
        setServerErrors(fields);
        setServerMessage(message);
      },
    });
  };

  /** The user confirmed the repeat: the same order again, saying so. */
  const confirmDuplicate = () => {
    if (!duplicate || submitOrder.isPending) return;
    const { input } = duplicate;
    setDuplicate(null);
    clearServerFeedback();
    send({ ...input, confirmDuplicate: true }, visibleFields(values, offer));
  };

  const cancelDuplicate = () => {
    setDuplicate(null);
    setConfirmation('Not sent: the repeat was cancelled.');
  };

  const errors: TicketErrors = {};
  for (const field of TICKET_FIELDS) {
    const message = serverErrors[field] ?? clientErrors[field];
    if (message) errors[field] = message;
  }

  return {
    values,
    errors,
    serverMessage,
    denial,
    confirmation,
    duplicate,
    confirmDuplicate,
    cancelDuplicate,
    isSending: submitOrder.isPending,
    update,
    setSide: (side: TicketValues['side']) => setValues((current) => ({ ...current, side })),
    clear,
    submit,
  };
}
