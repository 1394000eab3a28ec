import type { BackfillJob } from '../../../../../shared/contract';

const count = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const day = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });

export function formatCount(value: number): string {
  return count.format(value);
}

/** "3 s", "4 min 05 s", "2 h 10 min". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3_600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3_600)} h ${String(Math.floor((s % 3_600) / 60)).padStart(2, '0')} min`;
}

/** "Nov 14, 2026 – Nov 21, 2026" for [from, to). */
export function formatRange(from: number, to: number): string {
  return `${day.format(from)} – ${day.format(Math.max(from, to - 1))}`;
}

/** Share of the expected bars fetched, 0..1; null while unknown. A finished job is whole. */
export function progressOf(job: BackfillJob): number | null {
  if (job.status === 'done') return 1;
  if (!job.barsExpected) return null;
  return Math.min(1, job.barsDone / job.barsExpected);
}

export const STATUS_LABELS: Record<BackfillJob['status'], string> = {
  queued: 'Queued',
  running: 'Running',
  paused: 'Paused',
  canceled: 'Cancelled',
  done: 'Done',
  failed: 'Failed',
};

export function canCancel(job: BackfillJob): boolean {
  return job.status === 'queued' || job.status === 'running' || job.status === 'paused';
}

export function canResume(job: BackfillJob): boolean {
  return job.status === 'paused' || job.status === 'canceled' || job.status === 'failed';
}
