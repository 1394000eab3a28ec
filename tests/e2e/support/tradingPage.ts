import { expect, type Locator, type Page } from '@playwright/test';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The trading view with an account picker, the full ticket (order types, time in force,
 * order classes and exits), open orders, history, and the Reconciliation and Audit views:
 * located by roles and labels, as a user (or a screen reader) finds them.
 */
export class TradingPage {
  readonly nav: Locator;
  readonly accountButton: Locator;
  readonly accountList: Locator;
  readonly accountBanner: Locator;
  readonly ticket: Locator;
  readonly symbol: Locator;
  readonly orderType: Locator;
  readonly quantity: Locator;
  readonly limitPrice: Locator;
  readonly stopPrice: Locator;
  readonly timeInForce: Locator;
  readonly orderClass: Locator;
  readonly takeProfit: Locator;
  readonly stopLoss: Locator;
  readonly stopLossLimit: Locator;
  readonly openOrders: Locator;
  readonly openOrdersPanel: Locator;
  readonly history: Locator;
  readonly positions: Locator;
  readonly orderDetails: Locator;

  constructor(readonly page: Page) {
    this.nav = page.getByRole('navigation', { name: 'Views' });
    this.accountButton = page.getByRole('button', { name: /^Trading account:/ });
    this.accountList = page.getByRole('listbox', { name: 'Trading accounts' });
    this.accountBanner = page.getByRole('status', { name: 'Account connection' });
    this.ticket = page.getByRole('form', { name: 'Order ticket' });
    this.symbol = this.ticket.getByLabel('Symbol', { exact: true });
    this.orderType = this.ticket.getByLabel('Order type', { exact: true });
    this.quantity = this.ticket.getByLabel('Quantity', { exact: true });
    this.limitPrice = this.ticket.getByLabel('Limit price', { exact: true });
    this.stopPrice = this.ticket.getByLabel('Stop price', { exact: true });
    this.timeInForce = this.ticket.getByLabel('Time in force', { exact: true });
    this.orderClass = this.ticket.getByLabel('Order class', { exact: true });
    this.takeProfit = this.ticket.getByLabel('Take-profit', { exact: true });
    this.stopLoss = this.ticket.getByLabel('Stop-loss', { exact: true });
    this.stopLossLimit = this.ticket.getByLabel('Stop-loss limit', { exact: true });
    this.openOrdersPanel = page.getByRole('region', { name: 'Open orders' });
    this.openOrders = page.getByRole('table', { name: 'Open orders' });
    this.history = page.getByRole('table', { name: 'Order history' });
    this.positions = page.getByRole('table', { name: 'Positions' });
    this.orderDetails = page.getByRole('dialog', { name: /^Order details/ });
  }

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await expect(this.page.getByRole('status', { name: 'Engine connection' })).toHaveText(/Connected/);
  }

  /** Picks an account in the top bar's picker and waits until the trading view follows it. */
  async selectAccount(name: string): Promise<void> {
    await this.accountButton.click();
    await expect(this.accountList).toBeVisible();
    await this.accountList.getByRole('option', { name: new RegExp(`^${escapeRegExp(name)},`) }).click();
    await expect(this.accountList).toBeHidden();
    await expect(this.accountButton).toHaveAccessibleName(new RegExp(`^Trading account: ${escapeRegExp(name)},`));
  }

  /** The option texts of a select, in order. */
  async optionsOf(select: Locator): Promise<string[]> {
    return (await select.locator('option').allInnerTexts()).map((text) => text.trim());
  }

  submitButton(side: 'Buy' | 'Sell', symbol: string): Locator {
    return this.ticket.getByRole('button', { name: `${side} ${symbol}`, exact: true });
  }

  openOrderRow(text: string): Locator {
    return this.openOrders.getByRole('row').filter({ hasText: text });
  }

  historyRow(text: string): Locator {
    return this.history.getByRole('row').filter({ hasText: text });
  }

  positionRow(symbol: string): Locator {
    return this.positions.getByRole('row').filter({ hasText: symbol });
  }

  async openView(label: 'Trading' | 'Reconciliation' | 'Audit' | 'Connections'): Promise<void> {
    const tab = this.nav.getByRole('button', { name: new RegExp(`^${label}`) });
    await tab.click();
    await expect(tab).toHaveAttribute('aria-current', 'page');
  }
}
