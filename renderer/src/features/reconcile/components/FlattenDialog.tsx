import { useEffect, useRef } from 'react';
import type { ReconcileIssue } from '../../../../../shared/contract';
import { describeError } from '../../../api';
import { formatQty } from '../../../lib/format';
import { useResolveIssue } from '../api/resolveIssue';

interface FlattenDialogProps {
  issue: ReconcileIssue;
  accountName: string;
  onClose(): void;
}

/** "sell 5 AAPL" to close a venue position of 5 (buy for a short), or null when the figure is not a quantity. */
function closingOrder(issue: ReconcileIssue): string | null {
  if (!/^-?\d+(\.\d+)?$/.test(issue.venue)) return null;
  const short = issue.venue.startsWith('-');
  const qty = short ? issue.venue.slice(1) : issue.venue;
  return `${short ? 'buy' : 'sell'} ${formatQty(qty)} ${issue.symbol ?? ''}`.trim();
}

/**
 * Flatten sends a market order at the venue: the user confirms it, knowing what will be sent.
 * Cancel has the focus, so a stray Enter sends nothing.
 */
export function FlattenDialog({ issue, accountName, onClose }: FlattenDialogProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const resolve = useResolveIssue();

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
    cancelRef.current?.focus();
    return () => dialog?.close();
  }, []);

  const order = closingOrder(issue);
  const title = `Flatten ${issue.symbol ?? 'the position'} on ${accountName}?`;
  return (
    <dialog ref={dialogRef} className="dialog dialog--small" aria-label={title} onClose={onClose}>
      <div className="dialog__content">
        <header className="dialog__header">
          <h2>{title}</h2>
        </header>
        <p>
          This sends a <strong>market order</strong> to {accountName}
          {order ? (
            <>
              : <strong>{order}</strong>, closing the position the venue reports ({formatQty(issue.venue)}).
            </>
          ) : (
            ' to close the position the venue reports.'
          )}{' '}
          It fills at whatever price the market gives. Our books hold {issue.local}.
        </p>
        {resolve.isError ? (
          <p className="form-error" role="alert">
            Could not flatten: {describeError(resolve.error)}
          </p>
        ) : null}
        <div className="dialog__actions">
          <button ref={cancelRef} type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="button button--danger-solid"
            disabled={resolve.isPending}
            onClick={() => resolve.mutate({ issueId: issue.id, action: 'flatten' }, { onSuccess: onClose })}
          >
            {resolve.isPending ? 'Sending market order…' : 'Flatten with a market order'}
          </button>
        </div>
      </div>
    </dialog>
  );
}
