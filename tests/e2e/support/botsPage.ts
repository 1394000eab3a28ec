import { expect, type Locator, type Page } from '@playwright/test';

/** The Bots view as a user finds it: by roles and labels. */
export class BotsPage {
  readonly nav: Locator;
  readonly bots: Locator;
  readonly newBot: Locator;
  readonly wizard: Locator;
  readonly decisionLog: Locator;
  readonly blockedOnly: Locator;
  readonly positions: Locator;
  readonly orders: Locator;
  readonly chart: Locator;

  constructor(readonly page: Page) {
    this.nav = page.getByRole('navigation', { name: 'Views' });
    this.bots = page.getByRole('table', { name: 'Bots' });
    this.newBot = page.getByRole('button', { name: 'New bot' });
    this.wizard = page.getByRole('form', { name: /^(New bot|Edit bot)/ });
    this.decisionLog = page.getByRole('table', { name: 'Decision log' });
    this.blockedOnly = page.getByRole('checkbox', { name: 'Blocked only' });
    this.positions = page.getByRole('table', { name: 'Bot positions' });
    this.orders = page.getByRole('table', { name: 'Bot orders' });
    this.chart = page.getByTestId('bot-chart');
  }

  async open(): Promise<void> {
    const tab = this.nav.getByRole('button', { name: /^Bots/ });
    await tab.click();
    await expect(tab).toHaveAttribute('aria-current', 'page');
  }

  field(label: string): Locator {
    return this.wizard.getByLabel(label, { exact: true });
  }

  row(name: string): Locator {
    return this.bots.getByRole('row').filter({ has: this.page.getByRole('button', { name, exact: true }) });
  }

  status(name: string): Locator {
    return this.bots.getByRole('status', { name: `Status of ${name}` });
  }

  /** Data rows of the decision log (the expanded trace rows have no action cell). */
  decisionRows(): Locator {
    return this.decisionLog.locator('tbody tr.decision');
  }
}
