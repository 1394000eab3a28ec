import { connectAlpacaPaper, expect, placeOrderElsewhere, test } from './support/alpacaAccount';
import { TradingPage } from './support/tradingPage';

const PAPER = 'Paper account';
const ALPACA = 'Alpaca paper';

/** POSTs of new orders that reached the fake venue. */
const orderPosts = (requests: Array<{ method: string; path: string }>) =>
  requests.filter((r) => r.method === 'POST' && r.path === '/v2/orders').length;

test('the ticket offers exactly what the selected account’s venue takes', async ({ page, session, alpacaPaper }) => {
  await connectAlpacaPaper(session, alpacaPaper);
  const app = new TradingPage(page);
  await app.open(session.url);

  // The app starts on the local paper account: no trailing stops, no order classes there.
  await expect(app.accountButton).toHaveAccessibleName(/^Trading account: Paper account, Connected/);
  expect(await app.optionsOf(app.orderType)).toEqual(['Market', 'Limit', 'Stop', 'Stop limit']);
  await expect(app.orderClass).toHaveCount(0);
  await expect(app.symbol).toHaveCount(0);

  // The picker by keyboard: both accounts, with mode and state; Enter picks the Alpaca one.
  await app.accountButton.focus();
  await page.keyboard.press('ArrowDown');
  await expect(app.accountList).toBeFocused();
  const options = app.accountList.getByRole('option');
  await expect(options).toHaveCount(2);
  await expect(options.nth(0)).toHaveAccessibleName(/^Paper account, paper, Connected/);
  await expect(options.nth(1)).toHaveAccessibleName(/^Alpaca paper, paper, Connected/);
  await page.screenshot({ path: 'test-results/orders-accounts.png' });
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(app.accountList).toBeHidden();
  await expect(app.accountButton).toBeFocused();
  await expect(app.accountButton).toHaveAccessibleName(/^Trading account: Alpaca paper, Connected/);

  // Alpaca takes trailing stops and bracket / OCO / OTO; its symbols are typed.
  expect(await app.optionsOf(app.orderType)).toEqual(['Market', 'Limit', 'Stop', 'Stop limit', 'Trailing stop']);
  expect(await app.optionsOf(app.orderClass)).toEqual(['Simple', 'Bracket', 'OCO', 'OTO']);
  expect(await app.optionsOf(app.timeInForce)).toHaveLength(4);
  await app.orderType.selectOption('trailing_stop');
  await expect(app.ticket.getByLabel('Trail amount', { exact: true })).toBeVisible();
  await app.ticket.getByLabel('Trail by').selectOption('percent');
  await expect(app.ticket.getByLabel('Trail percent', { exact: true })).toBeVisible();
  await app.orderType.selectOption('stop_limit');
  await expect(app.stopPrice).toBeVisible();
  await expect(app.limitPrice).toBeVisible();
  await app.orderClass.selectOption('bracket');
  await expect(app.ticket.getByRole('group', { name: 'Exits' })).toBeVisible();
  await expect(app.takeProfit).toBeVisible();
  await expect(app.stopLoss).toBeVisible();
  await expect(app.stopLossLimit).toBeVisible();
  await app.orderType.selectOption('trailing_stop');

  // Back on paper, the trailing stop and the bracket the ticket was set to are not kept: paper has neither.
  await app.selectAccount(PAPER);
  await expect(app.orderType).toHaveValue('market');
  expect(await app.optionsOf(app.orderType)).not.toContain('Trailing stop');
  await expect(app.ticket.getByRole('group', { name: 'Exits' })).toHaveCount(0);
  await expect(app.ticket.getByLabel('Trail by')).toHaveCount(0);
});

