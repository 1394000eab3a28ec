/**
 * Backfill jobs in SQLite (migration 0007): the job, and per symbol a cursor (everything in
 * [from, cursor) is stored), the phase it is in, and its gap counts. The cursor only ever
 * moves over a contiguous run of written chunks, so after a crash the job resumes at the
 * first chunk that may be missing; the chunks after it that happened to be written already
 * are fetched again and upserted onto the same rows (no duplicates: the bars' primary key).
 */
import type Database from 'better-sqlite3';
import type { SessionMode } from './sessions';
import type { Db } from '../store/database';

export type JobStatus = 'queued' | 'running' | 'paused' | 'canceled' | 'done' | 'failed';
export type SymbolPhase = 'fetch' | 'repair' | 'done';

export interface JobRecord {
  id: string;
  source: string;
  fromMs: number;
  toMs: number;
  session: SessionMode;
  status: JobStatus;
  barsExpected: number | null;
  error: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface SymbolRecord {
  jobId: string;
  position: number;
  symbol: string;
  cursorMs: number;
  phase: SymbolPhase;
  barsDone: number;
  gapsFound: number;
  gapsRepaired: number;
}

interface JobRow {
  id: string;
  source: string;
  from_ms: number;
  to_ms: number;
  session: SessionMode;
  status: JobStatus;
  bars_expected: number | null;
  error: string | null;
  created_at: number;
  updated_at: number;
}

interface SymbolRow {
  job_id: string;
  position: number;
  symbol: string;
  cursor_ms: number;
  phase: SymbolPhase;
  bars_done: number;
  gaps_found: number;
  gaps_repaired: number;
}

const toJob = (r: JobRow): JobRecord => ({
  id: r.id,
  source: r.source,
  fromMs: r.from_ms,
  toMs: r.to_ms,
  session: r.session,
  status: r.status,
  barsExpected: r.bars_expected,
  error: r.error,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const toSymbol = (r: SymbolRow): SymbolRecord => ({
  jobId: r.job_id,
  position: r.position,
  symbol: r.symbol,
  cursorMs: r.cursor_ms,
  phase: r.phase,
  barsDone: r.bars_done,
  gapsFound: r.gaps_found,
  gapsRepaired: r.gaps_repaired,
});

export class BackfillRepo {
  private readonly insertJob: Database.Statement;
  private readonly insertSymbol: Database.Statement;
  private readonly getJob: Database.Statement;
  private readonly listJobs: Database.Statement;
  private readonly byStatus: Database.Statement;
  private readonly symbolsOf: Database.Statement;
  private readonly setStatusStatement: Database.Statement;
  private readonly setExpectedStatement: Database.Statement;
  private readonly saveSymbolStatement: Database.Statement;
  private readonly createTx: (job: JobRecord, symbols: readonly string[]) => void;

  constructor(db: Db) {
    this.insertJob = db.prepare(
      `INSERT INTO backfill_jobs (id, source, from_ms, to_ms, session, status, bars_expected, error, created_at, updated_at)
       VALUES (@id, @source, @fromMs, @toMs, @session, @status, @barsExpected, @error, @createdAt, @updatedAt)`,
    );
    this.insertSymbol = db.prepare(
      `INSERT INTO backfill_symbols (job_id, position, symbol, cursor_ms, phase) VALUES (?, ?, ?, ?, 'fetch')`,
    );
    this.getJob = db.prepare(`SELECT * FROM backfill_jobs WHERE id = ?`);
    this.listJobs = db.prepare(`SELECT * FROM backfill_jobs ORDER BY created_at DESC, id DESC LIMIT ?`);
    this.byStatus = db.prepare(`SELECT * FROM backfill_jobs WHERE status = ? ORDER BY created_at, id`);
    this.symbolsOf = db.prepare(`SELECT * FROM backfill_symbols WHERE job_id = ? ORDER BY position`);
    this.setStatusStatement = db.prepare(`UPDATE backfill_jobs SET status = ?, error = ?, updated_at = ? WHERE id = ?`);
    this.setExpectedStatement = db.prepare(`UPDATE backfill_jobs SET bars_expected = ?, updated_at = ? WHERE id = ?`);
    this.saveSymbolStatement = db.prepare(
      `UPDATE backfill_symbols SET cursor_ms = ?, phase = ?, bars_done = ?, gaps_found = ?, gaps_repaired = ? WHERE job_id = ? AND symbol = ?`,
    );
    this.createTx = db.transaction((job: JobRecord, symbols: readonly string[]) => {
      this.insertJob.run(job);
      symbols.forEach((symbol, i) => this.insertSymbol.run(job.id, i, symbol, job.fromMs));
    });
  }

  /** The job and its symbols, in one transaction. */
  create(job: JobRecord, symbols: readonly string[]): void {
    this.createTx(job, symbols);
  }

  get(id: string): JobRecord | null {
    const row = this.getJob.get(id) as JobRow | undefined;
    return row ? toJob(row) : null;
  }

  list(limit = 200): JobRecord[] {
    return (this.listJobs.all(limit) as JobRow[]).map(toJob);
  }

  withStatus(status: JobStatus): JobRecord[] {
    return (this.byStatus.all(status) as JobRow[]).map(toJob);
  }

  symbols(jobId: string): SymbolRecord[] {
    return (this.symbolsOf.all(jobId) as SymbolRow[]).map(toSymbol);
  }

  setStatus(id: string, status: JobStatus, error: string | null, at: number): void {
    this.setStatusStatement.run(status, error, at, id);
  }

  setExpected(id: string, barsExpected: number, at: number): void {
    this.setExpectedStatement.run(barsExpected, at, id);
  }

  saveSymbol(s: SymbolRecord): void {
    this.saveSymbolStatement.run(s.cursorMs, s.phase, s.barsDone, s.gapsFound, s.gapsRepaired, s.jobId, s.symbol);
  }
}
