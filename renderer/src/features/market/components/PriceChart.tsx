import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { Fill } from '../../../../../shared/contract';
import { describeError } from '../../../api';
import { useBars } from '../api/getBars';
import { subscribeToBars } from '../api/liveBarFeed';
import { CandleChart } from '../chart/CandleChart';
import type { LegendBar } from '../chart/chartData';
import { ChartLegend } from './ChartLegend';

interface PriceChartProps {
  symbol: string;
  /** Price decimals of the symbol (from its tick size). */
  decimals: number;
  /** The user's fills on this symbol, drawn as arrows. */
  fills: readonly Fill[];
}

/** 1-minute candles and volume for one symbol, live. */
export function PriceChart({ symbol, decimals, fills }: PriceChartProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const [chart, setChart] = useState<CandleChart | null>(null);
  const [legend, setLegend] = useState<{ bar: LegendBar | null; hovering: boolean }>({ bar: null, hovering: false });
  const [barCount, setBarCount] = useState(0);
  const bars = useBars(symbol, '1m');
  /** Which symbol the series currently hold, to tell a new symbol from a reload of the same one. */
  const shownSymbol = useRef<string | null>(null);

  useLayoutEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const created = new CandleChart(container, {
      onLegend: (bar, hovering) => setLegend({ bar, hovering }),
      onBarCount: setBarCount,
    });
    setChart(created);
    return () => {
      created.dispose();
      shownSymbol.current = null;
      setChart(null);
    };
  }, []);

  useEffect(() => {
    chart?.setPrecision(decimals);
  }, [chart, decimals]);

  // Live bars for this symbol, queued even before history arrives so none is lost.
  useEffect(() => {
    if (!chart) return;
    if (shownSymbol.current !== symbol) {
      chart.clear();
      shownSymbol.current = null;
    }
    return subscribeToBars(symbol, (updates) => chart.queue(updates));
  }, [chart, symbol]);

  useEffect(() => {
    if (!chart || !bars.data || bars.data.symbol !== symbol) return;
    chart.load(bars.data, shownSymbol.current !== symbol);
    shownSymbol.current = symbol;
  }, [chart, bars.data, symbol]);

  useEffect(() => {
    chart?.setFills(fills);
  }, [chart, fills]);

  const status = bars.isPending
    ? `Loading ${symbol} bars…`
    : bars.isError
      ? null
      : barCount === 0
        ? `No bars for ${symbol} yet. The sample market adds one every few seconds.`
        : null;

  return (
    <div className="price-chart">
      <ChartLegend symbol={symbol} bar={legend.bar} hovering={legend.hovering} decimals={decimals} />
      <div
        ref={containerRef}
        className="price-chart__canvas"
        role="img"
        aria-label={`${symbol} one-minute candlestick chart with volume`}
        data-testid="price-chart"
        data-bar-count={barCount}
      />
      {status ? (
        <div className="price-chart__overlay" role="status">
          {status}
        </div>
      ) : null}
      {bars.isError ? (
        <div className="price-chart__overlay price-chart__overlay--error" role="alert">
          <span>
            Could not load {symbol} bars: {describeError(bars.error)}
          </span>
          <button type="button" className="button button--small" onClick={() => void bars.refetch()}>
            Retry
          </button>
        </div>
      ) : null}
    </div>
  );
}
