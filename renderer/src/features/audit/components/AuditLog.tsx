import { useId, useState } from 'react';
import type { AuditEntry } from '../../../../../shared/contract';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States';
import { formatDateTime } from '../../../lib/format';
import { AUDIT_LIMIT, useAuditEntries } from '../api/listAuditEntries';
import { useDebouncedValue } from '../hooks/useDebouncedValue';
import { describeAuditDetail, KNOWN_AUDIT_ACTIONS } from '../lib/describeAuditEntry';
import '../audit.css';

interface AuditLogProps {
  /** Names an account id where the subject is one (reconcile entries, connections). */
  subjectName?: (subject: string) => string | null;
}

/**
 * Every operator action and every refusal the engine recorded, newest first: a search over
 * subject and details (a client order id finds its submit and cancel), a filter by action,
 * and a refresh on demand (the log is not pushed).
 */
export function AuditLog({ subjectName }: AuditLogProps) {
  const formId = useId();
  const [text, setText] = useState('');
  const [action, setAction] = useState('');
  // Each keystroke need not be a request: the query follows the text once typing pauses.
  const filter = { text: useDebouncedValue(text, 250), action };
  const entries = useAuditEntries(filter);

  const actions = new Set<string>(KNOWN_AUDIT_ACTIONS);
  for (const entry of entries.data ?? []) actions.add(entry.action);

  return (
    <div className="audit">
      <form
        className="audit__toolbar"
        role="search"
        aria-label="Filter the audit log"
        onSubmit={(event) => {
          event.preventDefault();
          void entries.refetch();
        }}
      >
        <div className="field field--inline">
          <label htmlFor={`${formId}-text`}>Search</label>
          <input
            id={`${formId}-text`}
            type="search"
            className="input audit__search"
            placeholder="client order id, symbol, account, reason…"
            autoComplete="off"
            spellCheck={false}
            maxLength={128}
            value={text}
            onChange={(event) => setText(event.target.value)}
          />
        </div>
        <div className="field field--inline">
          <label htmlFor={`${formId}-action`}>Action</label>
          <select id={`${formId}-action`} className="input audit__action" value={action} onChange={(event) => setAction(event.target.value)}>
            <option value="">All actions</option>
            {[...actions].sort().map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <button type="button" className="button" onClick={() => void entries.refetch()} disabled={entries.isFetching}>
          {entries.isFetching ? 'Refreshing…' : 'Refresh'}
        </button>
        <span className="audit__count" role="status">
          {entries.data
            ? `${entries.data.length === AUDIT_LIMIT ? `Newest ${AUDIT_LIMIT}` : entries.data.length} ${entries.data.length === 1 ? 'entry' : 'entries'}`
            : ''}
        </span>
      </form>
      <AuditTable entries={entries} subjectName={subjectName} filtered={Boolean(filter.text.trim() || filter.action)} />
    </div>
  );
}

function AuditTable({
  entries,
  subjectName,
  filtered,
}: {
  entries: ReturnType<typeof useAuditEntries>;
  subjectName?: (subject: string) => string | null;
  filtered: boolean;
}) {
  if (entries.isPending) return <LoadingState>Loading the audit log…</LoadingState>;
  if (entries.isError) return <ErrorState error={entries.error} what="the audit log" onRetry={() => void entries.refetch()} />;
  if (entries.data.length === 0) {
    return (
      <EmptyState>
        {filtered
          ? 'Nothing matches. Clear the search or pick “All actions”.'
          : 'The log is empty. Orders, cancels, connection changes and reconciliations are recorded here as they happen.'}
      </EmptyState>
    );
  }
  return (
    <div className="table-scroll audit__table">
      <table className="data-table data-table--dense" aria-label="Audit log">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Action</th>
            <th scope="col">Outcome</th>
            <th scope="col">Subject</th>
            <th scope="col">Actor</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {entries.data.map((entry) => (
            <AuditRow key={entry.seq} entry={entry} subjectName={subjectName} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function AuditRow({ entry, subjectName }: { entry: AuditEntry; subjectName?: (subject: string) => string | null }) {
  const named = entry.subject ? subjectName?.(entry.subject) : null;
  const detail = describeAuditDetail(entry, subjectName);
  return (
    <tr className="data-table__row">
      <td className="time">{formatDateTime(entry.at)}</td>
      <td>
        <code className="audit__action-name">{entry.action}</code>
      </td>
      <td>
        <span className={`audit-outcome audit-outcome--${entry.outcome}`}>{entry.outcome}</span>
      </td>
      <td>
        {entry.subject ? (
          <>
            {named ? <span className="audit__subject-name">{named} </span> : null}
            <code>{entry.subject}</code>
          </>
        ) : (
          '—'
        )}
      </td>
      <td className="audit__actor">{entry.actor}</td>
      <td className="detail-text" title={detail}>
        {detail}
      </td>
    </tr>
  );
}
