import { expect, test } from './support/paperSession';
import { WorkstationPage } from './support/workstationPage';

/** Not the symbol selected on start (the first one), so picking it is really tested. */
const SYMBOL = 'BOLT';
const PRICE = /\d[\d,]*\.\d{2}/;

test('a market buy fills, shows as a position, and survives a restart of the engine', async ({ page, session }) => {
  const app = new WorkstationPage(page);
  const requests = app.recordRequests();
  await app.open(session.url);
  await expect(page.getByText('PAPER', { exact: true })).toBeVisible();
  await expect(page.getByText(/Sample market data/)).toBeVisible();

  // Pick a symbol: the chart draws its candles and the legend describes the newest bar.
  await app.pickSymbol(SYMBOL);
  await expect(app.chart.locator('canvas').first()).toBeVisible();
  await expect(app.chart).not.toHaveAttribute('data-bar-count', '0');
  await expect(app.chartLegend).toContainText(SYMBOL);
  for (const field of ['O', 'H', 'L', 'C']) {
    await expect(app.chartLegend).toContainText(new RegExp(`${field}\\s*${PRICE.source}`));
  }
  await expect(page.getByRole('link', { name: /TradingView/ }).first()).toBeVisible();

  // Nothing traded yet: the empty states say what to do.
  await expect(app.positionsPanel).toContainText('No positions yet');
  await expect(app.historyPanel).toContainText('No orders yet');

  // A market buy of 10 from the ticket.
  await app.ticket.getByRole('radio', { name: 'Buy' }).check();
  await app.orderType.selectOption('market');
  await app.quantity.fill('10');
  await expect(app.ticket).toContainText(/Est\. cost\s*≈ \$/);
  await app.submitButton('Buy', SYMBOL).click();
  await expect(app.ticket.getByRole('status')).toContainText(`Buy 10 ${SYMBOL} market`);

  // It fills: FILLED in the history, a position of 10 with an average price.
  const order = app.historyRow(SYMBOL);
  await expect(order).toHaveCount(1);
  await expect(order).toContainText('Filled');
  await expect(order.getByRole('cell').nth(5)).toHaveText('10');
  const position = app.positionRow(SYMBOL);
  await expect(position).toHaveCount(1);
  await expect(position.getByRole('cell').nth(1)).toHaveText('10');
  await expect(position.getByRole('cell').nth(2)).toHaveText(PRICE);
  const avgPrice = await position.getByRole('cell').nth(2).innerText();
  await expect(app.openOrdersPanel).toContainText('No open orders');
  await expect(app.accountFigure('Cash')).not.toHaveText('$100,000.00');

  // The order's own story: every event and the fill.
  await order.click();
  const details = page.getByRole('dialog', { name: /Order details/ });
  await expect(details.getByRole('table', { name: 'Order events' })).toContainText('Filled');
  await expect(details.getByRole('table', { name: 'Order fills' }).getByRole('row')).toHaveCount(2);
  await page.keyboard.press('Escape');
  await expect(details).toBeHidden();

  const engineStatuses = async () => (await session.invoke('orders.list', { scope: 'all' })).map((o) => o.status);
  await expect.poll(engineStatuses).toEqual(['FILLED']);

  // Restart host and engine on the same data folder. The open page reconnects by itself and,
  // having possibly missed events, reads everything again.
  const positionReads = () => requests.filter((channel) => channel === 'positions.list').length;
  const readsBeforeRestart = positionReads();
  await session.restart();
  // The engine takes a few seconds to start again and the page's reconnect backs off meanwhile.
  await expect.poll(positionReads, { timeout: 30_000 }).toBeGreaterThan(readsBeforeRestart);
  await app.expectConnected();
  await expect(app.positionRow(SYMBOL).getByRole('cell').nth(2)).toHaveText(avgPrice);

  // And a fresh page load shows the same books.
  await page.reload();
  await app.expectConnected();

  await expect(app.historyRow(SYMBOL)).toHaveCount(1);
  await expect(app.historyRow(SYMBOL)).toContainText('Filled');
  await expect(app.positionRow(SYMBOL).getByRole('cell').nth(1)).toHaveText('10');
  await expect(app.positionRow(SYMBOL).getByRole('cell').nth(2)).toHaveText(avgPrice);
  await app.historyRow(SYMBOL).click();
  await expect(details.getByRole('table', { name: 'Order fills' })).toContainText('10');
  await page.keyboard.press('Escape');

  await app.pickSymbol(SYMBOL);
  await expect(app.chart).not.toHaveAttribute('data-bar-count', '0');
  await page.screenshot({ path: 'test-results/paper-session.png', fullPage: true });
  await test.info().attach('paper-session', { path: 'test-results/paper-session.png', contentType: 'image/png' });
});

