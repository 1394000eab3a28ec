import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { describeError } from '../../../api';
import { useEngageKillSwitch } from '../api/engageKillSwitch';

interface KillSwitchDialogProps {
  /** Already engaged: engaging again can still cancel what is left or flatten. */
  engaged: boolean;
  onClose(): void;
}

/**
 * Confirms the kill switch. The Engage button has the focus, so the shortcut then Enter
 * halts trading in two keystrokes; Esc or Cancel leave everything as it was.
 */
export function KillSwitchDialog({ engaged, onClose }: KillSwitchDialogProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const engageRef = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const [cancelOpen, setCancelOpen] = useState(true);
  const [flatten, setFlatten] = useState(false);
  const engage = useEngageKillSwitch();

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
    engageRef.current?.focus();
    return () => dialog?.close();
  }, []);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (engage.isPending) return;
    engage.mutate({ cancelOpen, flatten, reason: 'Workstation kill switch' }, { onSuccess: onClose });
  };

  return (
    <dialog ref={dialogRef} className="dialog dialog--small kill-dialog" aria-labelledby={titleId} onClose={onClose}>
      <form className="dialog__content" onSubmit={onSubmit}>
        <header className="dialog__header">
          <h2 id={titleId}>{engaged ? 'The kill switch is engaged' : 'Halt all trading?'}</h2>
        </header>
        <p>
          {engaged
            ? 'No order is being sent on any account. Engaging it again can still cancel the orders left open, or flatten positions.'
            : 'The kill switch stops every new order on every account, from the ticket and from bots, until you resume trading. It stays on after a restart.'}
        </p>
        <label className="kill-dialog__choice">
          <input type="checkbox" checked={cancelOpen} onChange={(event) => setCancelOpen(event.target.checked)} />
          <span>
            <strong>Cancel open orders</strong>
            <span className="kill-dialog__hint">Working orders on every account are cancelled at their venue.</span>
          </span>
        </label>
        <label className="kill-dialog__choice">
          <input type="checkbox" checked={flatten} onChange={(event) => setFlatten(event.target.checked)} />
          <span>
            <strong>Flatten positions</strong>
            <span className="kill-dialog__hint">Sends market orders closing every position, at whatever price the market gives.</span>
          </span>
        </label>
        {engage.isError ? (
          <p className="form-error" role="alert">
            The kill switch may not be engaged: {describeError(engage.error)}
          </p>
        ) : null}
        <div className="dialog__actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button ref={engageRef} type="submit" className="button button--danger-solid kill-dialog__engage" disabled={engage.isPending}>
            {engage.isPending ? 'Halting…' : engaged ? 'Engage again' : 'Engage kill switch'}
          </button>
        </div>
        <p className="kill-dialog__keys">
          <kbd className="kbd">Enter</kbd> engage · <kbd className="kbd">Esc</kbd> cancel
        </p>
      </form>
    </dialog>
  );
}
