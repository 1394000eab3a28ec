import type { ExposureRow } from '../../../../../shared/contract';
import { EmptyState } from '../../../components/States';
import { directionOf, formatMoney, formatSignedMoney } from '../../../lib/format';

/** Widths are for the eye only: the figures beside them are the engine's exact decimals. */
const amount = (value: string) => {
  const n = Number(value);
  return Number.isFinite(n) ? Math.abs(n) : 0;
};

interface ExposureBarsProps {
  title: string;
  rows: readonly ExposureRow[];
  currency: string;
  empty: string;
}

/** Long and short market value per key as a bar split in two, with net and gross. */
export function ExposureBars({ title, rows, currency, empty }: ExposureBarsProps) {
  const max = rows.reduce((m, row) => Math.max(m, amount(row.gross)), 0);
  return (
    <section className="exposure" aria-label={`Exposure ${title.toLowerCase()}`}>
      <div className="exposure__head">
        <h3 className="exposure__title">{title}</h3>
        <span className="exposure__legend" aria-hidden="true">
          <span className="exposure__swatch exposure__swatch--long" /> long <span className="exposure__swatch exposure__swatch--short" /> short
        </span>
        <span aria-hidden="true">Gross</span>
        <span aria-hidden="true">Net</span>
      </div>
      {rows.length === 0 ? (
        <EmptyState>{empty}</EmptyState>
      ) : (
        <ul className="exposure__rows">
          {rows.map((row) => {
            const long = max > 0 ? (amount(row.long) / max) * 100 : 0;
            const short = max > 0 ? (amount(row.short) / max) * 100 : 0;
            return (
              <li key={row.key} className="exposure__row" aria-label={`${row.key}: gross ${formatMoney(row.gross, currency)}, net ${formatSignedMoney(row.net, currency)}`}>
                <span className="exposure__key">{row.key}</span>
                <span className="exposure__track" aria-hidden="true">
                  <span className="exposure__long" style={{ width: `${long}%` }} title={`Long ${formatMoney(row.long, currency)}`} />
                  <span className="exposure__short" style={{ width: `${short}%` }} title={`Short ${formatMoney(row.short, currency)}`} />
                </span>
                <span className="exposure__gross num" title="Gross: long plus short">
                  {formatMoney(row.gross, currency)}
                </span>
                <span className={`exposure__net num ${directionOf(row.net)}`} title="Net: long minus short">
                  {formatSignedMoney(row.net, currency)}
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
