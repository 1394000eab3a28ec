import { formatPercent, formatPrice, formatVolume } from '../../../lib/format';
import type { LegendBar } from '../chart/chartData';

interface ChartLegendProps {
  symbol: string;
  bar: LegendBar | null;
  /** True while the crosshair is over a bar (the legend then describes that bar). */
  hovering: boolean;
  decimals: number;
}

/** Open, high, low, close and volume of the bar under the crosshair, or of the newest bar. */
export function ChartLegend({ symbol, bar, hovering, decimals }: ChartLegendProps) {
  const change = bar && bar.previousClose !== null ? bar.close - bar.previousClose : null;
  const direction = change === null || change === 0 ? 'flat' : change > 0 ? 'up' : 'down';
  return (
    <div className="chart-legend" data-testid="chart-legend" role="group" aria-label={`${symbol} price legend`}>
      <span className="chart-legend__symbol">{symbol}</span>
      <span className="chart-legend__timeframe">1m</span>
      {bar ? (
        <>
          <LegendValue label="O" value={formatPrice(bar.open, decimals)} />
          <LegendValue label="H" value={formatPrice(bar.high, decimals)} />
          <LegendValue label="L" value={formatPrice(bar.low, decimals)} />
          <LegendValue label="C" value={formatPrice(bar.close, decimals)} className={direction} />
          {change !== null && bar.previousClose ? (
            <span className={`num ${direction}`}>
              {change > 0 ? '+' : ''}
              {formatPrice(change, decimals)} ({formatPercent(change / bar.previousClose)})
            </span>
          ) : null}
          <LegendValue label="V" value={formatVolume(bar.volume)} />
          {hovering ? null : <span className="chart-legend__live">live</span>}
        </>
      ) : null}
    </div>
  );
}

function LegendValue({ label, value, className }: { label: string; value: string; className?: string }) {
  return (
    <span className="chart-legend__item">
      <span className="chart-legend__label">{label}</span>
      <span className={`num ${className ?? ''}`}>{value}</span>
    </span>
  );
}
