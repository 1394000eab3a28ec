import { useMemo, useState, type FormEvent } from 'react';
import type { InputOf, StrategyParamSpec, TrainingStrategy } from '../../../../../shared/contract';
import { describeError } from '../../../api';
import { useTrainingSymbols } from '../api/listSymbols';
import { useTrainingStrategies } from '../api/listTrainingStrategies';
import { useStartTrainingRun } from '../api/startTrainingRun';

type StartInput = InputOf<'training.start'>;

interface RangeRow {
  name: string;
  vary: boolean;
  min: string;
  max: string;
  step: string;
  values: string;
}

const TIMEFRAMES = ['1m', '5m', '15m', '1h'] as const;
const OBJECTIVES = [
  ['sharpe', 'Sharpe ratio'],
  ['sortino', 'Sortino ratio'],
  ['calmar', 'Calmar ratio'],
  ['profit_factor', 'Profit factor'],
  ['net_profit', 'Net profit'],
  ['total_return', 'Total return'],
] as const;

/** Sensible first ranges: the first two numeric params vary over three points each. */
function defaultRows(params: readonly StrategyParamSpec[]): RangeRow[] {
  let numeric = 0;
  return params.map((p) => {
    if (p.kind === 'int' || p.kind === 'float') {
      const d = Number(p.default);
      const step = p.kind === 'int' ? Math.max(p.step ?? 1, Math.round(d / 2)) : Math.max(p.step ?? 0, d / 2) || 1;
      const max = p.max !== undefined ? Math.min(p.max, d + 2 * step) : d + 2 * step;
      numeric++;
      return { name: p.name, vary: numeric <= 2, min: String(d), max: String(max), step: String(step), values: '' };
    }
    const values = p.kind === 'bool' ? 'true,false' : (p.options ?? []).join(',');
    return { name: p.name, vary: false, min: '', max: '', step: '', values };
  });
}

function gridCount(rows: readonly RangeRow[], specs: readonly StrategyParamSpec[]): number | null {
  let n = 1;
  for (const r of rows.filter((x) => x.vary)) {
    const spec = specs.find((s) => s.name === r.name);
    if (spec?.kind === 'int' || spec?.kind === 'float') {
      const [min, max, step] = [Number(r.min), Number(r.max), Number(r.step)];
      if (!(step > 0) || !(max >= min)) return null;
      n *= Math.floor((max - min) / step + 1e-9) + 1;
    } else n *= r.values.split(',').filter((v) => v.trim() !== '').length;
  }
  return n;
}

