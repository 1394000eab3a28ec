import { expect, type Locator, type Page } from '@playwright/test';

/** The paper session screen as a user sees it: located by roles and labels, never by CSS. */
export class WorkstationPage {
  readonly connection: Locator;
  readonly watchlist: Locator;
  readonly chart: Locator;
  readonly chartLegend: Locator;
  readonly ticket: Locator;
  readonly quantity: Locator;
  readonly orderType: Locator;
  readonly limitPrice: Locator;
  readonly history: Locator;
  readonly historyPanel: Locator;
  readonly openOrdersPanel: Locator;
  readonly positions: Locator;
  readonly positionsPanel: Locator;

  constructor(readonly page: Page) {
    this.connection = page.getByRole('status', { name: 'Engine connection' });
    this.watchlist = page.getByRole('listbox', { name: 'Watchlist' });
    this.chart = page.getByTestId('price-chart');
    this.chartLegend = page.getByTestId('chart-legend');
    this.ticket = page.getByRole('form', { name: 'Order ticket' });
    this.quantity = this.ticket.getByLabel('Quantity');
    this.orderType = this.ticket.getByLabel('Order type');
    this.limitPrice = this.ticket.getByLabel('Limit price');
    this.historyPanel = page.getByRole('region', { name: 'Order history' });
    this.history = page.getByRole('table', { name: 'Order history' });
    this.openOrdersPanel = page.getByRole('region', { name: 'Open orders' });
    this.positionsPanel = page.getByRole('region', { name: 'Positions' });
    this.positions = page.getByRole('table', { name: 'Positions' });
  }

  /**
   * Records the channel of every request the page sends to the engine from now on, to
   * tell the ticket's own refusals from the engine's. Call before `open`.
   */
  recordRequests(): string[] {
    const channels: string[] = [];
    this.page.on('websocket', (socket) => {
      socket.on('framesent', ({ payload }) => {
        if (typeof payload !== 'string') return;
        try {
          const message = JSON.parse(payload) as { channel?: unknown };
          if (typeof message.channel === 'string') channels.push(message.channel);
        } catch {
          // Not a request of ours.
        }
      });
    });
    return channels;
  }

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.expectConnected();
  }

  async expectConnected(): Promise<void> {
    await expect(this.connection).toHaveText(/Connected/, { timeout: 30_000 });
  }

  symbolOption(symbol: string): Locator {
    return this.watchlist.getByRole('option', { name: new RegExp(`^${symbol}\\b`) });
  }

  async pickSymbol(symbol: string): Promise<void> {
    await this.symbolOption(symbol).click();
    await expect(this.symbolOption(symbol)).toHaveAttribute('aria-selected', 'true');
  }

  submitButton(side: 'Buy' | 'Sell', symbol: string): Locator {
    return this.ticket.getByRole('button', { name: `${side} ${symbol}` });
  }

  historyRow(symbol: string): Locator {
    return this.history.getByRole('row').filter({ hasText: symbol });
  }

  positionRow(symbol: string): Locator {
    return this.positions.getByRole('row').filter({ hasText: symbol });
  }

  /** A figure of the account panel by its label (Cash, Equity, Buying power ...). */
  accountFigure(label: string): Locator {
    return this.page
      .getByRole('region', { name: 'Account', exact: true })
      .getByRole('term')
      .filter({ hasText: new RegExp(`^${label}$`) })
      .locator('xpath=following-sibling::dd');
  }
}