test('the ticket refuses bad input inline and sends nothing', async ({ page, session }) => {
  const app = new WorkstationPage(page);
  const requests = app.recordRequests();
  await app.open(session.url);
  await expect(app.symbolOption('ACME')).toHaveAttribute('aria-selected', 'true');
  const buy = app.submitButton('Buy', 'ACME');

  const cases: Array<[input: string, message: RegExp]> = [
    ['', /Enter a quantity/],
    ['0', /greater than zero/],
    ['-5', /cannot be negative/],
    ['ten', /must be a number/],
    ['1e3', /must be a number/],
    ['50000000', /too large/],
  ];
  for (const [input, message] of cases) {
    await app.quantity.fill(input);
    await buy.click();
    await expect(app.quantity).toHaveAttribute('aria-invalid', 'true');
    await expect(app.quantity).toHaveAccessibleDescription(message);
  }

  // A limit order without a price.
  await app.orderType.selectOption('limit');
  await app.quantity.fill('10');
  await buy.click();
  await expect(app.quantity).not.toHaveAttribute('aria-invalid', 'true');
  await expect(app.limitPrice).toHaveAttribute('aria-invalid', 'true');
  await expect(app.limitPrice).toHaveAccessibleDescription(/Enter a limit price/);

  // Esc clears the ticket and its messages.
  await app.limitPrice.press('Escape');
  await expect(app.quantity).toHaveValue('');
  await expect(app.limitPrice).not.toHaveAttribute('aria-invalid', 'true');

  // Nothing reached the engine: the ticket refused on its own, and no order exists.
  expect(requests).toContain('market.instruments');
  expect(requests).not.toContain('orders.submit');
  await expect(app.historyPanel).toContainText('No orders yet');
  expect(await session.invoke('orders.list', { scope: 'all' })).toEqual([]);
});

test("the engine's refusal is shown under the button", async ({ page, session }) => {
  const app = new WorkstationPage(page);
  const requests = app.recordRequests();
  await app.open(session.url);
  await app.pickSymbol('VYX/USD');

  // Well-formed, so the ticket lets it through, but far beyond the paper account's cash.
  await app.quantity.fill('900000');
  await app.submitButton('Buy', 'VYX/USD').click();
  await expect(app.ticket.getByRole('alert')).toContainText(/buying power/i);
  expect(requests.filter((channel) => channel === 'orders.submit')).toHaveLength(1);

  const orders = await session.invoke('orders.list', { scope: 'all' });
  expect(orders.every((order) => order.status === 'REJECTED' || order.status === 'DENIED')).toBe(true);
  await expect(app.positionsPanel).toContainText('No positions yet');
});

test('keyboard only: / finds a symbol, B opens the ticket on buy, Enter sends', async ({ page, session }) => {
  const app = new WorkstationPage(page);
  await app.open(session.url);
  await expect(app.symbolOption('ACME')).toHaveAttribute('aria-selected', 'true');

  await page.locator('body').press('/');
  await expect(page.getByRole('searchbox', { name: 'Search symbols' })).toBeFocused();
  await page.keyboard.type('crux');
  await expect(app.watchlist.getByRole('option')).toHaveCount(1);
  await page.keyboard.press('Enter');
  await expect(app.symbolOption('CRUX')).toHaveAttribute('aria-selected', 'true');
  await expect(app.chartLegend).toContainText('CRUX');

  // Leave the search box, then S and B switch the side and put the cursor in the quantity.
  await page.keyboard.press('Tab');
  await page.keyboard.press('s');
  await expect(app.ticket.getByRole('radio', { name: 'Sell' })).toBeChecked();
  await expect(app.quantity).toBeFocused();
  // Esc clears the ticket and leaves the field, so single keys are shortcuts again.
  await app.quantity.press('Escape');
  await expect(app.quantity).not.toBeFocused();
  await page.keyboard.press('b');
  await expect(app.ticket.getByRole('radio', { name: 'Buy' })).toBeChecked();
  await expect(app.quantity).toBeFocused();
  await page.keyboard.type('5');
  await page.keyboard.press('Enter');

  await expect(app.historyRow('CRUX')).toContainText('Filled');
  await expect(app.positionRow('CRUX').getByRole('cell').nth(1)).toHaveText('5');
});

test('a limit order below the market waits in open orders until cancelled', async ({ page, session }) => {
  const app = new WorkstationPage(page);
  await app.open(session.url);
  await app.pickSymbol('DYNA');
  const [dyna] = await session.invoke('market.instruments', { query: 'DYNA' });
  if (!dyna?.lastPrice) throw new Error('DYNA has no last price');
  // 8% below the last price: inside the engine's 10% price collar, and further than the replay moves during the test.
  const farBelow = (Math.floor(dyna.lastPrice * 92) / 100).toFixed(2);

  await app.orderType.selectOption('limit');
  await app.quantity.fill('3');
  await app.limitPrice.fill(farBelow);
  await app.submitButton('Buy', 'DYNA').click();

  const openOrders = page.getByRole('table', { name: 'Open orders' });
  const working = openOrders.getByRole('row').filter({ hasText: 'DYNA' });
  await expect(working).toContainText('Accepted');
  await expect(working).toContainText(farBelow);
  await working.getByRole('button', { name: /Cancel order: Buy 3 DYNA/ }).click();

  await expect(app.openOrdersPanel).toContainText('No open orders');
  await expect(app.historyRow('DYNA')).toContainText('Canceled');
  await expect
    .poll(async () => (await session.invoke('orders.list', { scope: 'all' })).map((order) => order.status))
    .toEqual(['CANCELED']);
});
