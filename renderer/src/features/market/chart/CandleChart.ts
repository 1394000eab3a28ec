import {
  CandlestickSeries,
  ColorType,
  CrosshairMode,
  HistogramSeries,
  LineSeries,
  LineStyle,
  createChart,
  createSeriesMarkers,
  type IChartApi,
  type ISeriesApi,
  type ISeriesMarkersPluginApi,
  type LogicalRange,
  type MouseEventParams,
  type Time,
} from 'lightweight-charts';
import type { BarColumns, BarUpdate, Fill, IndicatorSpec, Timeframe } from '../../../../../shared/contract';
import { indicatorDef, indicatorId, indicatorLabel } from '../lib/indicatorSpecs';
import { isIntraday } from '../lib/timeframes';
import {
  candleAt,
  candleData,
  columnsFrom,
  concatColumns,
  emptyColumns,
  fillMarkers,
  legendBarAt,
  lineData,
  linePoint,
  pushBar,
  rowsBefore,
  setBar,
  signedHistogramData,
  signedHistogramPoint,
  volumeAt,
  volumeData,
  type Columns,
  type LegendBar,
} from './chartData';
import { chartColors, chartFont, indicatorPalette, secondaryLine } from './chartTheme';
import { IndicatorRunner, type SessionKeyOf } from './indicatorRunner';

/** Bars in view when a symbol or timeframe is first shown. */
const INITIAL_VISIBLE_BARS = 120;
/** Older history is asked for when fewer bars than this are left of the view. */
const OLDER_THRESHOLD_BARS = 40;
/** After a failed request for older bars, scrolling asks again no sooner than this. */
const OLDER_RETRY_MS = 5_000;
/**
 * Share of the main thread live updates may take. lightweight-charts 5 does work in
 * proportion to a series' length on every update() (it rebuilds the series' index), so with
 * 100k bars and a few indicators one flush can take longer than a frame; the chart then
 * flushes every few frames instead of every frame, keeping the page responsive.
 */
const LIVE_UPDATE_SHARE = 0.25;
/** However slow a flush, live bars wait no longer than this. */
const MAX_FLUSH_WAIT_MS = 250;
/**
 * Bars handed to the library at first, and added per step as the user scrolls back. The
 * chart keeps every bar (and every indicator value) in its columns; the library gets a
 * window of the newest ones, because lightweight-charts 5 rebuilds each series' drawing data
 * in full after any change, so a live update costs in proportion to the series' length.
 */
const DEFAULT_SERIES_WINDOW = 3_000;
/** A window grown this far beyond the default is trimmed back once the user returns to the newest bars. */
const TRIM_FACTOR = 2;
const TRIM_DELAY_MS = 1_000;

export interface IndicatorReading {
  id: string;
  label: string;
  color: string;
  /** Drawn on the price scale (its values are prices). */
  overlay: boolean;
  /** Output names (e.g. macd, signal, histogram) and their values at the bar. */
  names: readonly string[];
  values: number[];
}

export interface ChartLegendState {
  /** The bar under the crosshair, or the newest bar when the pointer is away. */
  bar: LegendBar | null;
  /** True while the crosshair is over a bar (the legend then describes that bar). */
  hovering: boolean;
  indicators: IndicatorReading[];
}

export interface CandleChartOptions {
  onLegend(state: ChartLegendState): void;
  /**
   * How many bars the chart holds, after each load, prepend and new bar, and their timeframe
   * (null until the history of the current timeframe is loaded).
   */
  onBarCount(count: number, timeframe: Timeframe | null): void;
  /** Indicator settings the indicators refused (null once they are fine again). */
  onIndicatorError?(message: string | null): void;
  /**
   * The user scrolled close to the oldest loaded bar: fetch bars before `firstTime` (epoch
   * seconds) and hand them to `prepend`, or call `olderFailed`.
   */
  onNeedOlder?(firstTime: number): void;
  /** How many fill markers are drawn. */
  onMarkerCount?(count: number): void;
  /** Bars given to the library at first (default 3,000); Infinity gives it every bar. */
  seriesWindow?: number;
}

type IndicatorSeries = ISeriesApi<'Line'> | ISeriesApi<'Histogram'>;

