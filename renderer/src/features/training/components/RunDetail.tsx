import { useState } from 'react';
import type { TrainingRunDetail, TrainingSideMetrics } from '../../../../../shared/contract';
import { describeError } from '../../../api';
import { ErrorState, LoadingState } from '../../../components/States';
import { useControlTrainingRun } from '../api/controlTrainingRun';
import { useTrainingRun } from '../api/getTrainingRun';
import { useTrainingProgress } from '../api/liveProgress';
import { fmtEta, fmtMoney, fmtNumber, fmtParams, fmtPct, STATUS_LABEL } from '../lib/format';
import { ApplyToBot } from './ApplyToBot';
import { Heatmap, LineChart, ScatterChart } from './Charts';
import { Leaderboard } from './Leaderboard';
import { TrialDetail } from './TrialDetail';

/** One run: progress and controls, live charts and leaderboard, then the checks. */
export function RunDetail({ runId }: { runId: string }) {
  const run = useTrainingRun(runId);
  const progress = useTrainingProgress(runId);
  const control = useControlTrainingRun();
  const [trialId, setTrialId] = useState<string | null>(null);
  const [scatterParam, setScatterParam] = useState<string | null>(null);
  if (run.isPending) return <LoadingState>Loading the run…</LoadingState>;
  if (run.isError) return <ErrorState error={run.error} what="the run" onRetry={() => void run.refetch()} />;
  const d: TrainingRunDetail = run.data;
  const s = d.summary;
  const status = progress?.status ?? s.status;
  const done = progress && progress.status === s.status ? Math.max(progress.done, s.done) : s.done;
  const total = progress && progress.status === s.status ? progress.total : s.total;
  const running = status === 'running' || status === 'paused';
  const selected = trialId ?? d.leaderboard[0]?.trialId ?? null;
  const param = scatterParam ?? d.scatter.params[0] ?? '';
  const pi = d.scatter.params.indexOf(param);
  const scatterPoints = d.scatter.points.map((p) => ({ x: typeof p.values[pi] === 'number' ? (p.values[pi] as number) : Number(p.values[pi] === true), y: p.objective }));
  const pct = total > 0 ? Math.min(100, (done / total) * 100) : 0;

  return (
    <div className="training-run">
      <section className="training-run__head" aria-label="Run progress">
        <div className="training-run__title">
          <h3>{s.name}</h3>
          <span className={`training-status training-status--${status}`} role="status" aria-label="Run status">
            {STATUS_LABEL[status]}
          </span>
        </div>
        <div
          className="training-progress"
          role="progressbar"
          aria-label="Trials done"
          aria-valuemin={0}
          aria-valuemax={total}
          aria-valuenow={done}
          aria-valuetext={`${done} of ${total} trials`}
        >
          <div className="training-progress__bar" style={{ width: `${pct}%` }} />
        </div>
        <div className="training-run__stats">
          <span>
            {done} / {total} trials (search and checks)
          </span>
          {running ? <span>{fmtNumber(progress?.trialsPerSec ?? 0, 1)} trials/s</span> : null}
          {running ? <span>{status === 'paused' ? 'paused' : `${fmtEta(progress?.etaSec ?? null)} left`}</span> : null}
          {progress?.phase && running ? <span>phase: {progress.phase}</span> : null}
          <span>
            best {s.objective}: {fmtNumber(progress?.best?.objective ?? s.best?.objective ?? null)}
          </span>
          {s.error ? <span className="field-warning">{s.error}</span> : null}
        </div>
        <div className="training-run__controls">
          {status === 'running' ? (
            <button type="button" className="button button--small" onClick={() => control.mutate({ runId, action: 'pause' })}>
              Pause
            </button>
          ) : null}
          {status === 'paused' || status === 'cancelled' ? (
            <button type="button" className="button button--small" onClick={() => control.mutate({ runId, action: 'resume' })}>
              Resume
            </button>
          ) : null}
          {running ? (
            <button type="button" className="button button--small button--danger" onClick={() => control.mutate({ runId, action: 'cancel' })}>
              Cancel
            </button>
          ) : null}
          {control.error ? (
            <span className="form-error" role="alert">
              {describeError(control.error)}
            </span>
          ) : null}
        </div>
        <p className="training-run__meta">
          {s.strategyName} · {s.symbol} {s.timeframe} · {s.bars} bars · {s.method} · objective {s.objective} · fees {d.spec.fees.takerBps}/{d.spec.fees.makerBps} bps · slippage{' '}
          {d.spec.slippage.kind} {d.spec.slippage.bps} bps{d.spec.holdout ? ` · holdout ${fmtPct(d.spec.holdout)}` : ''}
          {d.spec.walkForward ? ` · walk-forward ${d.spec.walkForward.mode} ×${d.spec.walkForward.folds}` : ''}
        </p>
      </section>

      <div className="training-run__grid">
        <section className="training-card" aria-label="Best objective so far">
          <h4>Best objective so far</h4>
          <LineChart points={d.bestHistory.map((p) => ({ x: p.trial, y: p.objective }))} label="Best objective by trial" xLabel="trial" step testId="training-best-chart" />
        </section>
        <section className="training-card" aria-label="Parameter scatter">
          <h4>
            Objective by{' '}
            <select className="input input--compact training-inline-select" aria-label="Scatter parameter" value={param} onChange={(e) => setScatterParam(e.target.value)}>
              {d.scatter.params.map((p) => (
                <option key={p}>{p}</option>
              ))}
            </select>
          </h4>
          <ScatterChart points={scatterPoints} param={param} label={`Objective by ${param}, one dot per trial`} />
        </section>
      </div>

      <section className="training-card" aria-label="Leaderboard section">
        <h4>
          Leaderboard{' '}
          <span className="training-card__hint">
            {d.trialsByStatus.ok} scored · {d.trialsByStatus.undefined} without objective · {d.trialsByStatus.invalid} invalid · {d.trialsByStatus.error} errors
          </span>
        </h4>
        <Leaderboard rows={d.leaderboard} selected={selected} onSelect={setTrialId} />
      </section>

      {selected ? <ApplyToBot runId={runId} trialId={selected} row={d.leaderboard.find((r) => r.trialId === selected) ?? null} strategyId={s.strategyId} /> : null}

      {d.warnings.length > 0 ? (
        <section className="training-card training-warnings" aria-label="Overfitting warnings">
          <h4>Overfitting warnings</h4>
          <ul>
            {d.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </section>
      ) : null}

      {d.inVsOut ? <InVsOut data={d.inVsOut} /> : null}

      <div className="training-run__grid">
        {d.sensitivity ? (
          <section className="training-card" aria-label="Parameter stability">
            <h4>
              Parameter stability{' '}
              <span className="training-card__hint">
                {d.sensitivity.bestIsolated ? 'the best is an isolated peak' : 'the best sits on a plateau'} · neighbour median {fmtNumber(d.sensitivity.neighbourMedian)}
              </span>
            </h4>
            <Heatmap x={d.sensitivity.x} y={d.sensitivity.y} cells={d.sensitivity.objective} />
          </section>
        ) : d.sensitivitySkipped ? (
          <section className="training-card" aria-label="Parameter stability">
            <h4>Parameter stability</h4>
            <p className="training-card__hint">{d.sensitivitySkipped}</p>
          </section>
        ) : null}
        {d.monteCarlo ? (
          <section className="training-card" aria-label="Monte Carlo">
            <h4>
              Monte Carlo <span className="training-card__hint">{d.monteCarlo.runs} resamples of {d.monteCarlo.trades} trades · loss probability {fmtPct(d.monteCarlo.lossProbability)}</span>
            </h4>
            <table className="data-table data-table--compact" aria-label="Monte Carlo percentiles">
              <thead>
                <tr>
                  <th scope="col" />
                  {(['p5', 'p25', 'p50', 'p75', 'p95'] as const).map((p) => (
                    <th key={p} scope="col" className="num">
                      {p}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                <tr>
                  <th scope="row">Final equity</th>
                  {(['p5', 'p25', 'p50', 'p75', 'p95'] as const).map((p) => (
                    <td key={p} className="num">
                      {fmtMoney(d.monteCarlo!.finalEquity[p])}
                    </td>
                  ))}
                </tr>
                <tr>
                  <th scope="row">Max drawdown</th>
                  {(['p5', 'p25', 'p50', 'p75', 'p95'] as const).map((p) => (
                    <td key={p} className="num">
                      {fmtPct(d.monteCarlo!.maxDrawdown[p])}
                    </td>
                  ))}
                </tr>
              </tbody>
            </table>
          </section>
        ) : null}
      </div>

      {d.walkForward ? (
        <section className="training-card" aria-label="Walk-forward">
          <h4>
            Walk-forward ({d.walkForward.mode}){' '}
            <span className="training-card__hint">
              in-sample mean {fmtNumber(d.walkForward.inSampleMean)} · out-of-sample mean {fmtNumber(d.walkForward.outOfSampleMean)} · efficiency {fmtNumber(d.walkForward.efficiency)}
            </span>
          </h4>
          <table className="data-table data-table--compact" aria-label="Walk-forward folds">
            <thead>
              <tr>
                <th scope="col">Fold</th>
                <th scope="col">Test window</th>
                <th scope="col">Best params</th>
                <th scope="col" className="num">In-sample</th>
                <th scope="col" className="num">Out-of-sample</th>
              </tr>
            </thead>
            <tbody>
              {d.walkForward.folds.map((f) => (
                <tr key={f.fold}>
                  <td>{f.fold + 1}</td>
                  <td>
                    {f.testFrom.slice(0, 16).replace('T', ' ')} → {f.testTo.slice(0, 16).replace('T', ' ')}
                  </td>
                  <td>{f.bestParams ? fmtParams(f.bestParams) : '—'}</td>
                  <td className="num">{fmtNumber(f.inSample)}</td>
                  <td className="num" title={f.outOfSampleReason ?? undefined}>
                    {f.outOfSample === null ? (f.outOfSampleReason ?? '—') : fmtNumber(f.outOfSample)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}

      {selected ? <TrialDetail runId={runId} trialId={selected} running={running} /> : null}
    </div>
  );
}

const SIDE_ROWS: Array<[string, (m: TrainingSideMetrics) => string]> = [
  ['Period', (m) => (m.from === null ? '—' : `${new Date(m.from).toISOString().slice(0, 16).replace('T', ' ')} → ${new Date(m.to!).toISOString().slice(0, 16).replace('T', ' ')}`)],
  ['Bars', (m) => String(m.bars)],
  ['Objective', (m) => (m.objective === null ? `— (${m.objectiveReason ?? 'undefined'})` : fmtNumber(m.objective))],
  ['Net profit', (m) => fmtMoney(m.netProfit)],
  ['Trades', (m) => String(m.trades)],
  ['Total return', (m) => fmtPct(m.metrics.totalReturn)],
  ['Sharpe', (m) => fmtNumber(m.metrics.sharpe)],
  ['Max drawdown', (m) => fmtPct(m.metrics.maxDrawdown)],
  ['Win rate', (m) => fmtPct(m.metrics.winRate)],
  ['Profit factor', (m) => fmtNumber(m.metrics.profitFactor)],
];

function InVsOut({ data }: { data: NonNullable<TrainingRunDetail['inVsOut']> }) {
  return (
    <section className="training-card" aria-label="In-sample vs out-of-sample">
      <h4>Best params: in-sample vs out-of-sample</h4>
      <table className="data-table data-table--compact" aria-label="In-sample vs out-of-sample metrics">
        <thead>
          <tr>
            <th scope="col" />
            <th scope="col" className="num">
              {data.inSample.label}
            </th>
            <th scope="col" className="num">
              {data.outOfSample?.label ?? 'Out-of-sample'}
            </th>
          </tr>
        </thead>
        <tbody>
          {SIDE_ROWS.map(([label, f]) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              <td className="num">{f(data.inSample)}</td>
              <td className="num">{data.outOfSample ? f(data.outOfSample) : 'no holdout'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
