import type { TrainingRunDetail } from '../../../../../shared/contract';
import { LoadingState } from '../../../components/States';
import { useTrainingRun } from '../api/getTrainingRun';
import { fmtMoney, fmtNumber, fmtParams, fmtPct, STATUS_LABEL } from '../lib/format';

const ROWS: Array<[string, (d: TrainingRunDetail) => string]> = [
  ['Status', (d) => STATUS_LABEL[d.summary.status]],
  ['Strategy', (d) => d.summary.strategyName],
  ['Data', (d) => `${d.summary.symbol} ${d.summary.timeframe}, ${d.summary.bars} bars`],
  ['Search', (d) => `${d.summary.method}, ${d.summary.done} trials, seed ${d.spec.seed}`],
  ['Objective', (d) => d.summary.objective],
  ['Ranges', (d) => d.spec.ranges.map((r) => `${r.name}=${r.text}`).join(', ')],
  ['Costs', (d) => `fees ${d.spec.fees.takerBps}/${d.spec.fees.makerBps} bps, slippage ${d.spec.slippage.kind} ${d.spec.slippage.bps} bps`],
  ['Best params', (d) => (d.summary.best ? fmtParams(d.summary.best.params) : '—')],
  ['Best objective', (d) => fmtNumber(d.summary.best?.objective ?? null)],
  ['In-sample net profit', (d) => fmtMoney(d.inVsOut?.inSample.netProfit ?? null)],
  ['Out-of-sample objective', (d) => (d.inVsOut?.outOfSample ? fmtNumber(d.inVsOut.outOfSample.objective) : '—')],
  ['Out-of-sample net profit', (d) => fmtMoney(d.inVsOut?.outOfSample?.netProfit ?? null)],
  ['Walk-forward efficiency', (d) => fmtNumber(d.walkForward?.efficiency ?? null)],
  ['Monte Carlo loss probability', (d) => fmtPct(d.monteCarlo?.lossProbability ?? null)],
  ['Warnings', (d) => String(d.warnings.length)],
];

/** Two runs side by side. */
export function CompareRuns({ a, b }: { a: string; b: string }) {
  const left = useTrainingRun(a);
  const right = useTrainingRun(b);
  if (!left.data || !right.data) return <LoadingState>Loading both runs…</LoadingState>;
  return (
    <section className="panel" aria-label="Compare runs">
      <header className="panel__header">
        <h2 className="panel__title">Compare runs</h2>
      </header>
      <div className="panel__body">
        <table className="data-table training-compare" aria-label="Run comparison">
          <thead>
            <tr>
              <th scope="col" />
              <th scope="col">{left.data.summary.name}</th>
              <th scope="col">{right.data.summary.name}</th>
            </tr>
          </thead>
          <tbody>
            {ROWS.map(([label, f]) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                <td>{f(left.data)}</td>
                <td>{f(right.data)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