interface ActiveIndicator {
  id: string;
  label: string;
  color: string;
  runner: IndicatorRunner;
  /** One series per runner output, same order. */
  series: IndicatorSeries[];
  /** Per output: drawn as a histogram (MACD's) rather than a line. */
  histogram: boolean[];
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

/** A calendar day in UTC: crypto's session (used until the chart is told the market's). */
const utcDay: SessionKeyOf = (t) => Math.floor(t / 86_400);

/**
 * The candlestick chart with volume, indicators and fill markers, driven imperatively: React
 * decides what to show, this class decides how to draw it.
 *
 * - History is set in one go per load; older history is prepended when the user scrolls
 *   close to the oldest bar (the view stays on the bars the user was looking at).
 * - Live bars are queued and applied on the next animation frame, the newest state of each
 *   bar only: a burst of events costs each series one `update()` per frame. (A frame that
 *   carries both the close of one bar and the start of the next updates each of the two bars
 *   once.) When flushes get expensive (very long histories) they run every few frames, so
 *   live updates never take more than a quarter of the main thread.
 * - Indicators run on the shared incremental classes (see IndicatorRunner): overlays on the
 *   price pane, oscillators (RSI, MACD, ATR) in panes of their own below the volume.
 */
export class CandleChart {
  private readonly chart: IChartApi;
  private readonly candles: ISeriesApi<'Candlestick'>;
  private readonly volume: ISeriesApi<'Histogram'>;
  private readonly markers: ISeriesMarkersPluginApi<Time>;
  private readonly pending = new Map<number, BarUpdate>();
  private frame: number | null = null;
  /** Average cost of one flush and its drawing (ms), and when the next flush may run (performance.now()). */
  private flushCostMs = 0;
  private nextFlushAt = 0;
  /** True while the cost of the last flush's drawing is being measured. */
  private measuring = false;
  private columns: Columns = emptyColumns();
  /** Index in `columns` of the first bar the series hold (see DEFAULT_SERIES_WINDOW). */
  private offset = 0;
  private readonly windowSize: number;
  private trimTimer: ReturnType<typeof setTimeout> | null = null;
  /** True once history was loaded (possibly empty): live bars are drawn from then on. */
  private loaded = false;
  private timeframe: Timeframe = '1m';
  private indicators: ActiveIndicator[] = [];
  private specs: readonly IndicatorSpec[] = [];
  private sessionKey: SessionKeyOf = utcDay;
  private olderState: 'idle' | 'loading' | 'complete' = 'idle';
  private olderRetryAt = 0;
  private hoverIndex: number | null = null;
  private disposed = false;
  private fills: readonly Fill[] = [];
  private markerCount = 0;
  /** Newest fill time (epoch seconds), to redraw markers when a bar that holds it appears. */
  private newestFillSec = -Infinity;

