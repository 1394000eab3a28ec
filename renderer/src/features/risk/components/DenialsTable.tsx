import type { RiskDenial } from '../../../../../shared/contract';
import { EmptyState } from '../../../components/States';
import { formatDateTime, formatTime } from '../../../lib/format';
import { sourceOf } from '../lib/describeRisk';

/** The last orders the risk engine refused, newest first, with the reason in full. */
export function DenialsTable({ denials }: { denials: readonly RiskDenial[] }) {
  if (denials.length === 0) {
    return <EmptyState>No order has been denied. An order that breaks a limit is stopped before the venue and listed here with the reason.</EmptyState>;
  }
  return (
    <div className="table-scroll">
      <table className="data-table" aria-label="Recent denials">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Source</th>
            <th scope="col">Symbol</th>
            <th scope="col">Reason</th>
          </tr>
        </thead>
        <tbody>
          {denials.map((denial, index) => (
            <tr key={`${denial.at}-${index}`} className="data-table__row">
              <td className="time" title={formatDateTime(denial.at)}>
                {formatTime(denial.at)}
              </td>
              <td>{sourceOf(denial.owner)}</td>
              <td className="symbol-cell">{denial.symbol}</td>
              <td className="detail-text" title={`Check: ${denial.check}`}>
                {denial.reason}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
