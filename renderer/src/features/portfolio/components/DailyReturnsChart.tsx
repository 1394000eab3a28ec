import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { HistogramSeries, type IChartApi, type ISeriesApi } from 'lightweight-charts';
import { createPortfolioChart, portfolioChartColors } from '../chart/chartSetup';
import { dailyReturnBars } from '../lib/chartSeries';

const FIT_FROM_BARS = 20;

/** 0.0018 -> "0.0018%", 1.234 -> "1.23%": two decimals, more for days that hardly moved. */
function formatPercentValue(value: number): string {
  const abs = Math.abs(value);
  const decimals = abs === 0 || abs >= 0.1 ? 2 : Math.min(4, 1 - Math.floor(Math.log10(abs)));
  return `${value.toFixed(decimals)}%`;
}

/** Each market day's return as a bar, in percent. */
export function DailyReturnsChart({ daily }: { daily: { day: readonly string[]; ret: readonly number[] } }) {
  const containerRef = useRef<HTMLDivElement>(null);
  const [chart, setChart] = useState<{ api: IChartApi; series: ISeriesApi<'Histogram'> } | null>(null);
  const bars = useMemo(() => dailyReturnBars(daily, portfolioChartColors), [daily]);

  useLayoutEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const api = createPortfolioChart(container, { timeVisible: false });
    const series = api.addSeries(HistogramSeries, {
      // Values are percent already (0.25 = 0.25 %); small days need more than two decimals.
      priceFormat: { type: 'custom', minMove: 0.0001, formatter: formatPercentValue },
      priceLineVisible: false,
      base: 0,
    });
    setChart({ api, series });
    return () => {
      api.remove();
      setChart(null);
    };
  }, []);

  useEffect(() => {
    if (!chart) return;
    chart.series.setData(bars);
    // Many days are fitted to the width; a few are drawn as bars of a readable width at the right.
    if (bars.length >= FIT_FROM_BARS) chart.api.timeScale().fitContent();
    else if (bars.length > 0) {
      // A window of FIT_FROM_BARS days ending a little after the last bar: empty days on the left.
      chart.api.timeScale().setVisibleLogicalRange({ from: bars.length - FIT_FROM_BARS + 2, to: bars.length + 1 });
    }
  }, [chart, bars]);

  return (
    <div className="daily-chart">
      <div
        ref={containerRef}
        className="daily-chart__canvas"
        role="img"
        aria-label={`Daily returns: ${bars.length} ${bars.length === 1 ? 'day' : 'days'}`}
        data-testid="daily-returns-chart"
        data-bar-count={bars.length}
      />
      {bars.length === 0 ? (
        <div className="equity-chart__overlay" role="status">
          No complete day yet: a return needs the close of a day before it.
        </div>
      ) : null}
    </div>
  );
}
