import type { RiskUsage } from '../../../../../shared/contract';
import { EmptyState } from '../../../components/States';
import { formatUsageValue, usagePercent, usageTone } from '../lib/describeRisk';

/** Each measurable limit with how much of it is used: calm, amber near it, red at it. */
export function UsageBars({ usage, currency }: { usage: readonly RiskUsage[]; currency: string }) {
  if (usage.length === 0) {
    return <EmptyState>No measurable limits are set. Set exposure, open-order or loss limits in the editor to see their use here.</EmptyState>;
  }
  return (
    <ul className="risk-usage" aria-label="Limit usage">
      {usage.map((row) => {
        const tone = usageTone(row.fraction);
        const width = Math.max(0, Math.min(1, Number.isFinite(row.fraction) ? row.fraction : 0)) * 100;
        const used = formatUsageValue(row, row.used, currency);
        const limit = formatUsageValue(row, row.limit, currency);
        return (
          <li key={row.check} className={`risk-usage__row risk-usage__row--${tone}`}>
            <span className="risk-usage__label">{row.label}</span>
            <span className="risk-usage__figures num">
              {used} / {limit}
            </span>
            <div
              className="risk-usage__track"
              role="meter"
              aria-label={row.label}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={Math.round(width)}
              aria-valuetext={`${used} of ${limit} (${usagePercent(row.fraction)})`}
            >
              <div className="risk-usage__fill" style={{ width: `${width}%` }} />
            </div>
            <span className="risk-usage__pct num">{usagePercent(row.fraction)}</span>
          </li>
        );
      })}
    </ul>
  );
}
