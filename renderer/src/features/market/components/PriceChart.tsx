import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { Fill, IndicatorSpec, Timeframe } from '../../../../../shared/contract';
import { describeError, isApiError } from '../../../api';
import { useBars, type BarsRequest } from '../api/getBars';
import { useInstrument } from '../api/getInstruments';
import { fetchOlderBars } from '../api/getOlderBars';
import { subscribeToBars } from '../api/liveBarFeed';
import { useLiveSubscription } from '../api/liveSubscriptions';
import type { ChartSession } from '../api/marketKeys';
import { CandleChart, type ChartLegendState } from '../chart/CandleChart';
import { newYorkSessionKey, utcSessionKey } from '../chart/sessionKeys';
import { useChartSettings } from '../hooks/useChartSettings';
import { useTimeframeKeys } from '../hooks/useTimeframeKeys';
import { isValidSpec } from '../lib/indicatorSpecs';
import { timeframeName } from '../lib/timeframes';
import { ChartLegend } from './ChartLegend';
import { ChartToolbar } from './ChartToolbar';
import { IndicatorEditor } from './IndicatorEditor';
import '../market.css';

interface PriceChartProps {
  symbol: string;
  /** Price decimals of the symbol (from its tick size). */
  decimals: number;
  /** The user's fills on this symbol, drawn as arrows. */
  fills: readonly Fill[];
  /** "sample" (the paper session's market) or a connection id. */
  source?: string;
  /** Which saved layout this chart restores and saves. */
  layoutKey?: string;
}

const NO_LEGEND: ChartLegendState = { bar: null, hovering: false, indicators: [] };
const NO_INDICATORS: IndicatorSpec[] = [];

const requestKey = (r: BarsRequest) => `${r.source}|${r.symbol}|${r.timeframe}|${r.session}`;

/**
 * Candles and volume for one symbol in the chosen timeframe, with indicators, fill markers,
 * live updates and older history as the user scrolls back. Timeframe, session and
 * indicators are restored from the saved layout and saved as they change.
 */
