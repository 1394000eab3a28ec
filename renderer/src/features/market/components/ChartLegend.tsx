import type { Timeframe } from '../../../../../shared/contract';
import { formatPercent, formatPrice, formatVolume } from '../../../lib/format';
import type { ChartLegendState } from '../chart/CandleChart';

interface ChartLegendProps {
  symbol: string;
  timeframe: Timeframe;
  legend: ChartLegendState;
  decimals: number;
}

/**
 * Open, high, low, close and volume of the bar under the crosshair (or of the newest bar),
 * and below them the active indicators with their values at that bar.
 */
export function ChartLegend({ symbol, timeframe, legend, decimals }: ChartLegendProps) {
  const { bar, hovering, indicators } = legend;
  const change = bar && bar.previousClose !== null ? bar.close - bar.previousClose : null;
  const direction = change === null || change === 0 ? 'flat' : change > 0 ? 'up' : 'down';
  return (
    <div className="chart-legend chart-legend--stacked" data-testid="chart-legend" role="group" aria-label={`${symbol} price legend`}>
      <div className="chart-legend__row">
        <span className="chart-legend__symbol">{symbol}</span>
        <span className="chart-legend__timeframe" data-testid="chart-legend-timeframe">
          {timeframe}
        </span>
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
      <ul
        className="chart-legend__indicators"
        data-testid="chart-indicators"
        data-indicators={indicators.map((reading) => reading.id).join(' ')}
        aria-label="Active indicators"
      >
        {indicators.map((reading, index) => (
          // The same indicator may be on twice (two colors, or a preset applied over it).
          <li key={`${index}-${reading.id}`} className="chart-legend__indicator">
            <span className="chart-legend__swatch" style={{ background: reading.color }} aria-hidden="true" />
            <span className="chart-legend__indicator-name">{reading.label}</span>
            {reading.values.map((value, k) => (
              <span key={reading.names[k]} className="num" title={reading.names[k]}>
                {formatIndicator(value, reading.overlay || reading.id.startsWith('atr') ? decimals : 2)}
              </span>
            ))}
          </li>
        ))}
      </ul>
    </div>
  );
}

function formatIndicator(value: number, decimals: number): string {
  return Number.isFinite(value) ? formatPrice(value, decimals) : '—';
}

function LegendValue({ label, value, className }: { label: string; value: string; className?: string }) {
  return (
    <span className="chart-legend__item">
      <span className="chart-legend__label">{label}</span>
      <span className={`num ${className ?? ''}`}>{value}</span>
    </span>
  );
}
