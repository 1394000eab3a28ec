import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { build } from 'vite';
import type { Figure } from './figures';

/**
 * chart_first_paint_100k_ms: from creating the chart to the first painted frame with 100,000
 * 1-minute bars (all held in columns, the newest 3,000 handed to the library: see
 * CandleChart's series window), median of cold page loads;
 * chart_first_paint_100k_indicators_ms: the same with five indicators (SMA, EMA, Bollinger,
 * RSI, MACD: three panes), computed over all 100,000 bars;
 * chart_first_paint_100k_full_series_ms: without the window (the library gets all 100,000
 * bars), for comparison.
 * chart_updates_per_s_at_50fps: the highest rate of live bar updates (batched into task-sized
 * events, as the socket delivers them) the chart absorbs while the page still paints at
 * least 50 frames per second, updates coalesced to one update() per series per frame; with
 * the same five indicators, so every update also moves their newest values.
 * chart_live_redraws_per_s_at_that_rate: how often the live bar was redrawn meanwhile (a flush
 * every frame, or every few frames when flushes are expensive: see CandleChart).
 * chart_frame_work_p95_ms: at that rate, the 95th percentile of the chart's work in one frame.
 *
 * Measured in Chromium (/usr/bin/chromium, the e2e tests' launch arguments) on a page built
 * with Vite from tests/bench/chart-page (the app's own CandleChart). Figures, not tests.
 */
const PAGE_DIR = resolve(import.meta.dirname, 'chart-page');
const EXECUTABLE = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Same as playwright.config.ts. */
const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const BARS = 100_000;
const PAINT_RUNS = 5;
const RATES = [1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000, 1_000_000];
const STEP_MS = 2_000;
const TARGET_FPS = 50;

interface FirstPaintResult {
  ms: number;
  bars: number;
  seriesBars: number;
}

interface UpdateStep {
  offeredPerSec: number;
  landedPerSec: number;
  fps: number;
  redrawsPerSec: number;
  frameWorkP95Ms: number;
}

/** What the page puts on window (see chart-page/main.tsx). */
interface BenchWindow {
  chartBench: {
    firstPaint(bars: number, withIndicators: boolean, fullSeries: boolean): Promise<FirstPaintResult>;
    updates(bars: number, rates: readonly number[], stepMs: number, withIndicators: boolean): Promise<UpdateStep[]>;
  };
}

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

function serve(dir: string): Promise<Server> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname));
    const file = join(dir, path === '/' ? 'index.html' : path);
    if (!file.startsWith(dir) || !statSync(file, { throwIfNoEntry: false })?.isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const round = (value: number) => Math.round(value * 10) / 10;

export async function benchChart(): Promise<Figure[]> {
  const outDir = mkdtempSync(join(tmpdir(), 'tw-bench-chart-'));
  let server: Server | null = null;
  let browser: Browser | null = null;
  try {
    await build({ root: PAGE_DIR, configFile: false, logLevel: 'warn', build: { outDir, emptyOutDir: true, minify: true } });
    server = await serve(outDir);
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    browser = await chromium.launch({ executablePath: EXECUTABLE, args: LAUNCH_ARGS });
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const open = async () => {
      await page.goto(url);
      await page.waitForFunction(() => (globalThis as unknown as { document: { title: string } }).document.title === 'ready');
    };

    const firstPaint = async (withIndicators: boolean, fullSeries: boolean) => {
      const samples: number[] = [];
      for (let run = 0; run < PAINT_RUNS; run++) {
        await open();
        const result = await page.evaluate(
          ([bars, indicators, full]) => (globalThis as unknown as BenchWindow).chartBench.firstPaint(bars, indicators, full),
          [BARS, withIndicators, fullSeries] as const,
        );
        if (result.bars !== BARS) throw new Error(`the chart holds ${result.bars} bars, not ${BARS}`);
        samples.push(result.ms);
      }
      return median(samples);
    };
    const paintPlain = await firstPaint(false, false);
    const paintIndicators = await firstPaint(true, false);
    const paintFullSeries = await firstPaint(false, true);

    await open();
    const steps = await page.evaluate(
      ([bars, rates, stepMs]) => (globalThis as unknown as BenchWindow).chartBench.updates(bars, rates, stepMs, true),
      [BARS, RATES, STEP_MS] as const,
    );
    for (const step of steps) {
      process.stderr.write(
        `chart bench: offered ${step.offeredPerSec}/s landed ${Math.round(step.landedPerSec)}/s at ${step.fps.toFixed(1)} fps, ${step.redrawsPerSec.toFixed(1)} redraws/s, frame work p95 ${step.frameWorkP95Ms.toFixed(2)} ms\n`,
      );
    }
    const steady = steps.filter((step) => step.fps >= TARGET_FPS);
    const best = steady.reduce<UpdateStep | null>((top, step) => (!top || step.landedPerSec > top.landedPerSec ? step : top), null);

    return [
      { name: 'chart_first_paint_100k_ms', value: round(paintPlain), unit: 'ms' },
      { name: 'chart_first_paint_100k_indicators_ms', value: round(paintIndicators), unit: 'ms' },
      { name: 'chart_first_paint_100k_full_series_ms', value: round(paintFullSeries), unit: 'ms' },
      { name: 'chart_updates_per_s_at_50fps', value: best ? Math.round(best.landedPerSec) : 0, unit: 'updates/s' },
      { name: 'chart_live_redraws_per_s_at_that_rate', value: best ? round(best.redrawsPerSec) : 0, unit: 'redraws/s' },
      { name: 'chart_frame_work_p95_ms', value: best ? round(best.frameWorkP95Ms) : Number.NaN, unit: 'ms' },
    ];
  } finally {
    await browser?.close();
    await new Promise((done) => (server ? server.close(() => done(null)) : done(null)));
    rmSync(outDir, { recursive: true, force: true });
  }
}
