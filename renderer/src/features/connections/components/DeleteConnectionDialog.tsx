import { useEffect, useId, useRef } from 'react';
import type { ConnectionInfo } from '../../../../../shared/contract';
import { describeError } from '../../../api';
import { useDeleteConnection } from '../api/deleteConnection';
import { venueLabel } from '../lib/describeConnection';
import '../connections.css';

const STORAGE_PLACES: Record<ConnectionInfo['storage'], string> = {
  keychain: 'the OS keychain',
  safeStorage: "the app's encrypted store",
  session: 'memory',
};

interface DeleteConnectionDialogProps {
  connection: ConnectionInfo;
  onClose(): void;
  onDeleted(): void;
}

/** Asks before deleting: the key goes too, and only the user has a copy of it. Cancel has the focus. */
export function DeleteConnectionDialog({ connection, onClose, onDeleted }: DeleteConnectionDialogProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const remove = useDeleteConnection();

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);


  return (
    <dialog
      ref={dialogRef}
      className="dialog dialog--narrow"
      aria-labelledby={titleId}
      aria-describedby={`${titleId}-what`}
      // A close that was undone (React's development double effect re-opens the dialog) is not the user's.
      onClose={() => {
        if (!dialogRef.current?.open) onClose();
      }}
    >
      <div className="dialog__content">
        <header className="dialog__header">
          <h2 id={titleId}>Delete “{connection.name}”?</h2>
        </header>
        <p id={`${titleId}-what`} className="dialog__text">
          The connection to {venueLabel(connection)} and its key are removed from {STORAGE_PLACES[connection.storage]}. To use this account again you
          will need its API key and secret.
          {connection.liveEnabled ? ' Live trading through it stops.' : ''} Nothing changes at the venue itself.
        </p>
        {remove.isError ? (
          <p className="form-error" role="alert">
            {describeError(remove.error)}
          </p>
        ) : null}
        <div className="dialog__actions">
          {/* Cancel first and focused: Enter or Esc right away keeps the connection. */}
          <button type="button" className="button" onClick={onClose} autoFocus>
            Cancel
          </button>
          <button
            type="button"
            className="button button--danger-solid"
            disabled={remove.isPending}
            onClick={() => remove.mutate(connection.id, { onSuccess: onDeleted })}
          >
            {remove.isPending ? 'Deleting…' : 'Delete connection'}
          </button>
        </div>
      </div>
    </dialog>
  );
}
