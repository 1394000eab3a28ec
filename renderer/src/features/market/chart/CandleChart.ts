import {
  CandlestickSeries,
  ColorType,
  CrosshairMode,
  HistogramSeries,
  createChart,
  createSeriesMarkers,
  type CandlestickData,
  type HistogramData,
  type IChartApi,
  type ISeriesApi,
  type ISeriesMarkersPluginApi,
  type MouseEventParams,
  type Time,
} from 'lightweight-charts';
import type { BarColumns, BarUpdate, Fill } from '../../../../../shared/contract';
import { candleBar, columnsToSeries, fillMarkers, lastLegendBar, volumeBar, type LegendBar } from './chartData';
import { chartColors, chartFont } from './chartTheme';

/** Bars in view when a symbol is first shown: about two hours of 1m candles. */
const INITIAL_VISIBLE_BARS = 120;

export interface CandleChartOptions {
  /** The bar under the crosshair, or the newest bar when the pointer is away. */
  onLegend(bar: LegendBar | null, hovering: boolean): void;
  /** How many bars the chart holds, after each load and each new bar. */
  onBarCount(count: number): void;
}

const pad = (value: number) => String(value).padStart(2, '0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Axis labels in the user's local time (the library's default is UTC). */
function tickMark(time: Time, tickMarkType: number): string {
  if (typeof time !== 'number') return '';
  const date = new Date(time * 1000);
  // TickMarkType: 0 Year, 1 Month, 2 DayOfMonth, 3 Time, 4 TimeWithSeconds.
  switch (tickMarkType) {
    case 0:
      return String(date.getFullYear());
    case 1:
      return MONTHS[date.getMonth()] ?? '';
    case 2:
      return `${MONTHS[date.getMonth()] ?? ''} ${date.getDate()}`;
    case 4:
      return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
    default:
      return `${pad(date.getHours())}:${pad(date.getMinutes())}`;
  }
}

function crosshairTime(time: Time): string {
  if (typeof time !== 'number') return String(time);
  const date = new Date(time * 1000);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/**
 * The candlestick + volume chart, driven imperatively: React decides what to show, this
 * class decides how to draw it. History is set once per load; live bars are queued and
 * applied in one animation frame, the newest state of each bar only, so a burst of events
 * costs one repaint.
 */
export class CandleChart {
  private readonly chart: IChartApi;
  private readonly candles: ISeriesApi<'Candlestick'>;
  private readonly volume: ISeriesApi<'Histogram'>;
  private readonly markers: ISeriesMarkersPluginApi<Time>;
  private readonly pending = new Map<number, BarUpdate>();
  private frame: number | null = null;
  /** Open time of the newest bar on the chart; null until history is loaded. */
  private lastTime: number | null = null;
  private lastBar: LegendBar | null = null;
  private barCount = 0;
  private hovering = false;
  private disposed = false;
  private fills: readonly Fill[] = [];

  constructor(
    container: HTMLElement,
    private readonly options: CandleChartOptions,
  ) {
    this.chart = createChart(container, {
      autoSize: true,
      layout: {
        background: { type: ColorType.Solid, color: chartColors.background },
        textColor: chartColors.text,
        fontSize: 11,
        fontFamily: chartFont,
        // The TradingView attribution the library's licence asks for.
        attributionLogo: true,
        panes: { separatorColor: chartColors.border, separatorHoverColor: chartColors.crosshair },
      },
      grid: {
        vertLines: { color: chartColors.grid },
        horzLines: { color: chartColors.grid },
      },
      crosshair: {
        mode: CrosshairMode.Normal,
        vertLine: { color: chartColors.crosshair, labelBackgroundColor: '#2a3140' },
        horzLine: { color: chartColors.crosshair, labelBackgroundColor: '#2a3140' },
      },
      rightPriceScale: { borderColor: chartColors.border },
      timeScale: {
        borderColor: chartColors.border,
        timeVisible: true,
        secondsVisible: false,
        rightOffset: 4,
        tickMarkFormatter: tickMark,
      },
      localization: { timeFormatter: crosshairTime },
    });

    this.candles = this.chart.addSeries(CandlestickSeries, {
      upColor: chartColors.up,
      downColor: chartColors.down,
      borderVisible: false,
      wickUpColor: chartColors.up,
      wickDownColor: chartColors.down,
    });
    // Volume in its own pane below the candles, so it never hides price action.
    this.volume = this.chart.addSeries(
      HistogramSeries,
      { priceFormat: { type: 'volume' }, priceLineVisible: false, lastValueVisible: false },
      1,
    );
    const [pricePane, volumePane] = this.chart.panes();
    pricePane?.setStretchFactor(4);
    volumePane?.setStretchFactor(1);

    this.markers = createSeriesMarkers(this.candles, []);
    this.chart.subscribeCrosshairMove(this.onCrosshairMove);
  }

  /** Price precision of the symbol on show. */
  setPrecision(decimals: number): void {
    this.candles.applyOptions({
      priceFormat: { type: 'price', precision: decimals, minMove: 1 / 10 ** decimals },
    });
  }

  /** Forget the current symbol: clears the series and any queued live bars. */
  clear(): void {
    this.pending.clear();
    this.lastTime = null;
    this.lastBar = null;
    this.barCount = 0;
    this.candles.setData([]);
    this.volume.setData([]);
    this.markers.setMarkers([]);
    this.emitLegend();
    this.options.onBarCount(0);
  }

  /**
   * Sets history. `resetView` scrolls to the newest bars (a new symbol); a reload of the
   * same symbol (after a reconnect) keeps where the user was looking.
   */
  load(columns: BarColumns, resetView: boolean): void {
    const { candles, volumes } = columnsToSeries(columns);
    this.candles.setData(candles);
    this.volume.setData(volumes);
    this.barCount = candles.length;
    this.lastBar = lastLegendBar(columns);
    this.lastTime = this.lastBar?.time ?? null;
    if (resetView && candles.length > 0) {
      this.chart.timeScale().setVisibleLogicalRange({
        from: Math.max(0, candles.length - INITIAL_VISIBLE_BARS),
        to: candles.length + 3,
      });
    }
    this.markers.setMarkers(fillMarkers(this.fills));
    this.options.onBarCount(this.barCount);
    this.emitLegend();
    // Bars that arrived while history was loading.
    this.flush();
  }

  /** Queues live bars; they are drawn on the next animation frame. */
  queue(updates: readonly BarUpdate[]): void {
    for (const update of updates) {
      if (update.timeframe === '1m') this.pending.set(update.t, update);
    }
    if (this.frame === null && !this.disposed) {
      this.frame = requestAnimationFrame(() => {
        this.frame = null;
        this.flush();
      });
    }
  }

  /** Fill arrows; kept across reloads and drawn once there are bars to attach them to. */
  setFills(fills: readonly Fill[]): void {
    this.fills = fills;
    if (this.lastTime !== null) this.markers.setMarkers(fillMarkers(fills));
  }

  dispose(): void {
    this.disposed = true;
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    this.chart.unsubscribeCrosshairMove(this.onCrosshairMove);
    this.chart.remove();
  }

  private flush(): void {
    // Until history is in, keep live bars: setting them first would make history "older data".
    if (this.lastTime === null || this.pending.size === 0) return;
    const times = [...this.pending.keys()].sort((a, b) => a - b);
    let previousClose = this.lastBar?.previousClose ?? null;
    for (const time of times) {
      const bar = this.pending.get(time);
      // The library only accepts updates to the newest bar or later ones.
      if (!bar || time < this.lastTime) continue;
      if (time > this.lastTime) {
        previousClose = this.lastBar?.close ?? null;
        this.barCount += 1;
      }
      this.candles.update(candleBar(bar));
      this.volume.update(volumeBar(bar.t, bar.o, bar.c, bar.v));
      this.lastTime = time;
      this.lastBar = { time, open: bar.o, high: bar.h, low: bar.l, close: bar.c, volume: bar.v, previousClose };
    }
    this.pending.clear();
    this.options.onBarCount(this.barCount);
    if (!this.hovering) this.emitLegend();
  }

  private emitLegend(): void {
    this.options.onLegend(this.lastBar, false);
  }

  private readonly onCrosshairMove = (param: MouseEventParams<Time>): void => {
    const candle = param.seriesData.get(this.candles) as CandlestickData<Time> | undefined;
    if (param.time === undefined || !candle || typeof candle.time !== 'number') {
      this.hovering = false;
      this.emitLegend();
      return;
    }
    this.hovering = true;
    const volume = param.seriesData.get(this.volume) as HistogramData<Time> | undefined;
    const logical = param.logical;
    const previous =
      logical !== undefined && logical > 0
        ? (this.candles.dataByIndex(logical - 1) as CandlestickData<Time> | null)
        : null;
    this.options.onLegend(
      {
        time: candle.time,
        open: candle.open,
        high: candle.high,
        low: candle.low,
        close: candle.close,
        volume: volume?.value ?? 0,
        previousClose: previous?.close ?? null,
      },
      true,
    );
  };
}