export function PriceChart({ symbol, decimals, fills, source = 'sample', layoutKey = 'main' }: PriceChartProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const [chart, setChart] = useState<CandleChart | null>(null);
  const [legend, setLegend] = useState<ChartLegendState>(NO_LEGEND);
  const [shown, setShown] = useState<{ count: number; timeframe: Timeframe | null }>({ count: 0, timeframe: null });
  const barCount = shown.count;
  const [markerCount, setMarkerCount] = useState(0);
  const [editorOpen, setEditorOpen] = useState(false);
  const [olderStatus, setOlderStatus] = useState<{ loading: boolean; error: unknown }>({ loading: false, error: null });
  const [indicatorError, setIndicatorError] = useState<string | null>(null);

  const instrument = useInstrument(source === 'sample' ? symbol : null);
  const assetClass = instrument?.assetClass ?? (symbol.includes('/') ? 'crypto' : 'us_equity');
  const { settings, update, restoreError, saveError } = useChartSettings(layoutKey, source, symbol);
  const timeframe: Timeframe = settings?.timeframe ?? '1m';
  const session: ChartSession = settings?.session ?? 'regular';
  const indicators = settings?.indicators ?? NO_INDICATORS;
  const request: BarsRequest = { source, symbol, timeframe, session };
  const key = requestKey(request);
  const bars = useBars(request, settings !== null);
  const live = useLiveSubscription(source, symbol, { trades: false, book: false });

  /** What the series hold (request key), to tell a new request from a reload of the same one. */
  const shownKey = useRef<string | null>(null);
  const latestRequest = useRef(request);
  useEffect(() => {
    latestRequest.current = request;
  });

  const chartRef = useRef<CandleChart | null>(null);

  const onNeedOlder = useCallback((firstTime: number) => {
    const asked = latestRequest.current;
    const askedKey = requestKey(asked);
    setOlderStatus({ loading: true, error: null });
    fetchOlderBars(asked, firstTime).then(
      (older) => {
        if (shownKey.current !== askedKey) return;
        chartRef.current?.prepend(older);
        setOlderStatus({ loading: false, error: null });
      },
      (error: unknown) => {
        if (shownKey.current !== askedKey) return;
        chartRef.current?.olderFailed();
        setOlderStatus({ loading: false, error });
      },
    );
  }, []);

  useLayoutEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const created = new CandleChart(container, {
      onLegend: setLegend,
      onBarCount: (count, loaded) => setShown({ count, timeframe: loaded }),
      onIndicatorError: setIndicatorError,
      onMarkerCount: setMarkerCount,
      onNeedOlder,
    });
    chartRef.current = created;
    setChart(created);
    return () => {
      created.dispose();
      chartRef.current = null;
      shownKey.current = null;
      setChart(null);
    };
  }, [onNeedOlder]);

  useEffect(() => {
    chart?.setPrecision(decimals);
  }, [chart, decimals]);

  useEffect(() => {
    chart?.setSessionKey(assetClass === 'crypto' ? utcSessionKey : newYorkSessionKey);
  }, [chart, assetClass]);

  // Another symbol, timeframe or session: clear, and wait for its history.
  useEffect(() => {
    if (!chart || shownKey.current === key) return;
    chart.setTimeframe(timeframe);
    chart.clear();
    shownKey.current = null;
    setOlderStatus({ loading: false, error: null });
  }, [chart, key, timeframe]);

  // Live bars for this symbol, queued even before history arrives so none is lost.
  useEffect(() => {
    if (!chart) return;
    return subscribeToBars(symbol, (updates) => chart.queue(updates));
  }, [chart, symbol]);

  useEffect(() => {
    const data = bars.data;
    if (!chart || !data || data.symbol !== symbol || data.timeframe !== timeframe) return;
    chart.load(data, shownKey.current === key ? 'refresh' : 'reset');
    shownKey.current = key;
  }, [chart, bars.data, symbol, timeframe, key]);

  useEffect(() => {
    chart?.setIndicators(indicators.filter(isValidSpec));
  }, [chart, indicators]);

  useEffect(() => {
    chart?.setFills(fills);
  }, [chart, fills]);

  const chooseTimeframe = useCallback((next: Timeframe) => update({ timeframe: next }), [update]);
  useTimeframeKeys(settings ? chooseTimeframe : () => undefined);

  const status = !settings
    ? 'Loading the chart layout…'
    : bars.isPending
      ? `Loading ${symbol} ${timeframe} bars…`
      : bars.isError
        ? null
        : barCount === 0
          ? `No ${timeframe} bars for ${symbol} yet.${source === 'sample' ? ' The sample market adds one every few seconds.' : ' Backfill its history in the Data view.'}`
          : null;

  const notes: Array<{ text: string; tone: 'info' | 'warning' }> = [];
  if (olderStatus.loading) notes.push({ text: 'Loading older bars…', tone: 'info' });
  if (olderStatus.error) notes.push({ text: `Older bars unavailable: ${describeError(olderStatus.error)}`, tone: 'warning' });
  if (live.status === 'failed') notes.push({ text: `Live updates unavailable: ${describeLiveError(live.error)}`, tone: 'warning' });
  if (restoreError) notes.push({ text: `Saved layout not restored: ${describeError(restoreError)}`, tone: 'warning' });
  if (saveError) notes.push({ text: `Layout not saved: ${describeError(saveError)}`, tone: 'warning' });
  if (indicatorError) notes.push({ text: indicatorError, tone: 'warning' });

  return (
    <div className="chart-view">
      <ChartToolbar
        timeframe={timeframe}
        onTimeframe={chooseTimeframe}
        // The sample market is a simulation trading around the clock: no session to choose.
        session={assetClass === 'us_equity' && source !== 'sample' ? session : null}
        onSession={(next) => update({ session: next })}
        indicatorCount={indicators.length}
        editorOpen={editorOpen}
        onToggleEditor={() => setEditorOpen((open) => !open)}
        notes={notes}
      />
      <div className="chart-view__stage">
        <ChartLegend symbol={symbol} timeframe={timeframe} legend={legend} decimals={decimals} />
        <div
          ref={containerRef}
          className="price-chart__canvas"
          role="img"
          aria-label={`${symbol} ${timeframeName(timeframe)} candlestick chart with volume`}
          data-testid="price-chart"
          data-bar-count={barCount}
          data-timeframe={shown.timeframe ?? ''}
          data-marker-count={markerCount}
        />
        {status ? (
          <div className="price-chart__overlay" role="status">
            {status}
          </div>
        ) : null}
        {bars.isError ? (
          <div className="price-chart__overlay price-chart__overlay--error" role="alert">
            <span>
              Could not load {symbol} {timeframe} bars: {describeError(bars.error)}
            </span>
            <button type="button" className="button button--small" onClick={() => void bars.refetch()}>
              Retry
            </button>
          </div>
        ) : null}
        {editorOpen && settings ? (
          <IndicatorEditor
            indicators={indicators}
            onChange={(next) => update({ indicators: next })}
            onClose={() => setEditorOpen(false)}
          />
        ) : null}
      </div>
    </div>
  );
}

function describeLiveError(error: unknown): string {
  if (isApiError(error) && error.code === 'UNAVAILABLE') return `${error.message} (the chart shows stored bars)`;
  return describeError(error);
}
