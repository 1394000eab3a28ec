import { expect, test } from './support/paperSession';
import { ChartPage } from './support/chartPage';
import { DataPage, dayFromToday } from './support/dataPage';
import { WorkstationPage } from './support/workstationPage';

const SYMBOL = 'BOLT';

test('the chart switches timeframes, draws indicators, loads older history and restores its layout', async ({ page, session }) => {
  const app = new WorkstationPage(page);
  const chart = new ChartPage(page);
  await app.open(session.url);
  await app.pickSymbol(SYMBOL);

  // 1-minute candles by default, with the legend and the library's attribution.
  await chart.expectLoaded('1m');
  await expect(chart.legendTimeframe).toHaveText('1m');
  await expect(chart.legend).toContainText(SYMBOL);
  await expect(page.getByRole('link', { name: /TradingView/ }).first()).toBeVisible();
  const minuteBars = await chart.barCount();
  expect(minuteBars).toBeGreaterThan(1_000);

  // A button: five-minute bars (fewer of them over the same stored history).
  await chart.timeframeButton('5m').click();
  await chart.expectLoaded('5m');
  await expect(chart.legendTimeframe).toHaveText('5m');
  const fiveMinuteBars = await chart.barCount();
  expect(fiveMinuteBars).toBeLessThan(minuteBars);
  expect(fiveMinuteBars).toBeGreaterThan(100);

  // Keys 1..7: 4 is hourly, 1 back to minutes (not while typing in a field).
  await chart.canvas.click();
  await page.keyboard.press('4');
  await chart.expectLoaded('1h');
  expect(await chart.barCount()).toBeLessThan(fiveMinuteBars);
  await page.keyboard.press('1');
  await chart.expectLoaded('1m');

  // Indicators: a moving average over the candles and an RSI in a pane of its own.
  await chart.indicatorsButton.click();
  await expect(chart.editor).toBeVisible();
  await chart.addIndicator('sma');
  await expect.poll(() => chart.activeIndicators()).toEqual(['sma(20)']);
  const period = chart.editor.getByLabel('Simple moving average period');
  await period.fill('50');
  await expect.poll(() => chart.activeIndicators()).toEqual(['sma(50)']);
  await chart.addIndicator('rsi');
  await expect.poll(() => chart.activeIndicators()).toEqual(['sma(50)', 'rsi(14)']);
  await chart.addIndicator('macd');
  await expect.poll(() => chart.activeIndicators()).toEqual(['sma(50)', 'rsi(14)', 'macd(12,26,9)']);
  // Each indicator's value is in the legend once it is warm.
  await expect(chart.indicators.getByRole('listitem').filter({ hasText: 'SMA 50' })).toContainText(/\d+\.\d{2}/);
  await expect(chart.indicators.getByRole('listitem').filter({ hasText: 'RSI 14' })).toContainText(/\d+\.\d{2}/);

  // A refused setting is marked and the chart keeps the last good one.
  await period.fill('0');
  await expect(period).toHaveAttribute('aria-invalid', 'true');
  await expect(period).toHaveAccessibleDescription(/from 1 to 1000/);
  await expect.poll(() => chart.activeIndicators()).toEqual(['sma(50)', 'rsi(14)', 'macd(12,26,9)']);
  await period.fill('50');
  await expect(period).not.toHaveAttribute('aria-invalid', 'true');

  // MACD comes off again; Esc closes the editor.
  await chart.editor.getByRole('button', { name: 'Remove MACD 12 26 9' }).click();
  await expect.poll(() => chart.activeIndicators()).toEqual(['sma(50)', 'rsi(14)']);
  await page.keyboard.press('Escape');
  await expect(chart.editor).toBeHidden();

  // Scrolling back to the oldest bar loads the bars before it.
  const before = await chart.barCount();
  await expect
    .poll(
      async () => {
        await chart.scrollBack();
        return chart.barCount();
      },
      { timeout: 20_000 },
    )
    .toBeGreaterThan(before + 1_000);

  // A fill of our own is marked on its bar.
  await app.ticket.getByRole('radio', { name: 'Buy' }).check();
  await app.orderType.selectOption('market');
  await app.quantity.fill('3');
  await app.submitButton('Buy', SYMBOL).click();
  await expect(app.historyRow(SYMBOL)).toContainText('Filled');
  await expect.poll(() => chart.markerCount()).toBeGreaterThan(0);

  // Finish on 15-minute bars: the layout is saved by itself...
  await chart.timeframeButton('15m').click();
  await chart.expectLoaded('15m');
  await expect
    .poll(async () => {
      const layout = await session.invoke('chart.layout.get', {});
      return layout && { symbol: layout.symbol, timeframe: layout.timeframe, indicators: layout.indicators.map((i) => i.type) };
    })
    .toEqual({ symbol: SYMBOL, timeframe: '15m', indicators: ['sma', 'rsi'] });
  await page.screenshot({ path: 'test-results/chart.png', fullPage: true });
  await test.info().attach('chart', { path: 'test-results/chart.png', contentType: 'image/png' });

  // ...and a reload restores the timeframe and the indicators with their settings.
  await page.reload();
  await app.expectConnected();
  await chart.expectLoaded('15m');
  await expect.poll(() => chart.activeIndicators()).toEqual(['sma(50)', 'rsi(14)']);
});

