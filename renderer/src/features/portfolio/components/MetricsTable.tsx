import type { Metrics } from '../../../../../shared/contract';
import { metricRows } from '../lib/formatMetrics';

/** Performance metrics; one that the data do not define shows "—" and says why on hover. */
export function MetricsTable({ metrics, currency }: { metrics: Metrics; currency: string }) {
  return (
    <table className="data-table data-table--compact metrics-table" aria-label="Performance metrics">
      <tbody>
        {metricRows(metrics, currency).map((row) => (
          <tr key={row.key} className="data-table__row">
            <th scope="row" title={row.help}>
              {row.label}
            </th>
            <td className={`num${row.tone ? ` ${row.tone}` : ''}`}>
              {row.missing ? (
                <>
                  <span className="metrics-table__missing" title={row.missing}>
                    {row.value}
                  </span>
                  <span className="sr-only">{` ${row.missing}`}</span>
                </>
              ) : (
                row.value
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
