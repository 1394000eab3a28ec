import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { ConnectionInfo } from '../../../../../shared/contract';
import { describeError, isApiError } from '../../../api';
import { useEnableLive } from '../api/enableLive';
import { maskedKey, venueLabel } from '../lib/describeConnection';
import '../connections.css';

interface EnableLiveDialogProps {
  connection: ConnectionInfo;
  onClose(): void;
}

/** Why the button is still locked, or that it is not. */
type MatchState = 'empty' | 'partial' | 'wrong' | 'matches';

function matchHint(typed: string, name: string): { text: string; state: MatchState } {
  if (typed === name) return { text: 'The name matches. Live trading starts when you press the button.', state: 'matches' };
  if (typed === '') return { text: `The button unlocks when you have typed ${name} exactly.`, state: 'empty' };
  if (typed.trim() === name) return { text: 'Almost: remove the spaces before or after the name.', state: 'wrong' };
  if (typed.toLowerCase() === name.toLowerCase()) return { text: 'Almost: capital and small letters must match too.', state: 'wrong' };
  if (name.startsWith(typed)) return { text: `Keep typing: the button unlocks when you have typed ${name} exactly.`, state: 'partial' };
  return { text: `That is not the name of this connection. Type ${name} exactly.`, state: 'wrong' };
}

const HINT_CLASS: Record<MatchState, string> = {
  empty: 'field-hint',
  partial: 'field-hint',
  wrong: 'field-warning',
  matches: 'field-ok',
};

/**
 * The deliberate act before real money: the user types the connection's name. The button
 * stays disabled, saying why, until it matches exactly; the engine checks it again.
 */
export function EnableLiveDialog({ connection, onClose }: EnableLiveDialogProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const inputId = useId();
  const hintId = `${inputId}-hint`;
  const errorId = `${inputId}-error`;
  const [typed, setTyped] = useState('');
  const enable = useEnableLive();
  const hint = matchHint(typed, connection.name);
  const matches = hint.state === 'matches';

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!matches || enable.isPending) return;
    enable.mutate({ id: connection.id, confirmName: typed }, { onSuccess: onClose });
  };

  const serverError = enable.isError
    ? (isApiError(enable.error) && enable.error.fields.confirmName) || describeError(enable.error)
    : null;

  return (
    <dialog
      ref={dialogRef}
      className="dialog dialog--narrow dialog--live"
      aria-labelledby={`${inputId}-title`}
      aria-describedby={`${inputId}-what`}
      // A close that was undone (React's development double effect re-opens the dialog) is not the user's.
      onClose={() => {
        if (!dialogRef.current?.open) onClose();
      }}
    >
      <form className="dialog__content" onSubmit={onSubmit} noValidate>
        <header className="dialog__header">
          <span className="mode-badge mode-badge--live" aria-hidden="true">
            LIVE
          </span>
          <h2 id={`${inputId}-title`}>Enable live trading for “{connection.name}”</h2>
        </header>
        <p id={`${inputId}-what`} className="dialog__text">
          Orders sent through this connection go to {venueLabel(connection)} ({maskedKey(connection.keyLast4)}) and use{' '}
          <strong>real money</strong>. The paper session stays as it is, and you can disable live trading here at any time.
        </p>
        <div className="field">
          <label htmlFor={inputId}>
            Type the connection name to confirm: <strong className="confirm-name">{connection.name}</strong>
          </label>
          <input
            id={inputId}
            className="input"
            autoComplete="off"
            spellCheck={false}
            value={typed}
            onChange={(event) => {
              setTyped(event.target.value);
              enable.reset();
            }}
            aria-invalid={serverError ? true : undefined}
            aria-describedby={[hintId, serverError ? errorId : null].filter(Boolean).join(' ')}
          />
          <p id={hintId} className={HINT_CLASS[hint.state]} aria-live="polite">
            {hint.text}
          </p>
        </div>
        {serverError ? (
          <p id={errorId} className="form-error" role="alert">
            {serverError}
          </p>
        ) : null}
        <div className="dialog__actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            className="button button--live"
            disabled={!matches || enable.isPending}
            aria-describedby={hintId}
          >
            {enable.isPending ? 'Enabling…' : 'Enable live trading'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
