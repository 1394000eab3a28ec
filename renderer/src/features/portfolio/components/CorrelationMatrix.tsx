import type { PortfolioReport } from '../../../../../shared/contract';
import { EmptyState } from '../../../components/States';

/** Red for -1, neutral at 0, blue for +1; the alpha follows the strength. */
export function correlationColor(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return 'transparent';
  const strength = Math.min(1, Math.abs(value));
  return value >= 0 ? `rgba(76, 141, 255, ${0.08 + strength * 0.62})` : `rgba(239, 83, 80, ${0.08 + strength * 0.62})`;
}

/** Pearson correlations of the symbols' daily returns as a heatmap table. */
export function CorrelationMatrix({ correlation }: { correlation: PortfolioReport['correlation'] }) {
  const { symbols, matrix } = correlation;
  if (symbols.length < 2) {
    return <EmptyState>Correlations need two symbols or more that were held or traded in this scope.</EmptyState>;
  }
  const anyValue = matrix.some((row, i) => row.some((value, j) => i !== j && value !== null));
  return (
    <div className="correlation">
      <div className="table-scroll">
        <table className="correlation__table" aria-label="Correlation matrix">
          <thead>
            <tr>
              <td />
              {symbols.map((symbol) => (
                <th key={symbol} scope="col">
                  {symbol}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {symbols.map((rowSymbol, i) => (
              <tr key={rowSymbol}>
                <th scope="row">{rowSymbol}</th>
                {symbols.map((colSymbol, j) => {
                  const value = matrix[i]?.[j] ?? null;
                  return (
                    <td
                      key={colSymbol}
                      className="correlation__cell num"
                      style={{ background: correlationColor(value) }}
                      title={value === null ? `${rowSymbol} / ${colSymbol}: not enough common days` : `${rowSymbol} / ${colSymbol}: ${value.toFixed(2)}`}
                    >
                      {value === null ? '—' : value.toFixed(2)}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {anyValue ? null : <p className="correlation__note">Not enough common days yet: a correlation needs daily returns of both symbols.</p>}
    </div>
  );
}
