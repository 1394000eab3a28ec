import { useEffect, useMemo, useRef } from 'react';
import {
  CandlestickSeries,
  ColorType,
  createChart,
  createSeriesMarkers,
  type IChartApi,
  type ISeriesApi,
  type ISeriesMarkersPluginApi,
  type SeriesMarker,
  type Time,
  type UTCTimestamp,
} from 'lightweight-charts';
import type { Decision, Fill, Timeframe } from '../../../../../shared/contract';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States';
import { useBotBars } from '../api/getBotBars';

/** Colors shared with bots.css (canvas cannot read CSS variables cheaply). */
const COLORS = {
  background: '#0d1117',
  text: '#8a93a6',
  grid: 'rgba(138, 147, 166, 0.08)',
  border: '#232a36',
  up: '#26a69a',
  down: '#ef5350',
  buy: '#4caf50',
  sell: '#ff7043',
  blocked: '#e0a82e',
  fill: '#4c8dff',
};

interface BotChartProps {
  source: string;
  symbol: string;
  timeframe: Timeframe;
  /** The bot's decisions on this symbol (any order). */
  decisions: readonly Decision[];
  fills: readonly Fill[];
}

const TIMEFRAME_SEC: Record<Timeframe, number> = { '1m': 60, '5m': 300, '15m': 900, '1h': 3_600, '4h': 14_400, '1D': 86_400, '1W': 604_800 };

/**
 * Candles of the bot's timeframe with its decisions (buy / sell arrows, a dot where a trade
 * was blocked) and its fills (circles at the fill's bar).
 */
export function BotChart({ source, symbol, timeframe, decisions, fills }: BotChartProps) {
  const through = decisions.reduce((max, d) => Math.max(max, d.barTime), 0);
  const bars = useBotBars(source, symbol, timeframe, through);
  const containerRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<{ chart: IChartApi; series: ISeriesApi<'Candlestick'>; markers: ISeriesMarkersPluginApi<Time> } | null>(null);
  const fitted = useRef(false);

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const chart = createChart(container, {
      autoSize: true,
      layout: { background: { type: ColorType.Solid, color: COLORS.background }, textColor: COLORS.text, fontSize: 11, attributionLogo: true },
      grid: { vertLines: { color: COLORS.grid }, horzLines: { color: COLORS.grid } },
      rightPriceScale: { borderColor: COLORS.border },
      timeScale: { borderColor: COLORS.border, timeVisible: true, secondsVisible: false, rightOffset: 4 },
    });
    const series = chart.addSeries(CandlestickSeries, {
      upColor: COLORS.up,
      downColor: COLORS.down,
      borderVisible: false,
      wickUpColor: COLORS.up,
      wickDownColor: COLORS.down,
    });
    chartRef.current = { chart, series, markers: createSeriesMarkers(series, []) };
    fitted.current = false;
    return () => {
      chartRef.current = null;
      chart.remove();
    };
  }, [source, symbol, timeframe]);

  const candles = useMemo(() => {
    const columns = bars.data;
    if (!columns) return [];
    return columns.t.map((t, i) => ({
      time: t as UTCTimestamp,
      open: columns.o[i]!,
      high: columns.h[i]!,
      low: columns.l[i]!,
      close: columns.c[i]!,
    }));
  }, [bars.data]);

  useEffect(() => {
    const current = chartRef.current;
    if (!current || candles.length === 0) return;
    current.series.setData(candles);
    if (!fitted.current) {
      current.chart.timeScale().scrollToRealTime();
      fitted.current = true;
    }
  }, [candles]);

  useEffect(() => {
    const current = chartRef.current;
    if (!current || candles.length === 0) return;
    const first = candles[0]!.time;
    const last = candles[candles.length - 1]!.time;
    const step = TIMEFRAME_SEC[timeframe];
    /** A time on the candles' grid, so each marker sits on a bar of the series. */
    const onGrid = (ms: number) => (Math.floor(ms / 1000 / step) * step) as UTCTimestamp;
    const markers: SeriesMarker<Time>[] = [];
    for (const d of decisions) {
      const time = d.barTime / 1000;
      if (time < first || time > last) continue;
      if (d.action === 'buy' || d.action === 'sell') {
        const blocked = d.blockedBy !== null;
        markers.push({
          time: time as UTCTimestamp,
          position: d.action === 'buy' ? 'belowBar' : 'aboveBar',
          shape: blocked ? 'circle' : d.action === 'buy' ? 'arrowUp' : 'arrowDown',
          color: blocked ? COLORS.blocked : d.action === 'buy' ? COLORS.buy : COLORS.sell,
          text: blocked ? `${d.action} blocked` : d.action,
          size: blocked ? 0.6 : 1,
        });
      }
    }
    // A fill sits on the bar its order was decided on when the log has it: the venue's fill
    // time may be on another clock than the bars (broker accounts fill on the wall clock).
    const decidedBar = new Map(decisions.filter((d) => d.orderId !== null).map((d) => [d.orderId!, d.barTime / 1000]));
    for (const fill of fills) {
      const time = (decidedBar.get(fill.orderId) ?? onGrid(fill.at)) as UTCTimestamp;
      if (time < first || time > last) continue;
      markers.push({
        time,
        position: fill.side === 'buy' ? 'belowBar' : 'aboveBar',
        shape: 'circle',
        color: COLORS.fill,
        text: `fill ${fill.qty}`,
        size: 0.8,
      });
    }
    markers.sort((a, b) => (a.time as number) - (b.time as number));
    current.markers.setMarkers(markers);
  }, [candles, decisions, fills, timeframe]);

  return (
    <div className="bot-chart">
      <div
        ref={containerRef}
        className="bot-chart__canvas"
        data-testid="bot-chart"
        role="img"
        aria-label={`${symbol} ${timeframe} candles with the bot's decisions and fills`}
      />
      {bars.isPending ? (
        <div className="bot-chart__overlay">
          <LoadingState>Loading {symbol} bars…</LoadingState>
        </div>
      ) : bars.isError ? (
        <div className="bot-chart__overlay">
          <ErrorState error={bars.error} what={`${symbol} bars`} onRetry={() => void bars.refetch()} />
        </div>
      ) : candles.length === 0 ? (
        <div className="bot-chart__overlay">
          <EmptyState>No {timeframe} bars for {symbol} yet.</EmptyState>
        </div>
      ) : null}
    </div>
  );
}
