import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { ModifyOrderInput, Order } from '../../../../../shared/contract';
import { isApiError } from '../../../api';
import { formatQty } from '../../../lib/format';
import { useModifyOrder } from '../api/modifyOrder';
import { orderKindLabel } from '../lib/orderLabels';

type ModifyField = 'qty' | 'limitPrice' | 'stopPrice';

interface ModifyOrderDialogProps {
  order: Order;
  onClose(): void;
}

/**
 * Changes a working order's quantity, limit or stop price (only those it has). Sends only
 * what changed; the engine checks the result like a new order and names the field it refuses.
 */
export function ModifyOrderDialog({ order, onClose }: ModifyOrderDialogProps) {
  const formId = useId();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const modify = useModifyOrder();
  const initial: Record<ModifyField, string> = {
    qty: order.qty,
    limitPrice: order.limitPrice ?? '',
    stopPrice: order.stopPrice ?? '',
  };
  const [values, setValues] = useState(initial);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<ModifyField, string>>>({});
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  const fields: Array<{ field: ModifyField; label: string }> = [{ field: 'qty', label: 'New quantity' }];
  if (order.limitPrice !== null) fields.push({ field: 'limitPrice', label: 'New limit price' });
  if (order.stopPrice !== null) fields.push({ field: 'stopPrice', label: 'New stop price' });

  const changes: ModifyOrderInput = { orderId: order.id };
  for (const { field } of fields) {
    const typed = values[field].trim();
    if (typed !== '' && typed !== initial[field]) changes[field] = typed;
  }
  const changed = Object.keys(changes).length > 1;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!changed || modify.isPending) return;
    setFieldErrors({});
    setMessage(null);
    modify.mutate(changes, {
      onSuccess: onClose,
      onError: (error) => {
        const inline: Partial<Record<ModifyField, string>> = {};
        if (isApiError(error)) {
          for (const { field } of fields) if (error.fields[field]) inline[field] = error.fields[field];
        }
        setFieldErrors(inline);
        setMessage(Object.keys(inline).length > 0 ? null : error.message);
      },
    });
  };

  const title = `Modify ${order.side === 'buy' ? 'buy' : 'sell'} ${formatQty(order.qty)} ${order.symbol}`;
  return (
    <dialog
      ref={dialogRef}
      className="dialog dialog--small"
      aria-label={title}
      onClose={onClose}
      onClick={(event) => {
        if (event.target === dialogRef.current) onClose();
      }}
    >
      <form className="dialog__content modify-order" onSubmit={onSubmit} noValidate>
        <header className="dialog__header">
          <h2>{title}</h2>
          <span className="modify-order__kind">{orderKindLabel(order)}</span>
        </header>
        <p className="modify-order__note">
          Filled so far: {formatQty(order.filledQty)}. The new quantity is the order’s total, filled part included.
        </p>
        <div className="modify-order__fields">
          {fields.map(({ field, label }) => (
            <div key={field} className="field">
              <label htmlFor={`${formId}-${field}`}>{label}</label>
              <input
                id={`${formId}-${field}`}
                className="input num"
                inputMode="decimal"
                autoComplete="off"
                spellCheck={false}
                value={values[field]}
                aria-invalid={fieldErrors[field] ? true : undefined}
                aria-describedby={fieldErrors[field] ? `${formId}-${field}-error` : undefined}
                onChange={(event) => {
                  setValues((current) => ({ ...current, [field]: event.target.value }));
                  setFieldErrors((current) => ({ ...current, [field]: undefined }));
                  setMessage(null);
                }}
              />
              {fieldErrors[field] ? (
                <p id={`${formId}-${field}-error`} className="field-error">
                  {fieldErrors[field]}
                </p>
              ) : null}
            </div>
          ))}
        </div>
        {message ? (
          <p className="form-error" role="alert">
            {message}
          </p>
        ) : null}
        <div className="dialog__actions">
          <button type="button" className="button" onClick={onClose}>
            Keep as is
          </button>
          <button type="submit" className="button button--primary" disabled={!changed || modify.isPending}>
            {modify.isPending ? 'Sending change…' : 'Send change'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
