import { useState } from 'react';
import type { ReconcileIssue, ReconcileSummary } from '../../../../../shared/contract';
import { describeError } from '../../../api';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States';
import { formatDateTime, formatQty, formatTime } from '../../../lib/format';
import { useReconcileIssues } from '../api/listReconcileIssues';
import { useResolveIssue, type ResolveAction } from '../api/resolveIssue';
import { useRunReconcile } from '../api/runReconcile';
import { FlattenDialog } from './FlattenDialog';
import '../reconcile.css';

interface ReconcileViewProps {
  /** The account's name for its id (the shell knows the account list). */
  accountName(accountId: string): string;
}

const KIND_LABELS: Record<ReconcileIssue['kind'], string> = {
  position_mismatch: 'Position differs',
  unknown_venue_order: 'Unknown venue order',
};

/**
 * Where our books and a venue disagree in a way the engine would not settle alone: each
 * open issue with Adopt (take the venue's figure), Ignore (until it changes) and Flatten
 * (close the venue's position with a market order, after a confirmation). "Reconcile now"
 * asks every connected venue again and says what it found.
 */
export function ReconcileView({ accountName }: ReconcileViewProps) {
  const [showClosed, setShowClosed] = useState(false);
  const issues = useReconcileIssues(showClosed);
  const run = useRunReconcile();
  const [flattening, setFlattening] = useState<ReconcileIssue | null>(null);

  return (
    <div className="reconcile">
      <div className="reconcile__toolbar">
        <button type="button" className="button button--primary" onClick={() => run.mutate(undefined)} disabled={run.isPending}>
          {run.isPending ? 'Reconciling…' : 'Reconcile now'}
        </button>
        <label className="reconcile__toggle">
          <input type="checkbox" checked={showClosed} onChange={(event) => setShowClosed(event.target.checked)} />
          Show resolved and ignored
        </label>
        <span className="reconcile__explain">
          The engine reconciles each venue when it connects, after a reconnect and every minute; differences it cannot explain wait here.
        </span>
      </div>
      <RunOutcome run={run} accountName={accountName} />
      <div className="reconcile__issues">
        {issues.isPending ? (
          <LoadingState>Loading reconciliation issues…</LoadingState>
        ) : issues.isError ? (
          <ErrorState error={issues.error} what="reconciliation issues" onRetry={() => void issues.refetch()} />
        ) : issues.data.length === 0 ? (
          <EmptyState>
            {showClosed
              ? 'No reconciliation issues have been recorded.'
              : 'No open issues: every connected account’s positions match its venue. Press “Reconcile now” to check again.'}
          </EmptyState>
        ) : (
          <IssuesTable issues={issues.data} accountName={accountName} onFlatten={setFlattening} />
        )}
      </div>
      {flattening ? (
        <FlattenDialog issue={flattening} accountName={accountName(flattening.accountId)} onClose={() => setFlattening(null)} />
      ) : null}
    </div>
  );
}

