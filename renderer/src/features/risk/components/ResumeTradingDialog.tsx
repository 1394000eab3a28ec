import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { describeError, isApiError } from '../../../api';
import { useReleaseKillSwitch } from '../api/releaseKillSwitch';

export const RESUME_WORD = 'RESUME';

/** Lifting the kill switch takes the word RESUME, typed: a stray click or Enter cannot do it. */
export function ResumeTradingDialog({ onClose }: { onClose(): void }) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const titleId = useId();
  const inputId = useId();
  const errorId = useId();
  const [typed, setTyped] = useState('');
  const release = useReleaseKillSwitch();

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
    inputRef.current?.focus();
    return () => dialog?.close();
  }, []);

  const matches = typed === RESUME_WORD;
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!matches || release.isPending) return;
    release.mutate(typed, { onSuccess: onClose });
  };
  const fieldError = release.error && isApiError(release.error) ? release.error.fields.confirm : undefined;

  return (
    <dialog ref={dialogRef} className="dialog dialog--small resume-dialog" aria-labelledby={titleId} onClose={onClose}>
      <form className="dialog__content" onSubmit={onSubmit}>
        <header className="dialog__header">
          <h2 id={titleId}>Resume trading?</h2>
        </header>
        <p>
          Orders from the ticket and from bots will be checked against the limits and sent again, on every account. Orders the kill
          switch cancelled and positions it flattened do not come back.
        </p>
        <div className="field">
          <label htmlFor={inputId}>Type {RESUME_WORD} to confirm</label>
          <input
            ref={inputRef}
            id={inputId}
            className="input"
            autoComplete="off"
            spellCheck={false}
            value={typed}
            aria-invalid={fieldError ? true : undefined}
            aria-describedby={fieldError ? errorId : undefined}
            onChange={(event) => {
              setTyped(event.target.value);
              if (release.isError) release.reset();
            }}
          />
          {fieldError ? (
            <p id={errorId} className="field-error">
              {fieldError}
            </p>
          ) : null}
        </div>
        {release.isError && !fieldError ? (
          <p className="form-error" role="alert">
            Trading was not resumed: {describeError(release.error)}
          </p>
        ) : null}
        <div className="dialog__actions">
          <button type="button" className="button" onClick={onClose}>
            Keep halted
          </button>
          <button type="submit" className="button button--primary" disabled={!matches || release.isPending}>
            {release.isPending ? 'Resuming…' : 'Resume trading'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