test('a bracket order on Alpaca: accepted with its exits, part-filled, the rest cancelled; an outage is bridged and the books reconcile', async ({
  page,
  session,
  alpacaPaper,
}) => {
  const accountId = await connectAlpacaPaper(session, alpacaPaper);
  const { controls } = alpacaPaper.server;
  const app = new TradingPage(page);
  await app.open(session.url);
  await app.selectAccount(ALPACA);
  await expect(page.getByRole('region', { name: 'Account', exact: true })).toContainText(ALPACA);
  await expect(page.getByRole('region', { name: 'Positions' })).toContainText('No positions yet');

  // An off-tick limit price: the ticket lets it through (it does not know Alpaca's rules),
  // the engine refuses it and names the field, and nothing reaches the venue.
  await app.symbol.fill('AAPL');
  await app.orderType.selectOption('limit');
  await app.quantity.fill('5');
  await app.limitPrice.fill('185.001');
  await app.submitButton('Buy', 'AAPL').click();
  await expect(app.limitPrice).toHaveAttribute('aria-invalid', 'true');
  await expect(app.limitPrice).toHaveAccessibleDescription(/not a multiple of the tick size 0\.01 for AAPL/);
  expect(orderPosts(controls.requests())).toBe(0);

  // The bracket: limit entry at 185 (the market is at 190), take-profit 200, stop-loss 180.
  await app.limitPrice.fill('185');
  await expect(app.limitPrice).not.toHaveAttribute('aria-invalid', 'true');
  await app.timeInForce.selectOption('gtc');
  await app.orderClass.selectOption('bracket');
  await app.takeProfit.fill('200');
  await app.stopLoss.fill('180');
  await app.submitButton('Buy', 'AAPL').click();
  await expect(app.ticket.getByRole('status')).toContainText('Buy 5 AAPL limit 185 · Bracket: Accepted');
  expect(orderPosts(controls.requests())).toBe(1);

  const bracket = app.openOrderRow('AAPL');
  await expect(bracket).toHaveCount(1);
  await expect(bracket.getByRole('cell').nth(1)).toHaveText('Buy AAPL');
  await expect(bracket.getByRole('cell').nth(2)).toHaveText('Limit Bracket');
  await expect(bracket).toContainText('TP 200.00');
  await expect(bracket).toContainText('SL 180.00');
  await expect(bracket).toContainText('0/5');
  await expect(bracket).toContainText('Accepted');
  // Alpaca changes working orders in place: the row offers modify as well as cancel.
  await expect(bracket.getByRole('button', { name: 'Modify order: Buy 5 AAPL' })).toBeEnabled();

  // The venue fills 2 of the 5 (at the limit): partly filled on screen, a position of 2.
  const [placed] = await session.invoke('orders.list', { accountId, scope: 'open' });
  if (!placed) throw new Error('the engine has no open order');
  controls.fill(placed.clientOrderId, '2');
  await expect(bracket).toContainText('Partially filled');
  await expect(bracket).toContainText('2/5');
  await expect(app.positionRow('AAPL').getByRole('cell').nth(1)).toHaveText('2');
  await expect(app.positionRow('AAPL').getByRole('cell').nth(2)).toHaveText('185.00');
  await page.screenshot({ path: 'test-results/orders.png' });
  // Nothing on the trading screen is cut off at this size: every table fits its panel.
  for (const name of ['Positions', 'Open orders', 'Order history']) {
    const scroller = page.getByRole('table', { name }).locator('xpath=..');
    expect(await scroller.evaluate((e) => e.scrollWidth <= e.clientWidth), `${name} fits its panel`).toBe(true);
  }
  await test.info().attach('orders', { path: 'test-results/orders.png', contentType: 'image/png' });

  // Cancel the rest from the row: gone from open orders, CANCELED with 2 filled in the history.
  await bracket.getByRole('button', { name: 'Cancel order: Buy 5 AAPL' }).click();
  await expect(app.openOrdersPanel).toContainText('No open orders');
  const done = app.historyRow('AAPL');
  await expect(done).toContainText('Canceled');
  await expect(done.getByRole('cell').nth(5)).toHaveText('2');
  expect(await session.invoke('orders.history', { orderId: placed.id })).toMatchObject({ order: { status: 'CANCELED', filledQty: '2' } });

  // Its story: every event in order, and the fill with price, quantity, fee and liquidity.
  await done.getByRole('button', { name: /^Details of Buy 5 AAPL/ }).click();
  const events = app.orderDetails.getByRole('table', { name: 'Order events' });
  for (const event of ['Initialized', 'Submitted', 'Accepted', 'Partially filled', 'Pending cancel', 'Canceled']) {
    await expect(events.getByRole('row').filter({ hasText: event }).first()).toBeVisible();
  }
  await expect(events).toContainText('TP 200');
  await expect(events).toContainText('2 @ 185');
  const fills = app.orderDetails.getByRole('table', { name: 'Order fills' });
  await expect(fills.getByRole('row')).toHaveCount(2);
  const fill = fills.getByRole('row').nth(1);
  await expect(fill.getByRole('cell').nth(1)).toHaveText('2');
  await expect(fill.getByRole('cell').nth(2)).toHaveText('185.00');
  await expect(fill.getByRole('cell').nth(4)).toHaveText('USD');
  await expect(fill.getByRole('cell').nth(5)).toHaveText(/^(maker|taker)$/);
  await expect(app.orderDetails).toContainText('Bracket');
  await page.keyboard.press('Escape');
  await expect(app.orderDetails).toBeHidden();

  // A second order rests at the venue: a plain limit buy of 3 at 180.
  await app.orderClass.selectOption('simple');
  await app.quantity.fill('3');
  await app.limitPrice.fill('180');
  await app.submitButton('Buy', 'AAPL').click();
  await expect(app.ticket.getByRole('status')).toContainText('Buy 3 AAPL limit 180: Accepted');
  const resting = app.openOrderRow('AAPL');
  await expect(resting).toContainText('0/3');

  // Modify it in place: the engine refuses an off-tick price in the dialog, then takes 179.50.
  await resting.getByRole('button', { name: 'Modify order: Buy 3 AAPL' }).click();
  const modify = page.getByRole('dialog', { name: 'Modify buy 3 AAPL' });
  const newLimit = modify.getByLabel('New limit price');
  await expect(newLimit).toHaveValue('180');
  await newLimit.fill('179.555');
  await modify.getByRole('button', { name: 'Send change' }).click();
  await expect(newLimit).toHaveAttribute('aria-invalid', 'true');
  await expect(newLimit).toHaveAccessibleDescription(/tick size 0\.01/);
  await newLimit.fill('179.5');
  await modify.getByRole('button', { name: 'Send change' }).click();
  await expect(modify).toBeHidden();
  await expect(resting).toContainText('179.50');
  const working = controls.orders().find((o) => o.symbol === 'AAPL' && o.status === 'new' && o.qty === '3');
  if (!working) throw new Error(`the fake has no working order of 3: ${JSON.stringify(controls.orders())}`);
  expect(working.limit_price).toBe('179.5');

  // The venue's stream drops and cannot come back for now.
  controls.refuseStreams(true);
  controls.dropStream();
  await expect(app.accountButton).toHaveAccessibleName(/^Trading account: Alpaca paper, (Reconnecting|Down)/);
  await expect(app.accountBanner).toContainText(/Alpaca paper: (reconnecting|down)/);
  await expect(app.accountBanner).toContainText('last known');
  await expect(app.submitButton('Buy', 'AAPL')).toBeDisabled();
  await expect(app.ticket).toContainText('Alpaca paper is not connected');
  await page.screenshot({ path: 'test-results/orders-outage.png' });
  // The rest of the screen keeps working on the last known books.
  await expect(app.positionRow('AAPL').getByRole('cell').nth(1)).toHaveText('2');
  await expect(resting).toContainText('Accepted');
  await app.historyRow('AAPL').filter({ hasText: 'Canceled' }).click();
  await expect(app.orderDetails).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(app.orderDetails).toBeHidden();

  // Meanwhile the venue fills the resting order in full.
  controls.fill(String(working.id));
  expect(controls.streamListeners()).toBe(0);

  // The stream comes back: the engine catches up and reconciles, the screen follows without a reload.
  controls.refuseStreams(false);
  await expect(app.accountButton).toHaveAccessibleName(/^Trading account: Alpaca paper, Connected/);
  await expect(app.accountBanner).toHaveCount(0);
  await expect(app.positionRow('AAPL').getByRole('cell').nth(1)).toHaveText('5');
  await expect(app.openOrdersPanel).toContainText('No open orders');
  const filled = app.historyRow('AAPL').filter({ hasText: 'Filled' });
  await expect(filled).toHaveCount(1);
  await filled.click();
  await expect(app.orderDetails.getByRole('table', { name: 'Order events' })).toContainText('Updated');
  await expect(app.orderDetails.getByRole('table', { name: 'Order events' })).toContainText('limit 179.5');
  await expect(app.orderDetails.getByRole('table', { name: 'Order fills' })).toContainText('179.50');
  await page.keyboard.press('Escape');
  await expect(app.submitButton('Buy', 'AAPL')).toBeEnabled();
  expect(orderPosts(controls.requests())).toBe(2);

  // The audit log has the operator's submit and cancel of the bracket, found by its client order id.
  await app.openView('Audit');
  const audit = page.getByRole('table', { name: 'Audit log' });
  await expect(audit).toBeVisible();
  await page.getByRole('searchbox', { name: 'Search', exact: true }).fill(placed.clientOrderId);
  await expect(audit.getByRole('row')).toHaveCount(3);
  await expect(audit.getByRole('row').nth(1)).toContainText('order.cancel');
  await expect(audit.getByRole('row').nth(2)).toContainText('order.submit');
  await page.getByRole('searchbox', { name: 'Search', exact: true }).fill('');
  await page.getByRole('combobox', { name: 'Action' }).selectOption('order.submit');
  // Newest first: the refused off-tick submit came before the two accepted ones.
  await expect(audit.getByRole('row')).toHaveCount(4);
  await expect(audit.getByRole('row').nth(3)).toContainText('refused');
  await expect(audit.getByRole('row').nth(3)).toContainText('tick size');
  await page.getByRole('combobox', { name: 'Action' }).selectOption('');
  await expect(audit.getByRole('row').filter({ hasText: 'connections.add' })).toHaveCount(1);
  await page.screenshot({ path: 'test-results/audit.png' });
  await test.info().attach('audit', { path: 'test-results/audit.png', contentType: 'image/png' });
});

