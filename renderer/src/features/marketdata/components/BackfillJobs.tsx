import { useState } from 'react';
import type { BackfillJob, SourceInfo } from '../../../../../shared/contract';
import { describeError } from '../../../api';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States';
import { useCancelBackfill } from '../api/cancelBackfill';
import { useGaps } from '../api/getGaps';
import { useBackfills } from '../api/listBackfills';
import { useResumeBackfill } from '../api/resumeBackfill';
import {
  STATUS_LABELS,
  canCancel,
  canResume,
  formatCount,
  formatDuration,
  formatRange,
  progressOf,
} from '../lib/formatProgress';

interface BackfillJobsProps {
  sources: readonly SourceInfo[];
}

/** Every backfill, newest first, each with its progress and its cancel / resume action. */
export function BackfillJobs({ sources }: BackfillJobsProps) {
  const jobs = useBackfills();
  const sourceName = (id: string) => sources.find((s) => s.id === id)?.name ?? id;
  if (jobs.isPending) return <LoadingState>Loading backfills…</LoadingState>;
  if (jobs.isError) return <ErrorState error={jobs.error} what="backfills" onRetry={() => void jobs.refetch()} />;
  if (jobs.data.length === 0) return <EmptyState>No backfills yet. Pick symbols and days above and start one.</EmptyState>;
  return (
    <ul className="backfill-jobs" aria-label="Backfills">
      {jobs.data.map((job) => (
        <BackfillJobItem key={job.id} job={job} sourceName={sourceName(job.source)} />
      ))}
    </ul>
  );
}

function BackfillJobItem({ job, sourceName }: { job: BackfillJob; sourceName: string }) {
  const cancel = useCancelBackfill();
  const resume = useResumeBackfill();
  const [showGaps, setShowGaps] = useState(false);
  const progress = progressOf(job);
  const percent = progress === null ? null : Math.round(progress * 1000) / 10;
  const title = `${job.symbols.join(', ')}`;
  const active = job.status === 'running' || job.status === 'queued';
  const actionError = cancel.isError ? cancel.error : resume.isError ? resume.error : null;

  return (
    <li className={`backfill-job backfill-job--${job.status}`} aria-label={`Backfill ${title}`} data-status={job.status}>
      <div className="backfill-job__head">
        <span className={`backfill-status backfill-status--${job.status}`}>{STATUS_LABELS[job.status]}</span>
        <span className="backfill-job__symbols" title={title}>
          {title}
        </span>
        <span className="backfill-job__range">
          {sourceName} · {formatRange(job.from, job.to)}
        </span>
        <span className="backfill-job__actions">
          {canCancel(job) ? (
            <button type="button" className="button button--small" disabled={cancel.isPending} onClick={() => cancel.mutate(job.id)}>
              {cancel.isPending ? 'Cancelling…' : 'Cancel'}
            </button>
          ) : null}
          {canResume(job) ? (
            <button type="button" className="button button--small" disabled={resume.isPending} onClick={() => resume.mutate(job.id)}>
              {resume.isPending ? 'Resuming…' : 'Resume'}
            </button>
          ) : null}
          <button
            type="button"
            className="button button--small"
            aria-expanded={showGaps}
            onClick={() => setShowGaps((shown) => !shown)}
          >
            {showGaps ? 'Hide gaps' : 'Check gaps'}
          </button>
        </span>
      </div>
      <div
        className={`backfill-progress${progress === null ? ' is-indeterminate' : ''}`}
        role="progressbar"
        aria-label={`Progress of the backfill of ${title}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent ?? undefined}
        aria-valuetext={percent === null ? 'Counting the bars to fetch' : `${percent}%`}
      >
        <div className="backfill-progress__bar" style={{ width: `${percent ?? 100}%` }} />
      </div>
      <div className="backfill-job__figures">
        <span className="num" data-testid="backfill-percent">
          {percent === null ? '…' : `${percent}%`}
        </span>
        <span className="num">
          {formatCount(job.barsDone)}
          {job.barsExpected !== null ? ` of ${formatCount(job.barsExpected)} expected` : ''} bars
        </span>
        {active ? (
          <>
            <span className="num">{formatCount(job.barsPerSec)} bars/s</span>
            <span className="num">{job.etaSec === null ? 'time left unknown' : `${formatDuration(job.etaSec)} left`}</span>
          </>
        ) : null}
        <span className={job.gapsFound > job.gapsRepaired ? 'backfill-job__gaps has-gaps' : 'backfill-job__gaps'}>
          Gaps: {formatCount(job.gapsFound)} found, {formatCount(job.gapsRepaired)} repaired
        </span>
      </div>
      {job.error ? (
        <p className="form-error backfill-job__error" role="alert">
          {job.error}
        </p>
      ) : null}
      {actionError ? (
        <p className="form-error backfill-job__error" role="alert">
          {describeError(actionError)}
        </p>
      ) : null}
      {showGaps ? <JobGaps job={job} /> : null}
    </li>
  );
}

const time = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false });

/** The minutes still missing in the job's range, per symbol (market.gaps: expected in session, absent from the store). */
function JobGaps({ job }: { job: BackfillJob }) {
  const results = useGaps(job.source, job.symbols, job.from, job.to, true);
  return (
    <ul className="backfill-gaps" aria-label={`Gaps of the backfill of ${job.symbols.join(', ')}`}>
      {job.symbols.map((symbol, i) => {
        const result = results[i];
        if (!result || result.isPending) return <li key={symbol}>{symbol}: checking…</li>;
        if (result.isError) {
          return (
            <li key={symbol} className="field-error">
              {symbol}: {describeError(result.error)}
            </li>
          );
        }
        const gaps = result.data;
        const missing = gaps.reduce((sum, gap) => sum + gap.bars, 0);
        return (
          <li key={symbol}>
            <strong>{symbol}</strong>:{' '}
            {gaps.length === 0
              ? 'no gaps'
              : `${formatCount(gaps.length)} ${gaps.length === 1 ? 'gap' : 'gaps'}, ${formatCount(missing)} missing bars`}
            {gaps.length > 0 ? (
              <span className="backfill-gaps__ranges">
                {gaps.slice(0, 3).map((gap) => `${time.format(gap.from)} – ${time.format(gap.to)}`).join('; ')}
                {gaps.length > 3 ? '; …' : ''}
              </span>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
