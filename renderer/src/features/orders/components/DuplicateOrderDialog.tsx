import { useEffect, useId, useRef } from 'react';
import type { SubmitOrderInput } from '../../../../../shared/contract';
import { formatQty } from '../../../lib/format';
import { orderTypeLabel } from '../lib/orderLabels';
import '../ticketRisk.css';

interface DuplicateOrderDialogProps {
  /** The engine's question, e.g. "You sent the same order (buy 3 ACME) 2 seconds ago. Send it again?" */
  question: string;
  input: SubmitOrderInput;
  onConfirm(): void;
  onCancel(): void;
}

/**
 * The duplicate guard: the same symbol, side and quantity were sent moments ago. "Don't send"
 * has the focus, so a second Enter (the usual way a double order happens) sends nothing.
 */
export function DuplicateOrderDialog({ question, input, onConfirm, onCancel }: DuplicateOrderDialogProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const textId = useId();

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
    cancelRef.current?.focus();
    return () => dialog?.close();
  }, []);

  const side = input.side === 'buy' ? 'Buy' : 'Sell';
  const price = input.limitPrice ? ` at ${String(input.limitPrice)}` : '';
  return (
    <dialog
      ref={dialogRef}
      className="dialog dialog--small duplicate-dialog"
      aria-labelledby={titleId}
      aria-describedby={textId}
      onClose={onCancel}
      // Esc closes this dialog (the browser's cancel) without also clearing the ticket around it.
      onKeyDown={(event) => {
        if (event.key === 'Escape') event.stopPropagation();
      }}
    >
      <div className="dialog__content">
        <header className="dialog__header">
          <h2 id={titleId}>Send the same order again?</h2>
        </header>
        <p id={textId}>{question}</p>
        <p className="duplicate-dialog__order">
          {side} {formatQty(String(input.qty))} {input.symbol} · {orderTypeLabel(input.type)}
          {price}
        </p>
        <div className="dialog__actions">
          <button ref={cancelRef} type="button" className="button" onClick={onCancel}>
            Don’t send
          </button>
          <button type="button" className={`button duplicate-dialog__send duplicate-dialog__send--${input.side}`} onClick={onConfirm}>
            Send it again
          </button>
        </div>
      </div>
    </dialog>
  );
}
