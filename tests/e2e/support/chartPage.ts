import { expect, type Locator, type Page } from '@playwright/test';

/**
 * The price chart of the trading view: its toolbar (timeframes, indicators), legend and
 * canvas. What a canvas cannot tell a test (how many bars are loaded, in which timeframe,
 * which indicators are on, how many fill markers) the chart states in data attributes.
 */
export class ChartPage {
  readonly toolbar: Locator;
  readonly canvas: Locator;
  readonly legend: Locator;
  readonly legendTimeframe: Locator;
  readonly indicators: Locator;
  readonly indicatorsButton: Locator;
  readonly editor: Locator;

  constructor(readonly page: Page) {
    this.toolbar = page.getByRole('toolbar', { name: 'Chart settings' });
    this.canvas = page.getByTestId('price-chart');
    this.legend = page.getByTestId('chart-legend');
    this.legendTimeframe = page.getByTestId('chart-legend-timeframe');
    this.indicators = page.getByTestId('chart-indicators');
    this.indicatorsButton = this.toolbar.getByRole('button', { name: /Indicators/ });
    this.editor = page.getByRole('dialog', { name: 'Indicators' });
  }

  timeframeButton(timeframe: string): Locator {
    return this.toolbar.getByRole('group', { name: 'Timeframe' }).getByRole('button', { name: timeframe, exact: true });
  }

  /** Waits until the chart holds bars of `timeframe`. */
  async expectLoaded(timeframe: string): Promise<void> {
    await expect(this.canvas).toHaveAttribute('data-timeframe', timeframe);
    await expect(this.canvas).not.toHaveAttribute('data-bar-count', '0');
    await expect(this.timeframeButton(timeframe)).toHaveAttribute('aria-pressed', 'true');
  }

  async barCount(): Promise<number> {
    return Number(await this.canvas.getAttribute('data-bar-count'));
  }

  async markerCount(): Promise<number> {
    return Number(await this.canvas.getAttribute('data-marker-count'));
  }

  /** The active indicators as ids, e.g. ["sma(50)", "macd(12,26,9)"] (space separated in the attribute). */
  async activeIndicators(): Promise<string[]> {
    const value = (await this.indicators.getAttribute('data-indicators')) ?? '';
    return value ? value.split(' ') : [];
  }

  async addIndicator(type: string): Promise<void> {
    await this.editor.getByLabel('Add indicator').selectOption(type);
  }

  /** Zooms out and drags the chart towards older bars, as a user scrolling back in time. */
  async scrollBack(): Promise<void> {
    const box = await this.canvas.boundingBox();
    if (!box) throw new Error('the chart is not on screen');
    const x = box.x + box.width / 2;
    const y = box.y + box.height * 0.3;
    await this.page.mouse.move(x, y);
    for (let i = 0; i < 6; i++) await this.page.mouse.wheel(0, 400);
    await this.page.mouse.move(box.x + box.width * 0.15, y);
    await this.page.mouse.down();
    await this.page.mouse.move(box.x + box.width * 0.85, y, { steps: 12 });
    await this.page.mouse.up();
  }
}