function RunOutcome({ run, accountName }: { run: ReturnType<typeof useRunReconcile>; accountName(accountId: string): string }) {
  if (run.isError) {
    return (
      <p className="form-error reconcile__outcome" role="alert">
        Could not reconcile: {describeError(run.error)}
      </p>
    );
  }
  if (!run.data) return null;
  return (
    <div className="reconcile__outcome" role="status" aria-label="Reconciliation result">
      {run.data.length === 0 ? (
        <p>No account is connected, so there was nothing to reconcile.</p>
      ) : (
        <ul className="reconcile__summaries">
          {run.data.map((summary) => (
            <li key={summary.accountId}>{describeSummary(summary, accountName(summary.accountId))}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function describeSummary(summary: ReconcileSummary, name: string): string {
  const changes = [
    summary.adopted ? `adopted ${plural(summary.adopted, 'order')} placed elsewhere` : null,
    summary.fillsApplied ? `booked ${plural(summary.fillsApplied, 'missed fill')}` : null,
    summary.closed ? `closed ${plural(summary.closed, 'order')}` : null,
  ].filter(Boolean);
  return `${name} at ${formatTime(summary.at)}: checked ${plural(summary.checked, 'open order')}; ${
    changes.length ? changes.join(', ') : 'nothing to fix'
  }; ${summary.openIssues ? `${plural(summary.openIssues, 'open issue')} below` : 'no open issues'}.`;
}

function IssuesTable({
  issues,
  accountName,
  onFlatten,
}: {
  issues: ReconcileIssue[];
  accountName(accountId: string): string;
  onFlatten(issue: ReconcileIssue): void;
}) {
  return (
    <div className="table-scroll">
      <table className="data-table" aria-label="Reconciliation issues">
        <thead>
          <tr>
            <th scope="col">Detected</th>
            <th scope="col">Account</th>
            <th scope="col">Symbol</th>
            <th scope="col">Issue</th>
            <th scope="col" className="num" title="What our books hold">
              Our qty
            </th>
            <th scope="col" className="num" title="What the venue reports">
              Venue qty
            </th>
            <th scope="col">Status</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {issues.map((issue) => (
            <IssueRow key={issue.id} issue={issue} accountName={accountName(issue.accountId)} onFlatten={() => onFlatten(issue)} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A quantity as a quantity, anything else (words) as it came. */
function quantityText(value: string): string {
  return /^-?\d+(\.\d+)?$/.test(value) ? formatQty(value) : value;
}

function IssueRow({ issue, accountName, onFlatten }: { issue: ReconcileIssue; accountName: string; onFlatten(): void }) {
  const resolve = useResolveIssue();
  const what = `${issue.symbol ?? 'the position'} on ${accountName}`;
  const act = (action: ResolveAction) => resolve.mutate({ issueId: issue.id, action });
  const open = issue.status === 'open';
  return (
    <>
      <tr className="data-table__row">
        <td className="time" title={formatDateTime(issue.detectedAt)}>
          {formatDateTime(issue.detectedAt)}
        </td>
        <td>{accountName}</td>
        <td className="symbol-cell">{issue.symbol ?? '—'}</td>
        <td>{KIND_LABELS[issue.kind]}</td>
        <td className="num">{quantityText(issue.local)}</td>
        <td className="num reconcile__venue-qty">{quantityText(issue.venue)}</td>
        <td>
          {open ? (
            <span className="status-badge status-badge--failed">Open</span>
          ) : (
            <span className="reconcile__resolution" title={issue.resolution ?? undefined}>
              <span className="status-badge status-badge--ended">{issue.status === 'ignored' ? 'Ignored' : 'Resolved'}</span>{' '}
              {issue.resolution}
            </span>
          )}
        </td>
        <td className="actions-cell">
          {open ? (
            <div className="reconcile__actions">
              <button
                type="button"
                className="button button--small"
                aria-label={`Adopt the venue quantity for ${what}`}
                title="Set our books to the venue's quantity"
                disabled={resolve.isPending}
                onClick={() => act('adopt')}
              >
                Adopt
              </button>
              <button
                type="button"
                className="button button--small"
                aria-label={`Ignore the difference for ${what}`}
                title="Do not raise this difference again until it changes"
                disabled={resolve.isPending}
                onClick={() => act('ignore')}
              >
                Ignore
              </button>
              <button
                type="button"
                className="button button--small button--danger"
                aria-label={`Flatten ${what}`}
                aria-haspopup="dialog"
                title="Close the venue's position with a market order"
                disabled={resolve.isPending}
                onClick={onFlatten}
              >
                Flatten…
              </button>
            </div>
          ) : null}
        </td>
      </tr>
      {resolve.isError ? (
        <tr className="data-table__message">
          <td colSpan={8} role="alert">
            Could not resolve {what}: {describeError(resolve.error)}
          </td>
        </tr>
      ) : null}
    </>
  );
}