  constructor(
    container: HTMLElement,
    private readonly options: CandleChartOptions,
  ) {
    this.windowSize = Math.max(INITIAL_VISIBLE_BARS * 2, options.seriesWindow ?? DEFAULT_SERIES_WINDOW);
    this.chart = createChart(container, {
      autoSize: true,
      layout: {
        background: { type: ColorType.Solid, color: chartColors.background },
        textColor: chartColors.text,
        fontSize: 11,
        fontFamily: chartFont,
        // The TradingView attribution the library's licence asks for (drawn in the bottom pane).
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
    this.layoutPanes();

    this.markers = createSeriesMarkers(this.candles, []);
    this.chart.subscribeCrosshairMove(this.onCrosshairMove);
    this.chart.timeScale().subscribeVisibleLogicalRangeChange(this.onVisibleRangeChange);
  }

  /** Price precision of the symbol on show (candles and price overlays). */
  setPrecision(decimals: number): void {
    const priceFormat = { type: 'price' as const, precision: decimals, minMove: 1 / 10 ** decimals };
    this.candles.applyOptions({ priceFormat });
    for (const indicator of this.indicators) {
      if (indicatorDef(indicator.runner.spec.type).placement !== 'overlay') continue;
      for (const series of indicator.series) series.applyOptions({ priceFormat });
    }
  }

  /** The timeframe whose live bars are drawn; clears the chart (history comes with `load`). */
  setTimeframe(timeframe: Timeframe): void {
    if (timeframe === this.timeframe) return;
    this.timeframe = timeframe;
    this.chart.applyOptions({ timeScale: { timeVisible: isIntraday(timeframe) } });
    this.clear();
  }

  /** How bars are grouped into sessions (VWAP restarts with each). */
  setSessionKey(sessionKey: SessionKeyOf): void {
    if (sessionKey === this.sessionKey) return;
    this.sessionKey = sessionKey;
    if (this.specs.some((spec) => spec.type === 'vwap')) this.rebuildIndicators();
  }

  /**
   * The indicators to draw, with their settings. Settings an indicator refuses (the editor
   * checks them first) are reported through onIndicatorError and leave the chart as it was.
   */
  setIndicators(specs: readonly IndicatorSpec[]): void {
    const key = (list: readonly IndicatorSpec[]) => list.map((s, i) => `${indicatorId(s)}:${colorOf(s, i)}`).join('|');
    if (key(specs) === key(this.specs)) return;
    // Build the runners first: a refused setting leaves the chart as it was.
    let runners: IndicatorRunner[];
    try {
      runners = specs.map((spec) => new IndicatorRunner(spec, this.sessionKey));
    } catch (error) {
      this.options.onIndicatorError?.(error instanceof Error ? error.message : String(error));
      return;
    }
    this.options.onIndicatorError?.(null);
    this.specs = specs;
    this.rebuildIndicators(runners);
  }

  /** Forget the bars on show: clears the series and any queued live bars. */
  clear(): void {
    this.pending.clear();
    this.columns = emptyColumns();
    this.offset = 0;
    this.loaded = false;
    this.olderState = 'idle';
    this.hoverIndex = null;
    this.candles.setData([]);
    this.volume.setData([]);
    for (const indicator of this.indicators) {
      indicator.runner.recompute(this.columns);
      for (const series of indicator.series) series.setData([]);
    }
    this.drawMarkers();
    this.options.onBarCount(0, null);
    this.emitLegend();
  }

  /**
   * Sets history. 'reset' shows the newest bars (a new symbol or timeframe); 'refresh' (the
   * same data read again, e.g. after a reconnect) keeps the older history scrolled in before
   * and where the user was looking.
   */
  load(bars: BarColumns, mode: 'reset' | 'refresh'): void {
    const incoming = columnsFrom(bars);
    const first = incoming.t[0];
    const shown = this.columns.t.length - this.offset;
    if (mode === 'refresh' && first !== undefined && this.columns.t.length > 0) {
      this.columns = concatColumns(rowsBefore(this.columns, first), incoming);
    } else {
      this.columns = incoming;
      this.olderState = 'idle';
    }
    const n = this.columns.t.length;
    this.offset = Math.max(0, n - (mode === 'refresh' ? Math.max(shown, this.windowSize) : this.windowSize));
    this.loaded = true;
    this.recomputeIndicators();
    this.setSeriesData();
    const windowLength = n - this.offset;
    if (mode === 'reset' && windowLength > 0) {
      this.chart.timeScale().setVisibleLogicalRange({ from: Math.max(0, windowLength - INITIAL_VISIBLE_BARS), to: windowLength + 3 });
    }
    // Bars that arrived while history was loading.
    this.flush();
  }

  /**
   * Older bars, from the request `onNeedOlder` asked for. Rows at or after the oldest loaded
   * bar are ignored; none left means the history is complete. Returns the bars added.
   */
  prepend(bars: BarColumns): number {
    const first = this.columns.t[0];
    if (first === undefined) return 0;
    const older = columnsFrom(bars, first);
    const added = older.t.length;
    if (added === 0) {
      this.olderState = 'complete';
      return 0;
    }
    this.columns = concatColumns(older, this.columns);
    // Older bars are asked for only once the window reaches the first bar: it grows to hold them.
    this.offset = 0;
    this.recomputeIndicators();
    this.keepingView(added, () => this.setSeriesData());
    this.olderState = 'idle';
    this.checkOlder(this.chart.timeScale().getVisibleLogicalRange());
    return added;
  }

  /** The request for older bars failed; scrolling asks again a little later. */
  olderFailed(): void {
    if (this.olderState === 'loading') this.olderState = 'idle';
    this.olderRetryAt = performance.now() + OLDER_RETRY_MS;
  }

  /** Queues live bars; they are drawn on the next animation frame. */
  queue(updates: readonly BarUpdate[]): void {
    for (const update of updates) {
      if (update.timeframe === this.timeframe) this.pending.set(update.t, update);
    }
    if (this.frame === null && !this.disposed && this.pending.size > 0) this.frame = requestAnimationFrame(this.onFrame);
  }

  /** Fill arrows; kept across loads and drawn on the bars that hold them. */
  setFills(fills: readonly Fill[]): void {
    this.fills = fills;
    this.newestFillSec = fills.reduce((newest, fill) => Math.max(newest, fill.at / 1000), -Infinity);
    this.drawMarkers();
  }

  /** Bars held, for tests and the bench. */
  get barCount(): number {
    return this.columns.t.length;
  }

  /** Bars the library holds (the window), for the bench. */
  get seriesLength(): number {
    return this.columns.t.length - this.offset;
  }

  dispose(): void {
    this.disposed = true;
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    if (this.trimTimer !== null) clearTimeout(this.trimTimer);
    this.chart.unsubscribeCrosshairMove(this.onCrosshairMove);
    this.chart.timeScale().unsubscribeVisibleLogicalRangeChange(this.onVisibleRangeChange);
    this.chart.remove();
  }

  // ---- drawing ---------------------------------------------------------------------------

  private recomputeIndicators(): void {
    for (const indicator of this.indicators) indicator.runner.recompute(this.columns);
  }

  /** Hands the window of bars (from `offset` on) to every series. */
  private setSeriesData(): void {
    this.candles.setData(candleData(this.columns, this.offset));
    this.volume.setData(volumeData(this.columns, this.offset));
    for (const indicator of this.indicators) this.drawIndicator(indicator);
    this.drawMarkers();
    this.options.onBarCount(this.columns.t.length, this.timeframe);
    if (this.hoverIndex === null) this.emitLegend();
  }

  private drawIndicator(indicator: ActiveIndicator): void {
    const times = this.columns.t;
    indicator.series.forEach((series, k) => {
      const values = indicator.runner.values[k]!;
      if (indicator.histogram[k]) (series as ISeriesApi<'Histogram'>).setData(signedHistogramData(times, values, this.offset));
      else (series as ISeriesApi<'Line'>).setData(lineData(times, values, this.offset));
    });
  }

  /**
   * Runs a change that adds `shift` bars before the ones in view (or removes them, when
   * negative) and keeps the same bars in view: their logical indexes move by the shift.
   */
  private keepingView(shift: number, change: () => void): void {
    const timeScale = this.chart.timeScale();
    const view = timeScale.getVisibleLogicalRange();
    change();
    if (view && shift !== 0) timeScale.setVisibleLogicalRange({ from: view.from + shift, to: view.to + shift });
  }

  /** Shows more of the bars already held, before the window (no request). */
  private extendWindow(): void {
    const next = Math.max(0, this.offset - this.windowSize);
    const shift = this.offset - next;
    this.offset = next;
    this.keepingView(shift, () => this.setSeriesData());
  }

  /**
   * Back at the newest bars after a long scroll back: hands the library the default window
   * again, so live updates are cheap again. Waits until the view has been still a moment.
   */
  private scheduleTrim(range: LogicalRange): void {
    const windowLength = this.columns.t.length - this.offset;
    if (windowLength <= this.windowSize * TRIM_FACTOR || range.from < windowLength - this.windowSize + INITIAL_VISIBLE_BARS) return;
    if (this.trimTimer !== null) clearTimeout(this.trimTimer);
    this.trimTimer = setTimeout(() => {
      this.trimTimer = null;
      const view = this.chart.timeScale().getVisibleLogicalRange();
      const length = this.columns.t.length - this.offset;
      if (this.disposed || !view || length <= this.windowSize * TRIM_FACTOR || view.from < length - this.windowSize + INITIAL_VISIBLE_BARS) return;
      const next = this.columns.t.length - this.windowSize;
      const shift = this.offset - next;
      this.offset = next;
      this.keepingView(shift, () => this.setSeriesData());
    }, TRIM_DELAY_MS);
  }

  private rebuildIndicators(runners?: IndicatorRunner[]): void {
    for (const indicator of this.indicators) for (const series of indicator.series) this.chart.removeSeries(series);
    const built = runners ?? this.specs.map((spec) => new IndicatorRunner(spec, this.sessionKey));
    const precision = this.candles.options().priceFormat;
    let nextPane = 2;
    this.indicators = built.map((runner, index) => {
      const spec = runner.spec;
      const color = colorOf(spec, index);
      const overlay = indicatorDef(spec.type).placement === 'overlay';
      const pane = overlay ? 0 : nextPane++;
      const line = (lineColor: string, extra: { lineStyle?: LineStyle; lineWidth?: 1 | 2; label?: boolean } = {}) =>
        this.chart.addSeries(
          LineSeries,
          {
            color: lineColor,
            lineWidth: extra.lineWidth ?? 1,
            lineStyle: extra.lineStyle ?? LineStyle.Solid,
            priceLineVisible: false,
            lastValueVisible: extra.label ?? true,
            crosshairMarkerVisible: false,
            ...(overlay && { priceFormat: precision }),
          },
          pane,
        );
      let series: IndicatorSeries[];
      let histogram: boolean[];
      if (spec.type === 'macd') {
        // The histogram first, so the lines are drawn over it.
        const bars = this.chart.addSeries(HistogramSeries, { priceLineVisible: false, lastValueVisible: false }, pane);
        series = [line(color, { lineWidth: 2 }), line(secondaryLine), bars];
        histogram = [false, false, true];
        series[0]!.createPriceLine({ price: 0, color: chartColors.guide, lineStyle: LineStyle.Dotted, lineWidth: 1, axisLabelVisible: false, title: '' });
      } else if (spec.type === 'bollinger') {
        // Only the middle band labels the price scale: three labels would bury the price's.
        series = [line(color, { label: false }), line(color, { lineStyle: LineStyle.Dashed }), line(color, { label: false })];
        histogram = [false, false, false];
      } else {
        const single = line(color, { lineWidth: overlay ? 2 : 1 });
        if (spec.type === 'rsi') {
          for (const price of [70, 30]) {
            single.createPriceLine({ price, color: chartColors.guide, lineStyle: LineStyle.Dashed, lineWidth: 1, axisLabelVisible: false, title: '' });
          }
        }
        series = [single];
        histogram = [false];
      }
      const indicator: ActiveIndicator = { id: indicatorId(spec), label: indicatorLabel(spec), color, runner, series, histogram };
      runner.recompute(this.columns);
      this.drawIndicator(indicator);
      return indicator;
    });
    this.layoutPanes();
    if (this.hoverIndex === null) this.emitLegend();
  }

  /** Candles take most of the height; volume and each oscillator a strip below. */
  private layoutPanes(): void {
    const panes = this.chart.panes();
    const oscillators = panes.length - 2;
    panes[0]?.setStretchFactor(oscillators > 0 ? 3 : 4);
    panes[1]?.setStretchFactor(oscillators > 0 ? 0.7 : 1);
    for (const pane of panes.slice(2)) pane.setStretchFactor(1);
  }

  private drawMarkers(): void {
    const markers = fillMarkers(this.fills, this.columns.t, this.offset);
    this.markers.setMarkers(markers);
    if (markers.length !== this.markerCount) {
      this.markerCount = markers.length;
      this.options.onMarkerCount?.(markers.length);
    }
  }

  private flush(): void {
    // Until history is in, keep live bars: setting them first would make history "older data".
    if (!this.loaded || this.pending.size === 0) return;
    const times = [...this.pending.keys()].sort((a, b) => a - b);
    let firstNewBar = Infinity;
    for (const time of times) {
      const bar = this.pending.get(time)!;
      const n = this.columns.t.length;
      const lastTime = this.columns.t[n - 1];
      // The library only accepts updates to the newest bar or later ones.
      if (lastTime !== undefined && time < lastTime) continue;
      if (lastTime === undefined || time > lastTime) {
        pushBar(this.columns, bar);
        firstNewBar = Math.min(firstNewBar, time);
      } else {
        setBar(this.columns, n - 1, bar);
      }
      const last = this.columns.t.length - 1;
      this.candles.update(candleAt(this.columns, last));
      this.volume.update(volumeAt(this.columns, last));
      for (const indicator of this.indicators) {
        const values = indicator.runner.evaluateLast(this.columns);
        indicator.series.forEach((series, k) => {
          if (indicator.histogram[k]) (series as ISeriesApi<'Histogram'>).update(signedHistogramPoint(time, values[k]!));
          else (series as ISeriesApi<'Line'>).update(linePoint(time, values[k]!));
        });
      }
    }
    this.pending.clear();
    if (firstNewBar !== Infinity) {
      this.options.onBarCount(this.columns.t.length, this.timeframe);
      // A fill drawn on the previous newest bar may belong to a bar that just appeared.
      if (this.newestFillSec >= firstNewBar) this.drawMarkers();
    }
    if (this.hoverIndex === null) this.emitLegend();
  }

  private emitLegend(): void {
    const index = this.hoverIndex ?? this.columns.t.length - 1;
    this.options.onLegend({
      bar: legendBarAt(this.columns, index),
      hovering: this.hoverIndex !== null,
      indicators: this.indicators.map((indicator) => ({
        id: indicator.id,
        label: indicator.label,
        color: indicator.color,
        overlay: indicatorDef(indicator.runner.spec.type).placement === 'overlay',
        names: indicator.runner.outputs,
        values: indicator.runner.valuesAt(index),
      })),
    });
  }

  private checkOlder(range: LogicalRange | null): void {
    if (!range || this.disposed || !this.loaded) return;
    this.scheduleTrim(range);
    if (range.from > OLDER_THRESHOLD_BARS) return;
    if (this.offset > 0) {
      this.extendWindow();
      return;
    }
    if (this.olderState !== 'idle' || !this.options.onNeedOlder) return;
    const first = this.columns.t[0];
    if (first === undefined || performance.now() < this.olderRetryAt) return;
    this.olderState = 'loading';
    this.options.onNeedOlder(first);
  }

  /**
   * One coalesced flush per animation frame, or every few frames when flushes are expensive
   * (see LIVE_UPDATE_SHARE): the queue keeps only the newest state of each bar meanwhile.
   */
  private readonly onFrame = (): void => {
    this.frame = null;
    if (this.disposed || this.pending.size === 0) return;
    const started = performance.now();
    if (this.measuring || started < this.nextFlushAt) {
      this.frame = requestAnimationFrame(this.onFrame);
      return;
    }
    this.flush();
    const flushCost = performance.now() - started;
    // The library draws the new data in its own animation frame callback, registered during
    // the flush; a callback registered now runs right after it in the next frame, so the time
    // since that frame began is the drawing's cost.
    this.measuring = true;
    requestAnimationFrame((frameStart) => {
      this.measuring = false;
      const now = performance.now();
      const cost = flushCost + Math.max(0, now - frameStart);
      this.flushCostMs = this.flushCostMs === 0 ? cost : this.flushCostMs * 0.8 + cost * 0.2;
      this.nextFlushAt = now + Math.min(MAX_FLUSH_WAIT_MS, this.flushCostMs * (1 / LIVE_UPDATE_SHARE - 1));
    });
  };

  private readonly onVisibleRangeChange = (range: LogicalRange | null): void => {
    this.checkOlder(range);
  };

  private readonly onCrosshairMove = (param: MouseEventParams<Time>): void => {
    const logical = param.logical;
    const index = logical === undefined ? -1 : this.offset + Math.round(logical);
    const hovering = param.time !== undefined && index >= this.offset && index < this.columns.t.length;
    const next = hovering ? index : null;
    if (next === this.hoverIndex && !hovering) return;
    this.hoverIndex = next;
    this.emitLegend();
  };
}

/** The saved color of an indicator, or the palette's for its place in the list. */
function colorOf(spec: IndicatorSpec, index: number): string {
  return spec.color ?? indicatorPalette[index % indicatorPalette.length]!;
}
