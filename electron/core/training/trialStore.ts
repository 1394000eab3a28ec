/**
 * Where an optimisation run and its trials live (migration 0006). Trials are buffered and
 * written in batches, one transaction each, at most `flushMs` apart, so a run costs a few
 * writes a second however fast trials come, and a crash loses at most the last batch (those
 * trials are simply run again on resume: the sequence is deterministic).
 *
 * MemoryTrialStore keeps the same contract without a database (tests, one-off CLI runs).
 */
import type { Metrics } from '../../../shared/contract/portfolio';
import type { Db } from '../store/database';
import type { ParamSet } from './paramSpace';

export type RunStatus = 'running' | 'paused' | 'cancelled' | 'done' | 'failed';
export type TrialStatus = 'ok' | 'undefined' | 'pruned' | 'error' | 'invalid';

/** A trial's place in the run: phases are searched in a fixed order, each with its own index. */
export interface TrialSlot {
  readonly phase: string;
  readonly fold: number;
  readonly idx: number;
}

export interface TrialRecord extends TrialSlot {
  readonly paramKey: string;
  readonly params: ParamSet;
  readonly status: TrialStatus;
  readonly objective: number | null;
  readonly reason: string | null;
  readonly metrics: Metrics | null;
  readonly netProfit: number | null;
  readonly elapsedMs: number;
}

export interface RunRecord {
  readonly id: string;
  readonly createdAt: number;
  readonly status: RunStatus;
  readonly strategyId: string;
  readonly spec: unknown;
  readonly dataFingerprint: string;
  readonly dataSource: string | null;
  readonly summary: unknown;
  readonly error: string | null;
}

export function slotKey(s: TrialSlot): string {
  return `${s.phase}/${s.fold}/${s.idx}`;
}

export interface TrialStore {
  createRun(run: { id: string; strategyId: string; spec: unknown; dataFingerprint: string; dataSource: string | null }): void;
  getRun(id: string): RunRecord | null;
  setStatus(id: string, status: RunStatus, extra?: { summary?: unknown; error?: string | null }): void;
  /** Queues a finished trial; written at the next flush. */
  record(runId: string, trial: TrialRecord): void;
  /** Writes what is queued now. */
  flush(): void;
  /** Every trial of the run that reached the store, by slotKey. */
  trials(runId: string): Map<string, TrialRecord>;
  close(): void;
}

interface TrialRow {
  phase: string;
  fold: number;
  idx: number;
  param_key: string;
  params: string;
  status: TrialStatus;
  objective: number | null;
  reason: string | null;
  metrics: string | null;
  net_profit: number | null;
  elapsed_ms: number;
}

interface RunRow {
  id: string;
  created_at: number;
  status: RunStatus;
  strategy_id: string;
  spec: string;
  data_fingerprint: string;
  data_source: string | null;
  summary: string | null;
  error: string | null;
}

