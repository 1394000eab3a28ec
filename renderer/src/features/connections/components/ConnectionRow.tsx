import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { ConnectionInfo } from '../../../../../shared/contract';
import { describeError, isApiError } from '../../../api';
import { formatDateTime, formatTime } from '../../../lib/format';
import { useDisableLive } from '../api/disableLive';
import { useRenameConnection } from '../api/renameConnection';
import { useTestConnection } from '../api/testConnection';
import {
  STORAGE_HINTS,
  STORAGE_LABELS,
  describeTest,
  maskedKey,
  statusLabel,
  statusTone,
  venueLabel,
} from '../lib/describeConnection';

const COLUMNS = 8;

interface ConnectionRowProps {
  connection: ConnectionInfo;
  onDelete(): void;
  onEnableLive(): void;
}

/** One account: what it is, whether its key works, and what can be done with it. */
export function ConnectionRow({ connection, onDelete, onEnableLive }: ConnectionRowProps) {
  const test = useTestConnection();
  const disableLive = useDisableLive();
  const rename = useRenameConnection();
  const [renaming, setRenaming] = useState(false);
  const [renameLocalError, setRenameLocalError] = useState<string | null>(null);
  const renameErrorId = useId();
  const renameButtonRef = useRef<HTMLButtonElement>(null);
  const { name } = connection;
  const last = connection.lastTest;
  const renameProblem = renaming ? renameError(rename, renameLocalError) : null;

  // Back to the Rename button once it is enabled again, i.e. after the commit that ends renaming.
  const refocusRename = useRef(false);
  useEffect(() => {
    if (renaming || !refocusRename.current) return;
    refocusRename.current = false;
    renameButtonRef.current?.focus();
  }, [renaming]);

  const stopRenaming = () => {
    refocusRename.current = true;
    setRenaming(false);
    setRenameLocalError(null);
    rename.reset();
  };

  return (
    <>
      <tr className={`data-table__row${connection.liveEnabled ? ' is-live' : ''}`} aria-label={name}>
        <td className="connections-table__name">
          {renaming ? (
            <RenameField
              connection={connection}
              rename={rename}
              error={renameProblem}
              errorId={renameErrorId}
              onLocalError={setRenameLocalError}
              onDone={stopRenaming}
            />
          ) : (
            <span className="connection-name" title={name}>
              {name}
            </span>
          )}
        </td>
        <td>
          {venueLabel(connection)}
          {connection.sandbox ? <span className="tag tag--ok">testnet</span> : null}
        </td>
        <td>
          <ModeChip connection={connection} />
        </td>
        <td>
          <code className="masked-key" title="Only the last four characters of the key id are ever shown">
            {maskedKey(connection.keyLast4)}
          </code>
        </td>
        <td className="connections-table__status">
          <span className={`conn-status conn-status--${statusTone(connection.status)}`}>
            <span className="conn-status__dot" aria-hidden="true" />
            {statusLabel(connection.status)}
          </span>
          {last ? (
            <span className={`conn-status__detail${last.ok ? '' : ' is-failed'}`}>{describeTest(last)}</span>
          ) : (
            <span className="conn-status__detail">Not tested yet.</span>
          )}
        </td>
        <td className="time">{last ? <time dateTime={new Date(last.at).toISOString()} title={formatDateTime(last.at)}>{formatTime(last.at)}</time> : '—'}</td>
        <td>
          <span className={`storage storage--${connection.storage}`} title={STORAGE_HINTS[connection.storage]}>
            {STORAGE_LABELS[connection.storage]}
          </span>
        </td>
        <td className="actions-cell">
          <div className="connections-table__actions">
          <button
            type="button"
            className="button button--small"
            aria-label={`Test ${name}`}
            disabled={test.isPending || connection.status === 'connecting'}
            onClick={() => test.mutate(connection.id)}
          >
            {test.isPending ? 'Testing…' : 'Test'}
          </button>
          <button
            ref={renameButtonRef}
            type="button"
            className="button button--small"
            aria-label={`Rename ${name}`}
            aria-expanded={renaming}
            disabled={renaming}
            onClick={() => setRenaming(true)}
          >
            Rename
          </button>
          {connection.mode === 'live' ? (
            connection.liveEnabled ? (
              <button
                type="button"
                className="button button--small button--live-off"
                aria-label={`Disable live trading for ${name}`}
                disabled={disableLive.isPending}
                onClick={() => disableLive.mutate(connection.id)}
              >
                Disable live trading
              </button>
            ) : (
              <button
                type="button"
                className="button button--small button--live-on"
                aria-label={`Enable live trading for ${name}`}
                aria-haspopup="dialog"
                onClick={onEnableLive}
              >
                Enable live trading
              </button>
            )
          ) : null}
          <button
            type="button"
            className="button button--small button--danger"
            aria-label={`Delete ${name}`}
            aria-haspopup="dialog"
            onClick={onDelete}
          >
            Delete
          </button>
          </div>
        </td>
      </tr>
      {renameProblem ? (
        <tr className="data-table__message">
          <td id={renameErrorId} colSpan={COLUMNS} role="alert">
            {renameProblem}
          </td>
        </tr>
      ) : null}
      {test.isSuccess ? (
        <tr className="data-table__note">
          <td colSpan={COLUMNS} role={test.data.ok ? 'status' : 'alert'} className={test.data.ok ? 'is-ok' : 'is-failed'}>
            {test.data.ok ? `Test passed for ${name}: ${describeTest(test.data)}.` : `Test failed for ${name}: ${test.data.message}`}
          </td>
        </tr>
      ) : null}
      {test.isError ? (
        <tr className="data-table__message">
          <td colSpan={COLUMNS} role="alert">
            Could not test {name}: {describeError(test.error)}
          </td>
        </tr>
      ) : null}
      {disableLive.isError ? (
        <tr className="data-table__message">
          <td colSpan={COLUMNS} role="alert">
            Could not disable live trading for {name}: {describeError(disableLive.error)}
          </td>
        </tr>
      ) : null}
    </>
  );
}