/** The form that starts a run: what to train, on which bars, how to search and how to check. */
export function LaunchWizard({ onStarted }: { onStarted: (runId: string) => void }) {
  const strategies = useTrainingStrategies();
  const symbols = useTrainingSymbols();
  const start = useStartTrainingRun();
  const [strategyId, setStrategyId] = useState('ma-cross');
  const strategy: TrainingStrategy | undefined = strategies.data?.find((s) => s.id === strategyId) ?? strategies.data?.[0];
  // The user's ranges for the strategy they were typed for; another strategy starts from its defaults.
  const [edited, setEdited] = useState<{ strategyId: string; rows: RangeRow[] } | null>(null);
  const [symbol, setSymbol] = useState('ACME');
  const [periodKind, setPeriodKind] = useState<'last' | 'range'>('last');
  const [lastDays, setLastDays] = useState('2');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [timeframe, setTimeframe] = useState<(typeof TIMEFRAMES)[number]>('5m');
  const [takerBps, setTakerBps] = useState('1');
  const [makerBps, setMakerBps] = useState('0');
  const [slippageKind, setSlippageKind] = useState<'fixed' | 'spread' | 'volume'>('fixed');
  const [slippageBps, setSlippageBps] = useState('2');
  const [objective, setObjective] = useState<StartInput['objective']>('sharpe');
  const [method, setMethod] = useState<'grid' | 'random' | 'tpe'>('grid');
  const [trials, setTrials] = useState('50');
  const [seed, setSeed] = useState('1');
  const [useWalkForward, setUseWalkForward] = useState(false);
  const [wfMode, setWfMode] = useState<'rolling' | 'anchored'>('rolling');
  const [wfFolds, setWfFolds] = useState('3');
  const [useHoldout, setUseHoldout] = useState(true);
  const [holdout, setHoldout] = useState('0.25');
  const [localError, setLocalError] = useState<string | null>(null);

  const rows = useMemo(() => (strategy ? (edited?.strategyId === strategy.id ? edited.rows : defaultRows(strategy.params)) : []), [strategy, edited]);
  const grid = useMemo(() => (strategy ? gridCount(rows, strategy.params) : null), [rows, strategy]);
  const update = (name: string, patch: Partial<RangeRow>) => {
    if (strategy) setEdited({ strategyId: strategy.id, rows: rows.map((r) => (r.name === name ? { ...r, ...patch } : r)) });
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setLocalError(null);
    if (!strategy) return;
    const ranges: StartInput['ranges'] = [];
    for (const r of rows.filter((x) => x.vary)) {
      const spec = strategy.params.find((p) => p.name === r.name)!;
      if (spec.kind === 'int' || spec.kind === 'float') {
        if (r.min.trim() === '' || r.max.trim() === '') return setLocalError(`${spec.label}: the range is empty; give a min and a max`);
        ranges.push({ name: r.name, min: Number(r.min), max: Number(r.max), ...(r.step.trim() !== '' && { step: Number(r.step) }) });
      } else {
        const values = r.values.split(',').map((v) => v.trim()).filter(Boolean);
        ranges.push({ name: r.name, values: spec.kind === 'bool' ? values.map((v) => v === 'true') : values });
      }
    }
    if (ranges.length === 0) return setLocalError('Tick at least one parameter to vary.');
    const period: StartInput['period'] =
      periodKind === 'last' ? { lastDays: Number(lastDays) } : { from: Date.parse(`${from}T00:00:00Z`), to: Date.parse(`${to}T00:00:00Z`) };
    if ('from' in period && (!Number.isFinite(period.from) || !Number.isFinite(period.to))) return setLocalError('Pick both dates of the period.');
    start.mutate(
      {
        strategyId: strategy.id,
        symbols: [symbol],
        source: 'sample',
        period,
        timeframe,
        fees: { takerBps: Number(takerBps), makerBps: Number(makerBps) },
        slippage: { kind: slippageKind, bps: Number(slippageBps) },
        ranges,
        objective,
        method,
        trials: Number(trials),
        seed: Number(seed),
        walkForward: useWalkForward ? { mode: wfMode, folds: Number(wfFolds) } : null,
        holdout: useHoldout ? Number(holdout) : null,
      },
      { onSuccess: ({ runId }) => onStarted(runId) },
    );
  };

  const error = localError ?? (start.error ? describeError(start.error) : null);
  return (
    <form className="training-wizard" aria-label="Launch training" onSubmit={submit} noValidate>
      <fieldset className="training-wizard__group">
        <legend>What</legend>
        <div className="field">
          <label htmlFor="tw-strategy">Strategy</label>
          <select id="tw-strategy" className="input" value={strategy?.id ?? ''} onChange={(e) => setStrategyId(e.target.value)}>
            {(strategies.data ?? []).map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="tw-symbol">Symbol</label>
          <select id="tw-symbol" className="input" value={symbol} onChange={(e) => setSymbol(e.target.value)}>
            {(symbols.data ?? ['ACME']).map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="tw-timeframe">Timeframe</label>
          <select id="tw-timeframe" className="input" value={timeframe} onChange={(e) => setTimeframe(e.target.value as typeof timeframe)}>
            {TIMEFRAMES.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="tw-period">Period</label>
          <select id="tw-period" className="input" value={periodKind} onChange={(e) => setPeriodKind(e.target.value as 'last' | 'range')}>
            <option value="last">Last N days</option>
            <option value="range">From … to</option>
          </select>
        </div>
        {periodKind === 'last' ? (
          <div className="field">
            <label htmlFor="tw-days">Days</label>
            <input id="tw-days" className="input" type="number" min="0.1" step="any" value={lastDays} onChange={(e) => setLastDays(e.target.value)} />
          </div>
        ) : (
          <>
            <div className="field">
              <label htmlFor="tw-from">From (UTC)</label>
              <input id="tw-from" className="input" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
            </div>
            <div className="field">
              <label htmlFor="tw-to">To (UTC)</label>
              <input id="tw-to" className="input" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
            </div>
          </>
        )}
      </fieldset>

      <fieldset className="training-wizard__group">
        <legend>Costs</legend>
        <div className="field">
          <label htmlFor="tw-taker">Taker fee (bps)</label>
          <input id="tw-taker" className="input" type="number" min="0" step="any" value={takerBps} onChange={(e) => setTakerBps(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="tw-maker">Maker fee (bps)</label>
          <input id="tw-maker" className="input" type="number" min="0" step="any" value={makerBps} onChange={(e) => setMakerBps(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="tw-slip-kind">Slippage model</label>
          <select id="tw-slip-kind" className="input" value={slippageKind} onChange={(e) => setSlippageKind(e.target.value as typeof slippageKind)}>
            <option value="fixed">Fixed</option>
            <option value="spread">Half spread</option>
            <option value="volume">Volume impact</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="tw-slip">Slippage (bps)</label>
          <input id="tw-slip" className="input" type="number" min="0" step="any" value={slippageBps} onChange={(e) => setSlippageBps(e.target.value)} />
        </div>
      </fieldset>

      <fieldset className="training-wizard__group training-wizard__group--wide">
        <legend>Parameter ranges</legend>
        <table className="data-table data-table--compact" aria-label="Parameter ranges">
          <thead>
            <tr>
              <th scope="col">Vary</th>
              <th scope="col">Parameter</th>
              <th scope="col">Min</th>
              <th scope="col">Max</th>
              <th scope="col">Step / values</th>
            </tr>
          </thead>
          <tbody>
            {strategy?.params.map((p) => {
              const r = rows.find((x) => x.name === p.name);
              if (!r) return null;
              const numeric = p.kind === 'int' || p.kind === 'float';
              return (
                <tr key={p.name}>
                  <td>
                    <input type="checkbox" aria-label={`Vary ${p.label}`} checked={r.vary} onChange={(e) => update(p.name, { vary: e.target.checked })} />
                  </td>
                  <td title={p.help}>{p.label}</td>
                  {numeric ? (
                    <>
                      <td>
                        <input className="input input--compact" aria-label={`${p.label} min`} type="number" value={r.min} disabled={!r.vary} onChange={(e) => update(p.name, { min: e.target.value })} />
                      </td>
                      <td>
                        <input className="input input--compact" aria-label={`${p.label} max`} type="number" value={r.max} disabled={!r.vary} onChange={(e) => update(p.name, { max: e.target.value })} />
                      </td>
                      <td>
                        <input className="input input--compact" aria-label={`${p.label} step`} type="number" value={r.step} disabled={!r.vary} onChange={(e) => update(p.name, { step: e.target.value })} />
                      </td>
                    </>
                  ) : (
                    <td colSpan={3}>
                      <input className="input input--compact" aria-label={`${p.label} values`} value={r.values} disabled={!r.vary} onChange={(e) => update(p.name, { values: e.target.value })} />
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </fieldset>

      <fieldset className="training-wizard__group">
        <legend>Search</legend>
        <div className="field">
          <label htmlFor="tw-objective">Objective</label>
          <select id="tw-objective" className="input" value={objective} onChange={(e) => setObjective(e.target.value as typeof objective)}>
            {OBJECTIVES.map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="tw-method">Search method</label>
          <select id="tw-method" className="input" value={method} onChange={(e) => setMethod(e.target.value as typeof method)}>
            <option value="grid">Grid (every point)</option>
            <option value="random">Random</option>
            <option value="tpe">TPE (adaptive)</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="tw-trials">Trial budget</label>
          <input id="tw-trials" className="input" type="number" min="1" step="1" value={trials} onChange={(e) => setTrials(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="tw-seed">Seed</label>
          <input id="tw-seed" className="input" type="number" min="0" step="1" value={seed} onChange={(e) => setSeed(e.target.value)} />
        </div>
        <p className="training-wizard__hint">{grid === null ? 'Grid: check the ranges.' : `The grid has ${grid} point${grid === 1 ? '' : 's'}.`}</p>
      </fieldset>

      <fieldset className="training-wizard__group">
        <legend>Validation</legend>
        <label className="training-wizard__check">
          <input type="checkbox" checked={useHoldout} onChange={(e) => setUseHoldout(e.target.checked)} /> Hold out the end of the period
        </label>
        <div className="field">
          <label htmlFor="tw-holdout">Holdout fraction</label>
          <input id="tw-holdout" className="input" type="number" min="0.05" max="0.5" step="0.05" value={holdout} disabled={!useHoldout} onChange={(e) => setHoldout(e.target.value)} />
        </div>
        <label className="training-wizard__check">
          <input type="checkbox" checked={useWalkForward} onChange={(e) => setUseWalkForward(e.target.checked)} /> Walk-forward
        </label>
        <div className="field">
          <label htmlFor="tw-wf-mode">Walk-forward mode</label>
          <select id="tw-wf-mode" className="input" value={wfMode} disabled={!useWalkForward} onChange={(e) => setWfMode(e.target.value as typeof wfMode)}>
            <option value="rolling">Rolling</option>
            <option value="anchored">Anchored</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="tw-wf-folds">Folds</label>
          <input id="tw-wf-folds" className="input" type="number" min="1" max="20" step="1" value={wfFolds} disabled={!useWalkForward} onChange={(e) => setWfFolds(e.target.value)} />
        </div>
      </fieldset>

      <div className="training-wizard__actions">
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" className="button button--primary" disabled={start.isPending || !strategy}>
          {start.isPending ? 'Starting…' : 'Start training'}
        </button>
      </div>
    </form>
  );
}
