/**
 * Every conversion between the engine's columns and the chart library's objects lives here,
 * so the rest of the chart code handles columns (one array per field, times in epoch
 * seconds) and the library's shapes appear in one file.
 */
import type {
  CandlestickData,
  HistogramData,
  LineData,
  SeriesMarker,
  Time,
  UTCTimestamp,
  WhitespaceData,
} from 'lightweight-charts';
import type { BarColumns, BarUpdate, Fill } from '../../../../../shared/contract';
import { chartColors } from './chartTheme';

/** The bars a chart holds: growable columns, oldest first, times in epoch seconds. */
export interface Columns {
  t: number[];
  o: number[];
  h: number[];
  l: number[];
  c: number[];
  v: number[];
}

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

export type LinePoint = LineData<Time> | WhitespaceData<Time>;
export type HistogramPoint = HistogramData<Time> | WhitespaceData<Time>;

const asTime = (epochSeconds: number) => epochSeconds as UTCTimestamp;

export function emptyColumns(): Columns {
  return { t: [], o: [], h: [], l: [], c: [], v: [] };
}

/**
 * Columns from market.bars, keeping only complete rows in strictly increasing time (the
 * library refuses anything else, and one bad row must not blank the chart).
 */
export function columnsFrom(bars: Pick<BarColumns, 't' | 'o' | 'h' | 'l' | 'c' | 'v'>, before = Infinity): Columns {
  const out = emptyColumns();
  const { t, o, h, l, c, v } = bars;
  let last = -Infinity;
  for (let i = 0; i < t.length; i++) {
    const time = t[i];
    const open = o[i];
    const high = h[i];
    const low = l[i];
    const close = c[i];
    if (time === undefined || open === undefined || high === undefined || low === undefined || close === undefined) continue;
    if (!(time > last) || !(time < before)) continue;
    last = time;
    out.t.push(time);
    out.o.push(open);
    out.h.push(high);
    out.l.push(low);
    out.c.push(close);
    out.v.push(v[i] ?? 0);
  }
  return out;
}

/** `older` followed by the rows of `newer` (neither is modified). */
export function concatColumns(older: Columns, newer: Columns): Columns {
  return {
    t: older.t.concat(newer.t),
    o: older.o.concat(newer.o),
    h: older.h.concat(newer.h),
    l: older.l.concat(newer.l),
    c: older.c.concat(newer.c),
    v: older.v.concat(newer.v),
  };
}

/** The rows of `columns` strictly before `time`. */
export function rowsBefore(columns: Columns, time: number): Columns {
  const n = upperBound(columns.t, time - 1e-9);
  return {
    t: columns.t.slice(0, n),
    o: columns.o.slice(0, n),
    h: columns.h.slice(0, n),
    l: columns.l.slice(0, n),
    c: columns.c.slice(0, n),
    v: columns.v.slice(0, n),
  };
}

export function pushBar(columns: Columns, bar: Pick<BarUpdate, 't' | 'o' | 'h' | 'l' | 'c' | 'v'>): void {
  columns.t.push(bar.t);
  columns.o.push(bar.o);
  columns.h.push(bar.h);
  columns.l.push(bar.l);
  columns.c.push(bar.c);
  columns.v.push(bar.v);
}

export function setBar(columns: Columns, index: number, bar: Pick<BarUpdate, 'o' | 'h' | 'l' | 'c' | 'v'>): void {
  columns.o[index] = bar.o;
  columns.h[index] = bar.h;
  columns.l[index] = bar.l;
  columns.c[index] = bar.c;
  columns.v[index] = bar.v;
}

export function candleAt(columns: Columns, i: number): CandlestickData<Time> {
  return { time: asTime(columns.t[i]!), open: columns.o[i]!, high: columns.h[i]!, low: columns.l[i]!, close: columns.c[i]! };
}

export function volumeAt(columns: Columns, i: number): HistogramData<Time> {
  const up = columns.c[i]! >= columns.o[i]!;
  return { time: asTime(columns.t[i]!), value: columns.v[i]!, color: up ? chartColors.upVolume : chartColors.downVolume };
}

/** Candles of the rows from `from` on. */
export function candleData(columns: Columns, from = 0): CandlestickData<Time>[] {
  const out = new Array<CandlestickData<Time>>(Math.max(0, columns.t.length - from));
  for (let i = 0; i < out.length; i++) out[i] = candleAt(columns, from + i);
  return out;
}

/** Volume bars of the rows from `from` on. */
export function volumeData(columns: Columns, from = 0): HistogramData<Time>[] {
  const out = new Array<HistogramData<Time>>(Math.max(0, columns.t.length - from));
  for (let i = 0; i < out.length; i++) out[i] = volumeAt(columns, from + i);
  return out;
}

/** One point of an indicator line; NaN (not warm yet) is a gap. */
export function linePoint(time: number, value: number): LinePoint {
  return Number.isFinite(value) ? { time: asTime(time), value } : { time: asTime(time) };
}

/** An indicator line over the rows from `from` on (`values` aligned with `times`). */
export function lineData(times: readonly number[], values: ArrayLike<number>, from = 0): LinePoint[] {
  const out = new Array<LinePoint>(Math.max(0, times.length - from));
  for (let i = 0; i < out.length; i++) out[i] = linePoint(times[from + i]!, values[from + i]!);
  return out;
}

/** A histogram bar colored by its sign (MACD's histogram). */
export function signedHistogramPoint(time: number, value: number): HistogramPoint {
  if (!Number.isFinite(value)) return { time: asTime(time) };
  return { time: asTime(time), value, color: value >= 0 ? chartColors.histogramUp : chartColors.histogramDown };
}

export function signedHistogramData(times: readonly number[], values: ArrayLike<number>, from = 0): HistogramPoint[] {
  const out = new Array<HistogramPoint>(Math.max(0, times.length - from));
  for (let i = 0; i < out.length; i++) out[i] = signedHistogramPoint(times[from + i]!, values[from + i]!);
  return out;
}

export function legendBarAt(columns: Columns, i: number): LegendBar | null {
  const time = columns.t[i];
  if (time === undefined) return null;
  return {
    time,
    open: columns.o[i]!,
    high: columns.h[i]!,
    low: columns.l[i]!,
    close: columns.c[i]!,
    volume: columns.v[i]!,
    previousClose: i > 0 ? columns.c[i - 1]! : null,
  };
}

/** Number of values <= x in an ascending array. */
export function upperBound(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Fill arrows, on the bar that contains each fill (the last bar opening at or before it,
 * whatever the timeframe and session rules), buys below the bar and sells above, sorted by
 * time as the library requires. Fills before bar `from` (the first one drawn) are left out.
 */
export function fillMarkers(fills: readonly Fill[], times: readonly number[], from = 0): SeriesMarker<Time>[] {
  if (times.length <= from) return [];
  const markers: Array<{ at: number; marker: SeriesMarker<Time> }> = [];
  for (const fill of fills) {
    const index = upperBound(times, fill.at / 1000) - 1;
    if (index < from) continue;
    const buy = fill.side === 'buy';
    markers.push({
      at: fill.at,
      marker: {
        time: asTime(times[index]!),
        position: buy ? 'belowBar' : 'aboveBar',
        shape: buy ? 'arrowUp' : 'arrowDown',
        color: buy ? chartColors.buyMarker : chartColors.sellMarker,
        text: `${buy ? 'B' : 'S'} ${fill.qty}`,
        size: 1,
      },
    });
  }
  markers.sort((a, b) => a.at - b.at);
  return markers.map((entry) => entry.marker);
}
