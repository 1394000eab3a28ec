import type { CandlestickData, HistogramData, SeriesMarker, Time, UTCTimestamp } from 'lightweight-charts';
import type { BarColumns, BarUpdate, Fill } from '../../../../../shared/contract';
import { chartColors } from './chartTheme';

/** One bar as the legend shows it. */
export interface LegendBar {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  /** Close of the bar before, for the change figure; null for the first bar. */
  previousClose: number | null;
}

export interface ChartSeriesData {
  candles: CandlestickData<Time>[];
  volumes: HistogramData<Time>[];
}

const asTime = (epochSeconds: number) => epochSeconds as UTCTimestamp;

export function volumeBar(time: number, open: number, close: number, volume: number): HistogramData<Time> {
  return { time: asTime(time), value: volume, color: close >= open ? chartColors.upVolume : chartColors.downVolume };
}

export function candleBar(bar: Pick<BarUpdate, 't' | 'o' | 'h' | 'l' | 'c'>): CandlestickData<Time> {
  return { time: asTime(bar.t), open: bar.o, high: bar.h, low: bar.l, close: bar.c };
}

/** Columns from market.bars to the two series, skipping any row a column is short of. */
export function columnsToSeries(columns: BarColumns): ChartSeriesData {
  const { t, o, h, l, c, v } = columns;
  const candles: CandlestickData<Time>[] = [];
  const volumes: HistogramData<Time>[] = [];
  for (let i = 0; i < t.length; i++) {
    const time = t[i];
    const open = o[i];
    const high = h[i];
    const low = l[i];
    const close = c[i];
    if (time === undefined || open === undefined || high === undefined || low === undefined || close === undefined) {
      continue;
    }
    candles.push({ time: asTime(time), open, high, low, close });
    volumes.push(volumeBar(time, open, close, v[i] ?? 0));
  }
  return { candles, volumes };
}

/** The legend for the newest bar of a load. */
export function lastLegendBar(columns: BarColumns): LegendBar | null {
  const last = columns.t.length - 1;
  const time = columns.t[last];
  const open = columns.o[last];
  const high = columns.h[last];
  const low = columns.l[last];
  const close = columns.c[last];
  if (time === undefined || open === undefined || high === undefined || low === undefined || close === undefined) {
    return null;
  }
  return { time, open, high, low, close, volume: columns.v[last] ?? 0, previousClose: columns.c[last - 1] ?? null };
}

/** Start of the bar (epoch seconds) that contains a moment (epoch ms). */
export function barTimeOf(epochMs: number, barSeconds = 60): number {
  return Math.floor(epochMs / 1000 / barSeconds) * barSeconds;
}

/** Fill arrows: buys below the bar, sells above, sorted by time as the library requires. */
export function fillMarkers(fills: readonly Fill[]): SeriesMarker<Time>[] {
  return [...fills]
    .sort((a, b) => a.at - b.at)
    .map((fill) => {
      const buy = fill.side === 'buy';
      return {
        time: asTime(barTimeOf(fill.at)),
        position: buy ? 'belowBar' : 'aboveBar',
        shape: buy ? 'arrowUp' : 'arrowDown',
        color: buy ? chartColors.buyMarker : chartColors.sellMarker,
        text: `${buy ? 'B' : 'S'} ${fill.qty}`,
        size: 1,
      } satisfies SeriesMarker<Time>;
    });
}
