import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { AreaSeries, type IChartApi, type ISeriesApi } from 'lightweight-charts';
import { createPortfolioChart, portfolioChartColors } from '../chart/chartSetup';
import { equityPoints } from '../lib/chartSeries';

interface EquityCurveChartProps {
  curve: { t: readonly number[]; equity: readonly number[] };
  currency: string;
  /** Changes when the scope changes: the view is fitted again. */
  scopeKey: string;
}

/** The equity curve as an area chart; fitted when the scope changes, left where it is on refreshes. */
export function EquityCurveChart({ curve, currency, scopeKey }: EquityCurveChartProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const [chart, setChart] = useState<{ api: IChartApi; series: ISeriesApi<'Area'> } | null>(null);
  const fittedFor = useRef<string | null>(null);
  const points = useMemo(() => equityPoints(curve), [curve]);

  useLayoutEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const api = createPortfolioChart(container, { timeVisible: true });
    const series = api.addSeries(AreaSeries, {
      lineColor: portfolioChartColors.line,
      topColor: portfolioChartColors.areaTop,
      bottomColor: portfolioChartColors.areaBottom,
      lineWidth: 2,
      priceFormat: { type: 'price', precision: 2, minMove: 0.01 },
    });
    setChart({ api, series });
    return () => {
      api.remove();
      fittedFor.current = null;
      setChart(null);
    };
  }, []);

  useEffect(() => {
    if (!chart) return;
    chart.series.setData(points);
    if (fittedFor.current !== scopeKey && points.length > 0) {
      chart.api.timeScale().fitContent();
      fittedFor.current = scopeKey;
    }
  }, [chart, points, scopeKey]);

  const first = points[0]?.value;
  const last = points[points.length - 1]?.value;
  return (
    <div className="equity-chart">
      <div
        ref={containerRef}
        className="equity-chart__canvas"
        role="img"
        aria-label={
          points.length > 0 && first !== undefined && last !== undefined
            ? `Equity curve in ${currency}, ${points.length} points, from ${first.toFixed(2)} to ${last.toFixed(2)}`
            : 'Equity curve: no points yet'
        }
        data-testid="equity-chart"
        data-point-count={points.length}
      />
      {points.length < 2 ? (
        <div className="equity-chart__overlay" role="status">
          {points.length === 0
            ? 'No equity recorded for this scope yet. The curve starts with the first trade (account: the first minute of the session).'
            : 'One point so far: equity is recorded every market minute.'}
        </div>
      ) : null}
    </div>
  );
}
