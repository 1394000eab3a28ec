import { expect, type Locator, type Page } from '@playwright/test';

/**
 * The Risk and Portfolio views, the kill switch and the trading-state banner, as a user (or a
 * screen reader) finds them: by roles and labels, never by CSS.
 */
export class RiskPage {
  readonly nav: Locator;
  readonly killSwitchButton: Locator;
  readonly killSwitchDialog: Locator;
  readonly haltBanner: Locator;
  readonly resumeDialog: Locator;
  readonly tradingState: Locator;
  readonly limitsForm: Locator;
  readonly saveLimits: Locator;
  readonly limitsSaved: Locator;
  readonly limitsRefusal: Locator;
  readonly denials: Locator;
  readonly usage: Locator;
  readonly ticketDenial: Locator;
  readonly duplicateDialog: Locator;
  readonly equityChart: Locator;
  readonly pnl: Locator;
  readonly metrics: Locator;
  readonly reportShows: Locator;

  constructor(readonly page: Page) {
    this.nav = page.getByRole('navigation', { name: 'Views' });
    this.killSwitchButton = page.getByRole('button', { name: /^(Kill switch|HALTED)/ });
    this.killSwitchDialog = page.getByRole('dialog', { name: /Halt all trading\?|The kill switch is engaged/ });
    this.haltBanner = page.getByRole('alert', { name: 'Trading halted' });
    this.resumeDialog = page.getByRole('dialog', { name: 'Resume trading?' });
    this.tradingState = page.getByRole('status', { name: 'Trading state' });
    this.limitsForm = page.getByRole('form', { name: 'Risk limits' });
    this.saveLimits = this.limitsForm.getByRole('button', { name: 'Save limits' });
    this.limitsSaved = page.getByRole('status').filter({ hasText: /^Saved\. Orders are checked/ });
    this.limitsRefusal = this.limitsForm.getByRole('alert');
    this.denials = page.getByRole('table', { name: 'Recent denials' });
    this.usage = page.getByRole('list', { name: 'Limit usage' });
    this.ticketDenial = page.getByRole('form', { name: 'Order ticket' }).getByRole('alert', { name: 'Risk denial' });
    this.duplicateDialog = page.getByRole('dialog', { name: 'Send the same order again?' });
    this.equityChart = page.getByTestId('equity-chart');
    this.pnl = page.getByRole('definition');
    this.metrics = page.getByRole('table', { name: 'Performance metrics' });
    this.reportShows = page.getByRole('status', { name: 'Report shows' });
  }

  async openView(label: 'Trading' | 'Risk' | 'Portfolio' | 'Audit'): Promise<void> {
    const tab = this.nav.getByRole('button', { name: new RegExp(`^${label}`) });
    await tab.click();
    await expect(tab).toHaveAttribute('aria-current', 'page');
  }

  /** A number field of the limits editor by its label ("Max order quantity"). */
  limit(label: string): Locator {
    return this.limitsForm.getByLabel(label, { exact: true });
  }

  /** A P&L tile's value by its test id ("today", "total", "realized", "unrealized", "fees"). */
  pnlTile(key: 'today' | 'total' | 'realized' | 'unrealized' | 'fees'): Locator {
    return this.page.getByTestId(`pnl-${key}`);
  }
}
