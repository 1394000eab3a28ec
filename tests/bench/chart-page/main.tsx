/**
 * The chart bench page: the app's own CandleChart (not a copy), driven by tests/bench/chart.ts
 * through `window.chartBench`. No React: what is measured is the chart code path the trading
 * view uses (columns -> series, the per-frame coalescing of live bars, the indicators).
 *
 * A .tsx file on purpose: tsconfig.node.json type-checks tests/bench/**\/*.ts under Node's
 * libraries, and this is browser code (see tsconfig.json in this folder).
 */
import type { BarColumns, BarUpdate, IndicatorSpec } from '../../../shared/contract';
import { CandleChart } from '../../../renderer/src/features/market/chart/CandleChart';

export interface FirstPaintResult {
  ms: number;
  /** Bars the chart holds (all of them, with their indicator values). */
  bars: number;
  /** Bars handed to the library. */
  seriesBars: number;
}

export interface UpdateStep {
  /** Updates offered per second by the producer. */
  offeredPerSec: number;
  /** Updates that reached the chart's queue and were drawn, per second. */
  landedPerSec: number;
  fps: number;
  /** How often the live bar was redrawn (coalesced flushes) per second. */
  redrawsPerSec: number;
  /** 95th percentile of the chart's work in one frame (the coalesced flush of every series and indicator, and the library's drawing), ms. */
  frameWorkP95Ms: number;
}

export interface ChartBench {
  /** `fullSeries`: hand the library every bar instead of the chart's window of the newest. */
  firstPaint(bars: number, withIndicators: boolean, fullSeries: boolean): Promise<FirstPaintResult>;
  updates(bars: number, rates: readonly number[], stepMs: number, withIndicators: boolean): Promise<UpdateStep[]>;
}

const INDICATORS: IndicatorSpec[] = [
  { type: 'sma', params: { period: 50 } },
  { type: 'ema', params: { period: 20 } },
  { type: 'bollinger', params: { period: 20, k: 2 } },
  { type: 'rsi', params: { period: 14 } },
  { type: 'macd', params: { fast: 12, slow: 26, signal: 9 } },
];

/** A seeded random walk of 1-minute bars as market.bars sends them (the same bars every run). */
function makeBars(n: number, seed = 1): BarColumns {
  let s = seed >>> 0;
  const rnd = () => {
    s = (Math.imul(s, 1_103_515_245) + 12_345) >>> 0;
    return s / 2 ** 32;
  };
  const start = Date.UTC(2025, 0, 6) / 1000;
  const bars: BarColumns = { symbol: 'BENCH', timeframe: '1m', t: [], o: [], h: [], l: [], c: [], v: [] };
  let price = 100;
  for (let i = 0; i < n; i++) {
    const open = price;
    price *= 1 + (rnd() - 0.5) * 0.002;
    bars.t.push(start + i * 60);
    bars.o.push(open);
    bars.h.push(Math.max(open, price) * (1 + rnd() * 0.0005));
    bars.l.push(Math.min(open, price) * (1 - rnd() * 0.0005));
    bars.c.push(price);
    bars.v.push(Math.round(rnd() * 1_000));
  }
  return bars;
}

const container = document.getElementById('chart')!;

/** Resolves after the next frame has been painted (a task queued from the frame's rAF runs after its paint). */
function afterPaint(): Promise<void> {
  return new Promise((resolve) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve();
      channel.port2.postMessage(null);
    }),
  );
}

/** Coalesced flushes so far: the chart emits its legend once per flush. */
let flushes = 0;

function newChart(seriesWindow?: number): CandleChart {
  return new CandleChart(container, {
    onLegend: () => void flushes++,
    onBarCount: () => undefined,
    ...(seriesWindow !== undefined && { seriesWindow }),
  });
}

const bench: ChartBench = {
  async firstPaint(n, withIndicators, fullSeries) {
    const bars = makeBars(n);
    await afterPaint();
    const started = performance.now();
    const chart = newChart(fullSeries ? Infinity : undefined);
    if (withIndicators) chart.setIndicators(INDICATORS);
    chart.load(bars, 'reset');
    await afterPaint();
    const ms = performance.now() - started;
    const result = { ms, bars: chart.barCount, seriesBars: chart.seriesLength };
    chart.dispose();
    return result;
  },

  async updates(n, rates, stepMs, withIndicators) {
    const history = makeBars(n);
    const chart = newChart();
    if (withIndicators) chart.setIndicators(INDICATORS);
    chart.load(history, 'reset');
    await afterPaint();

    // The chart's work per frame: CandleChart flushes its queue in an animation frame callback
    // and the library draws in one, so every callback is timed.
    const flushTimes: number[] = [];
    const originalRaf = window.requestAnimationFrame.bind(window);
    window.requestAnimationFrame = (callback) =>
      originalRaf((time) => {
        const t0 = performance.now();
        callback(time);
        flushTimes.push(performance.now() - t0);
      });

    let barTime = history.t.at(-1)!;
    let price = history.c.at(-1)!;
    let high = price;
    let low = price;
    let volume = 0;
    let sinceNewBar = 0;
    const nextUpdate = (): BarUpdate => {
      // A new bar every 500 updates; otherwise the forming bar moves.
      if (++sinceNewBar >= 500) {
        sinceNewBar = 0;
        barTime += 60;
        high = low = price;
        volume = 0;
      }
      price *= 1 + (Math.random() - 0.5) * 0.0004;
      high = Math.max(high, price);
      low = Math.min(low, price);
      volume += 1;
      return { symbol: 'BENCH', timeframe: '1m', t: barTime, o: price, h: high, l: low, c: price, v: volume, closed: false };
    };

    const steps: UpdateStep[] = [];
    for (const rate of rates) {
      flushTimes.length = 0;
      let frames = 0;
      let counting = true;
      const countFrame = () => {
        frames++;
        if (counting) originalRaf(countFrame);
      };
      originalRaf(countFrame);
      let offered = 0;
      const flushesBefore = flushes;
      const started = performance.now();
      // The producer: events arrive as tasks (like WebSocket messages), each a batch of the
      // bar updates due by now at the offered rate; rendering runs between tasks.
      await new Promise<void>((resolve) => {
        const channel = new MessageChannel();
        const produce = () => {
          const now = performance.now();
          if (now - started >= stepMs) {
            resolve();
            return;
          }
          const due = Math.floor(((now - started) / 1000) * rate) - offered;
          if (due > 0) {
            const batch = new Array<BarUpdate>(due);
            for (let i = 0; i < due; i++) batch[i] = nextUpdate();
            chart.queue(batch);
            offered += due;
          }
          channel.port2.postMessage(null);
        };
        channel.port1.onmessage = produce;
        produce();
      });
      const elapsed = (performance.now() - started) / 1000;
      counting = false;
      await afterPaint();
      const sorted = [...flushTimes].sort((a, b) => a - b);
      steps.push({
        offeredPerSec: rate,
        landedPerSec: offered / elapsed,
        fps: frames / elapsed,
        redrawsPerSec: (flushes - flushesBefore) / elapsed,
        frameWorkP95Ms: sorted[Math.max(0, Math.ceil(sorted.length * 0.95) - 1)] ?? Number.NaN,
      });
    }
    window.requestAnimationFrame = originalRaf;
    chart.dispose();
    return steps;
  },
};

(window as unknown as { chartBench: ChartBench }).chartBench = bench;
document.title = 'ready';
