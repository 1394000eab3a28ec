import { useState } from 'react';
import { ErrorState, LoadingState } from '../../../components/States';
import { useTrainingRuns } from '../api/listTrainingRuns';
import { fmtDate, fmtNumber, STATUS_LABEL } from '../lib/format';
import { CompareRuns } from './CompareRuns';
import { LaunchWizard } from './LaunchWizard';
import { RunDetail } from './RunDetail';
import '../training.css';

/**
 * The Training view: the runs on the left (pick one, or two to compare), and on the right the
 * launch wizard, a run as it goes and its checks once done, or the comparison.
 */
export function TrainingView() {
  const runs = useTrainingRuns();
  const [selected, setSelected] = useState<string | null>(null);
  const [mode, setMode] = useState<'new' | 'run' | 'compare'>('new');
  const [compare, setCompare] = useState<string[]>([]);

  const toggleCompare = (id: string) => setCompare((ids) => (ids.includes(id) ? ids.filter((x) => x !== id) : [...ids.slice(-1), id]));

  return (
    <div className="training-view">
      <aside className="training-view__runs panel" aria-label="Training runs">
        <header className="panel__header">
          <h2 className="panel__title">Training runs</h2>
          <div className="panel__actions">
            <button type="button" className="button button--small button--primary" onClick={() => setMode('new')}>
              New run
            </button>
          </div>
        </header>
        <div className="panel__body">
          {runs.isPending ? (
            <LoadingState>Loading runs…</LoadingState>
          ) : runs.isError ? (
            <ErrorState error={runs.error} what="the runs" onRetry={() => void runs.refetch()} />
          ) : runs.data.length === 0 ? (
            <p className="training-card__hint training-view__empty">No run yet: set one up on the right.</p>
          ) : (
            <ul className="training-runs" aria-label="Runs">
              {runs.data.map((r) => (
                <li key={r.id} className={`training-runs__item${mode === 'run' && selected === r.id ? ' training-runs__item--selected' : ''}`}>
                  <button
                    type="button"
                    className="training-runs__open"
                    onClick={() => {
                      setSelected(r.id);
                      setMode('run');
                    }}
                  >
                    <span className="training-runs__name">{r.name}</span>
                    <span className="training-runs__line">
                      <span className={`training-status training-status--${r.status}`}>{STATUS_LABEL[r.status]}</span> {r.done}/{r.total} · best {fmtNumber(r.best?.objective ?? null)}
                    </span>
                    <span className="training-runs__line training-card__hint">{fmtDate(r.createdAt)}</span>
                  </button>
                  <label className="training-runs__compare">
                    <input type="checkbox" checked={compare.includes(r.id)} onChange={() => toggleCompare(r.id)} aria-label={`Compare ${r.name}`} /> compare
                  </label>
                </li>
              ))}
            </ul>
          )}
          {compare.length === 2 ? (
            <button type="button" className="button button--small training-view__compare" onClick={() => setMode('compare')}>
              Compare the two runs
            </button>
          ) : null}
        </div>
      </aside>
      <main className="training-view__main" aria-label="Training">
        {mode === 'new' ? (
          <div className="panel">
            <header className="panel__header">
              <h2 className="panel__title">New training run</h2>
            </header>
            <div className="panel__body">
              <LaunchWizard
                onStarted={(runId) => {
                  setSelected(runId);
                  setMode('run');
                }}
              />
            </div>
          </div>
        ) : mode === 'compare' && compare.length === 2 ? (
          <CompareRuns a={compare[0]!} b={compare[1]!} />
        ) : selected ? (
          <RunDetail key={selected} runId={selected} />
        ) : null}
      </main>
    </div>
  );
}
