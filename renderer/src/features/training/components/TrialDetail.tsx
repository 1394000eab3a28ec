import { ErrorState, LoadingState } from '../../../components/States';
import { useTrainingTrial } from '../api/getTrainingTrial';
import { fmtMoney, fmtNumber, fmtParams, fmtPct } from '../lib/format';
import { LineChart } from './Charts';

/** The selected trial again in full: its equity curve, metrics and trades. */
export function TrialDetail({ runId, trialId, running }: { runId: string; trialId: string; running: boolean }) {
  const trial = useTrainingTrial(runId, running ? null : trialId);
  if (running) return <p className="training-card__hint">The selected trial's equity curve and trades show when the run stops.</p>;
  if (trial.isPending) return <LoadingState>Running the trial again…</LoadingState>;
  if (trial.isError) return <ErrorState error={trial.error} what="the trial" onRetry={() => void trial.refetch()} />;
  const t = trial.data;
  const m = t.result.metrics;
  return (
    <section className="training-card" aria-label="Trial detail">
      <h4>
        Trial {fmtParams(t.params)} <span className="training-card__hint">{t.objective === null ? `no objective: ${t.reason ?? t.status}` : `objective ${fmtNumber(t.objective)}`}</span>
      </h4>
      <div className="training-run__grid">
        <LineChart points={t.equity.t.map((x, k) => ({ x, y: t.equity.equity[k]! }))} label="Equity curve of the trial" xLabel="time" testId="training-equity-chart" />
        <dl className="training-metrics">
          <dt>Net profit</dt>
          <dd>{fmtMoney(t.result.netProfit)}</dd>
          <dt>Trades</dt>
          <dd>{t.result.trades}</dd>
          <dt>Total return</dt>
          <dd>{fmtPct(m.totalReturn)}</dd>
          <dt>Sharpe</dt>
          <dd>{fmtNumber(m.sharpe)}</dd>
          <dt>Sortino</dt>
          <dd>{fmtNumber(m.sortino)}</dd>
          <dt>Max drawdown</dt>
          <dd>{fmtPct(m.maxDrawdown)}</dd>
          <dt>Win rate</dt>
          <dd>{fmtPct(m.winRate)}</dd>
          <dt>Profit factor</dt>
          <dd>{fmtNumber(m.profitFactor)}</dd>
          <dt>Exposure</dt>
          <dd>{fmtPct(m.exposure)}</dd>
        </dl>
      </div>
      <div className="table-scroll training-trades">
        <table className="data-table data-table--compact" aria-label="Trial trades">
          <thead>
            <tr>
              <th scope="col">Side</th>
              <th scope="col">Entry</th>
              <th scope="col" className="num">Entry price</th>
              <th scope="col">Exit</th>
              <th scope="col" className="num">Exit price</th>
              <th scope="col" className="num">P&amp;L</th>
              <th scope="col">Exit reason</th>
            </tr>
          </thead>
          <tbody>
            {t.trades.map((tr, k) => (
              <tr key={k}>
                <td>{tr.side}</td>
                <td>{tr.entryTime.slice(0, 16).replace('T', ' ')}</td>
                <td className="num">{fmtNumber(tr.entryPrice, 4)}</td>
                <td>{tr.exitTime.slice(0, 16).replace('T', ' ')}</td>
                <td className="num">{fmtNumber(tr.exitPrice, 4)}</td>
                <td className={`num ${tr.pnl >= 0 ? 'up' : 'down'}`}>{fmtMoney(tr.pnl)}</td>
                <td>{tr.exitReason}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {t.tradesTotal > t.trades.length ? <p className="training-card__hint">First {t.trades.length} of {t.tradesTotal} trades.</p> : null}
      </div>
    </section>
  );
}