function ModeChip({ connection }: { connection: ConnectionInfo }) {
  if (connection.mode === 'paper') {
    return (
      <span className="mode-chip mode-chip--paper" title="A practice account: no real money">
        PAPER
      </span>
    );
  }
  return (
    <span className="mode-chip-group">
      <span className="mode-chip mode-chip--live" title="A real-money account">
        LIVE
      </span>
      <span className={`live-state${connection.liveEnabled ? ' is-on' : ''}`}>
        {connection.liveEnabled ? 'trading enabled' : 'trading off'}
      </span>
    </span>
  );
}

type RenameMutation = ReturnType<typeof useRenameConnection>;

/** Why a rename was refused: the form's own check first, then the engine's (a taken name). */
function renameError(rename: RenameMutation, localError: string | null): string | null {
  if (localError) return localError;
  if (!rename.isError) return null;
  return (isApiError(rename.error) && rename.error.fields.name) || describeError(rename.error);
}

/** The name cell while renaming: Enter saves, Esc cancels. The error shows in a row of its own, under this one. */
function RenameField({
  connection,
  rename,
  error,
  errorId,
  onLocalError,
  onDone,
}: {
  connection: ConnectionInfo;
  rename: RenameMutation;
  error: string | null;
  errorId: string;
  onLocalError(message: string | null): void;
  onDone(): void;
}) {
  const inputId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [draft, setDraft] = useState(connection.name);

  useEffect(() => {
    inputRef.current?.focus();
    inputRef.current?.select();
  }, []);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const name = draft.trim();
    if (!name) {
      onLocalError('Give the connection a name.');
      return;
    }
    if (name === connection.name) {
      onDone();
      return;
    }
    rename.mutate({ id: connection.id, name }, { onSuccess: onDone });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onDone();
    }
  };

  return (
    <form className="rename-form" aria-label={`Rename ${connection.name}`} onSubmit={onSubmit} onKeyDown={onKeyDown} noValidate>
      <label htmlFor={inputId} className="sr-only">
        New name for {connection.name}
      </label>
      <input
        ref={inputRef}
        id={inputId}
        className="input input--compact rename-form__input"
        autoComplete="off"
        spellCheck={false}
        maxLength={64}
        value={draft}
        onChange={(event) => {
          setDraft(event.target.value);
          onLocalError(null);
          rename.reset();
        }}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
      />
      <button type="submit" className="button button--small" disabled={rename.isPending}>
        {rename.isPending ? 'Saving…' : 'Save'}
      </button>
      <button type="button" className="button button--small" onClick={onDone}>
        Cancel
      </button>
    </form>
  );
}
