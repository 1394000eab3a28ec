import type { TrainingLeaderboardRow } from '../../../../../shared/contract';
import { fmtMoney, fmtNumber, fmtParams, fmtPct } from '../lib/format';

/** Best first; trials without an objective last, with the reason instead of a number. */
export function Leaderboard({ rows, selected, onSelect }: { rows: readonly TrainingLeaderboardRow[]; selected: string | null; onSelect: (trialId: string) => void }) {
  if (rows.length === 0) return <p className="training-card__hint">No trial has finished yet.</p>;
  return (
    <div className="table-scroll training-leaderboard">
      <table className="data-table data-table--compact" aria-label="Leaderboard">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Params</th>
            <th scope="col" className="num">Objective</th>
            <th scope="col" className="num">Trades</th>
            <th scope="col" className="num">Net profit</th>
            <th scope="col" className="num">Sharpe</th>
            <th scope="col" className="num">Max DD</th>
            <th scope="col" className="num">Win rate</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr
              key={r.trialId}
              className={`data-table__row${r.trialId === selected ? ' data-table__row--selected' : ''}`}
              aria-selected={r.trialId === selected}
              tabIndex={0}
              onClick={() => onSelect(r.trialId)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' || e.key === ' ') onSelect(r.trialId);
              }}
            >
              <td>{r.rank}</td>
              <td className="training-leaderboard__params">{fmtParams(r.params)}</td>
              <td className="num">{r.objective === null ? <span className="training-undefined">— {r.reason ?? r.status}</span> : fmtNumber(r.objective)}</td>
              <td className="num">{r.trades ?? '—'}</td>
              <td className="num">{fmtMoney(r.netProfit)}</td>
              <td className="num">{fmtNumber(r.sharpe)}</td>
              <td className="num">{fmtPct(r.maxDrawdown)}</td>
              <td className="num">{fmtPct(r.winRate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