test('reconciliation: a trade made elsewhere shows as an issue with a badge; flatten asks first; adopt fixes the books', async ({
  page,
  session,
  alpacaPaper,
}) => {
  await connectAlpacaPaper(session, alpacaPaper);
  const { controls } = alpacaPaper.server;
  const app = new TradingPage(page);
  await app.open(session.url);
  await app.selectAccount(ALPACA);

  // Nothing to fix yet: Reconcile now says so for both accounts.
  await app.openView('Reconciliation');
  await expect(page.getByRole('region', { name: 'Reconciliation' })).toContainText('No open issues');
  await page.getByRole('button', { name: 'Reconcile now' }).click();
  const result = page.getByRole('status', { name: 'Reconciliation result' });
  await expect(result).toContainText(`${ALPACA} at`);
  await expect(result).toContainText('nothing to fix; no open issues');

  // Someone buys 4 AAPL in Alpaca's own dashboard: the venue holds 4, our books none.
  await placeOrderElsewhere(alpacaPaper, { symbol: 'AAPL', qty: '4', side: 'buy', type: 'market' });
  await page.getByRole('button', { name: 'Reconcile now' }).click();
  await expect(result).toContainText('1 open issue below');
  const issue = page.getByRole('table', { name: 'Reconciliation issues' }).getByRole('row').filter({ hasText: 'AAPL' });
  await expect(issue).toContainText(ALPACA);
  await expect(issue).toContainText('Position differs');
  await expect(issue.getByRole('cell').nth(4)).toHaveText('0');
  await expect(issue.getByRole('cell').nth(5)).toHaveText('4');
  const tab = app.nav.getByRole('button', { name: /^Reconciliation/ });
  await expect(tab).toHaveAccessibleName('Reconciliation, 1 open issue');
  await page.screenshot({ path: 'test-results/reconcile.png' });
  await test.info().attach('reconcile', { path: 'test-results/reconcile.png', contentType: 'image/png' });

  // Flatten would send a market order: it asks first, Cancel has the focus, and cancelling sends nothing.
  const postsBefore = orderPosts(controls.requests());
  await issue.getByRole('button', { name: `Flatten AAPL on ${ALPACA}` }).click();
  const confirm = page.getByRole('dialog', { name: `Flatten AAPL on ${ALPACA}?` });
  await expect(confirm).toContainText('market order');
  await expect(confirm).toContainText('sell 4 AAPL');
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(confirm).toBeHidden();
  expect(orderPosts(controls.requests())).toBe(postsBefore);
  await expect(issue).toContainText('Open');

  // Adopt: our books take the venue's 4; the issue and the badge go away.
  await issue.getByRole('button', { name: `Adopt the venue quantity for AAPL on ${ALPACA}` }).click();
  await expect(page.getByRole('region', { name: 'Reconciliation' })).toContainText('No open issues');
  await expect(tab).toHaveAccessibleName('Reconciliation');
  await app.openView('Trading');
  await expect(app.positionRow('AAPL').getByRole('cell').nth(1)).toHaveText('4');

  // The resolution stays on record.
  await app.openView('Reconciliation');
  await page.getByRole('checkbox', { name: 'Show resolved and ignored' }).check();
  await expect(issue).toContainText('Resolved');
  await expect(issue).toContainText('Adopted');
});