test('indicator presets are saved, applied and deleted', async ({ page, session }) => {
  const app = new WorkstationPage(page);
  const chart = new ChartPage(page);
  await app.open(session.url);
  await chart.expectLoaded('1m');

  await chart.indicatorsButton.click();
  await chart.addIndicator('bollinger');
  await chart.addIndicator('vwap');
  await chart.addIndicator('atr');
  await expect.poll(() => chart.activeIndicators()).toEqual(['bollinger(20,2)', 'vwap()', 'atr(14)']);
  await chart.editor.getByLabel('Preset name').fill('Bands and range');
  await chart.editor.getByRole('button', { name: 'Save preset' }).click();
  await expect.poll(async () => (await session.invoke('chart.presets.list', {})).map((p) => p.name)).toEqual(['Bands and range']);

  // Clear the chart, then apply the preset.
  for (const label of ['Remove BB 20 2', 'Remove VWAP', 'Remove ATR 14']) {
    await chart.editor.getByRole('button', { name: label }).click();
  }
  await expect.poll(() => chart.activeIndicators()).toEqual([]);
  await chart.editor.getByLabel('Preset', { exact: true }).selectOption('Bands and range');
  await chart.editor.getByRole('button', { name: 'Apply' }).click();
  await expect.poll(() => chart.activeIndicators()).toEqual(['bollinger(20,2)', 'vwap()', 'atr(14)']);

  await chart.editor.getByRole('button', { name: 'Delete' }).click();
  await expect.poll(async () => (await session.invoke('chart.presets.list', {})).length).toBe(0);
});

test('the Data view refuses bad ranges, backfills the sample market to done and shows live trades', async ({ page, session }) => {
  const app = new WorkstationPage(page);
  const data = new DataPage(page);
  await app.open(session.url);
  await data.open();
  await expect(data.source).toHaveValue('sample');

  // Symbol search by market, with trading details.
  await data.market.selectOption('us_equity');
  await data.search.fill('ACME');
  const acme = data.resultRow('ACME');
  await expect(acme).toBeVisible();
  await expect(acme).toContainText('0.01');
  await expect(acme).toContainText(/tradable/);
  await data.market.selectOption('crypto_spot');
  await data.search.fill('');
  await expect(data.resultRow('VYX/USD')).toBeVisible();
  await expect(data.results.getByRole('row').filter({ hasText: 'ACME' })).toHaveCount(0);

  // Refused before sending: nothing, an inverted range, a start in the future.
  await data.symbols.fill('');
  await data.start.click();
  await expect(data.symbols).toHaveAttribute('aria-invalid', 'true');
  await expect(data.form).toContainText('Enter at least one symbol');
  await data.symbols.fill('ACME');
  await data.firstDay.fill(dayFromToday(-2));
  await data.lastDay.fill(dayFromToday(-5));
  await data.start.click();
  await expect(data.lastDay).toHaveAttribute('aria-invalid', 'true');
  await expect(data.form).toContainText('before the first day');
  await data.firstDay.fill(dayFromToday(3));
  await data.lastDay.fill(dayFromToday(5));
  await data.start.click();
  await expect(data.firstDay).toHaveAttribute('aria-invalid', 'true');
  await expect(data.form).toContainText('in the future');

  // Refused by the engine: a symbol the source does not list.
  await data.symbols.fill('NOPE');
  await data.firstDay.fill(dayFromToday(-3));
  await data.lastDay.fill(dayFromToday(0));
  await data.start.click();
  await expect(data.symbols).toHaveAttribute('aria-invalid', 'true');
  await expect(data.form).toContainText(/no symbol NOPE/);
  expect(await session.invoke('market.backfill.list', {})).toEqual([]);

  // A backfill of two symbols (ACME added from the search) runs to done with its progress.
  await data.symbols.fill('BOLT');
  await data.market.selectOption('all');
  await data.search.fill('ACME');
  await data.resultRow('ACME').getByRole('button', { name: 'Add ACME to the backfill' }).click();
  await expect(data.symbols).toHaveValue('BOLT, ACME');
  await data.firstDay.fill(dayFromToday(-20));
  await data.start.click();
  const job = data.job('BOLT, ACME');
  await expect(job).toBeVisible();
  const progress = job.getByRole('progressbar');
  await expect(progress).toBeVisible();
  await expect(job).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  await expect(progress).toHaveAttribute('aria-valuenow', '100');
  await expect(job).toContainText(/Gaps: \d+ found, \d+ repaired/);
  await expect(job).toContainText(/[\d,]+ of [\d,]+ expected bars/);
  const [stored] = await session.invoke('market.backfill.list', {});
  expect(stored?.status).toBe('done');
  expect(stored?.barsDone).toBeGreaterThan(20_000);

  // Gaps left in the range, per symbol.
  await job.getByRole('button', { name: 'Check gaps' }).click();
  await expect(job.getByRole('list', { name: /Gaps of the backfill/ })).toContainText(/BOLT: (no gaps|\d+ gaps?)/);

  // Live trades of a sample coin (the sample market has no order book).
  await data.search.fill('VYX');
  await data.resultRow('VYX/USD').getByRole('button', { name: 'Watch VYX/USD live' }).click();
  await expect(data.live).toContainText('VYX/USD: live');
  await expect(data.live).toContainText('publishes no order book');
  await expect(data.live.getByRole('table', { name: 'Trades of VYX/USD' }).getByRole('row')).not.toHaveCount(0);
  await expect.poll(() => data.live.getByRole('table', { name: 'Trades of VYX/USD' }).getByRole('row').count()).toBeGreaterThan(3);

  await page.screenshot({ path: 'test-results/data.png', fullPage: true });
  await test.info().attach('data', { path: 'test-results/data.png', contentType: 'image/png' });
});