export class SqliteTrialStore implements TrialStore {
  private queue: { runId: string; trial: TrialRecord }[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly insert;
  private readonly writeBatch;

  constructor(
    private readonly db: Db,
    private readonly flushMs = 200,
    private readonly maxBatch = 256,
  ) {
    this.insert = db.prepare(
      `INSERT OR REPLACE INTO training_trials (run_id, phase, fold, idx, param_key, params, status, objective, reason, metrics, net_profit, elapsed_ms, finished_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.writeBatch = db.transaction((batch: { runId: string; trial: TrialRecord }[]) => {
      const now = Date.now();
      for (const { runId, trial: t } of batch) {
        this.insert.run(runId, t.phase, t.fold, t.idx, t.paramKey, JSON.stringify(t.params), t.status, t.objective, t.reason, t.metrics ? JSON.stringify(t.metrics) : null, t.netProfit, t.elapsedMs, now);
      }
    });
  }

  createRun(run: { id: string; strategyId: string; spec: unknown; dataFingerprint: string; dataSource: string | null }): void {
    const now = Date.now();
    this.db
      .prepare(`INSERT INTO training_runs (id, created_at, updated_at, status, strategy_id, spec, data_fingerprint, data_source) VALUES (?, ?, ?, 'running', ?, ?, ?, ?)`)
      .run(run.id, now, now, run.strategyId, JSON.stringify(run.spec), run.dataFingerprint, run.dataSource);
  }

  getRun(id: string): RunRecord | null {
    const row = this.db.prepare('SELECT id, created_at, status, strategy_id, spec, data_fingerprint, data_source, summary, error FROM training_runs WHERE id = ?').get(id) as RunRow | undefined;
    if (!row) return null;
    return {
      id: row.id,
      createdAt: row.created_at,
      status: row.status,
      strategyId: row.strategy_id,
      spec: JSON.parse(row.spec) as unknown,
      dataFingerprint: row.data_fingerprint,
      dataSource: row.data_source,
      summary: row.summary === null ? null : (JSON.parse(row.summary) as unknown),
      error: row.error,
    };
  }

  setStatus(id: string, status: RunStatus, extra: { summary?: unknown; error?: string | null } = {}): void {
    this.flush();
    this.db
      .prepare('UPDATE training_runs SET status = ?, updated_at = ?, summary = COALESCE(?, summary), error = ? WHERE id = ?')
      .run(status, Date.now(), extra.summary === undefined ? null : JSON.stringify(extra.summary), extra.error ?? null, id);
  }

  record(runId: string, trial: TrialRecord): void {
    this.queue.push({ runId, trial });
    if (this.queue.length >= this.maxBatch) this.flush();
    else if (this.timer === null) {
      this.timer = setTimeout(() => this.flush(), this.flushMs);
      this.timer.unref();
    }
  }

  flush(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    this.writeBatch(batch);
  }

  trials(runId: string): Map<string, TrialRecord> {
    this.flush();
    const rows = this.db
      .prepare('SELECT phase, fold, idx, param_key, params, status, objective, reason, metrics, net_profit, elapsed_ms FROM training_trials WHERE run_id = ?')
      .all(runId) as TrialRow[];
    const out = new Map<string, TrialRecord>();
    for (const r of rows) {
      const trial: TrialRecord = {
        phase: r.phase,
        fold: r.fold,
        idx: r.idx,
        paramKey: r.param_key,
        params: JSON.parse(r.params) as ParamSet,
        status: r.status,
        objective: r.objective,
        reason: r.reason,
        metrics: r.metrics === null ? null : (JSON.parse(r.metrics) as Metrics),
        netProfit: r.net_profit,
        elapsedMs: r.elapsed_ms,
      };
      out.set(slotKey(trial), trial);
    }
    return out;
  }

  close(): void {
    this.flush();
  }
}

export class MemoryTrialStore implements TrialStore {
  private readonly runs = new Map<string, RunRecord>();
  private readonly byRun = new Map<string, Map<string, TrialRecord>>();

  createRun(run: { id: string; strategyId: string; spec: unknown; dataFingerprint: string; dataSource: string | null }): void {
    if (this.runs.has(run.id)) throw new Error(`run ${run.id} exists`);
    this.runs.set(run.id, { ...run, createdAt: Date.now(), status: 'running', summary: null, error: null });
    this.byRun.set(run.id, new Map());
  }

  getRun(id: string): RunRecord | null {
    return this.runs.get(id) ?? null;
  }

  setStatus(id: string, status: RunStatus, extra: { summary?: unknown; error?: string | null } = {}): void {
    const run = this.runs.get(id);
    if (!run) return;
    this.runs.set(id, { ...run, status, summary: extra.summary ?? run.summary, error: extra.error ?? null });
  }

  record(runId: string, trial: TrialRecord): void {
    this.byRun.get(runId)?.set(slotKey(trial), trial);
  }

  flush(): void {}

  trials(runId: string): Map<string, TrialRecord> {
    return new Map(this.byRun.get(runId) ?? []);
  }

  close(): void {}
}
