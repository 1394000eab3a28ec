import { expect, test } from './support/paperSession';
import { RiskPage } from './support/riskPage';
import { WorkstationPage } from './support/workstationPage';

const MONEY = /[+−-]?\$\d[\d,]*\.\d{2}/;
const KILL_SWITCH_KEYS = process.platform === 'darwin' ? 'Meta+Shift+K' : 'Control+Shift+K';

test('a max order quantity set in the Risk view denies a bigger order, and the ticket says why', async ({ page, session }) => {
  const app = new WorkstationPage(page);
  const risk = new RiskPage(page);
  await app.open(session.url);

  await risk.openView('Risk');
  await expect(risk.tradingState).toContainText('ACTIVE');
  await expect(risk.denials).toHaveCount(0);
  await risk.limit('Max order quantity').fill('5');
  await risk.saveLimits.click();
  await expect(risk.limitsSaved).toBeVisible();
  expect((await session.invoke('risk.limits.get', { accountId: 'paper' })).maxOrderQty).toBe('5');

  await risk.openView('Trading');
  await expect(app.symbolOption('ACME')).toHaveAttribute('aria-selected', 'true');
  await app.quantity.fill('6');
  await app.submitButton('Buy', 'ACME').click();
  await expect(risk.ticketDenial).toContainText('DENIED by the risk engine');
  await expect(risk.ticketDenial).toContainText('Quantity 6 is above the 5 allowed per order');
  await expect(risk.ticketDenial).toContainText('Nothing was sent to the venue');
  // Denied by our risk engine, not rejected by the venue: the order exists as DENIED only.
  await expect.poll(async () => (await session.invoke('orders.list', { scope: 'all' })).map((o) => o.status)).toEqual(['DENIED']);
  await expect(app.historyRow('ACME')).toContainText('Denied');

  // Within the limit it goes through, and the denial message is gone.
  await app.quantity.fill('5');
  await expect(risk.ticketDenial).toHaveCount(0);
  await app.submitButton('Buy', 'ACME').click();
  await expect(app.ticket.getByRole('status')).toContainText('Buy 5 ACME market');

  // The Risk view lists the denial with its source and reason.
  await risk.openView('Risk');
  const denial = risk.denials.getByRole('row').filter({ hasText: 'ACME' });
  await expect(denial).toHaveCount(1);
  await expect(denial).toContainText('Ticket');
  await expect(denial).toContainText('Quantity 6 is above the 5 allowed per order');
});

test('limits that contradict each other, or are negative, are refused inline and nothing is saved', async ({ page, session }) => {
  const app = new WorkstationPage(page);
  const risk = new RiskPage(page);
  await app.open(session.url);
  const before = await session.invoke('risk.limits.get', { accountId: 'paper' });

  await risk.openView('Risk');
  const orderQty = risk.limit('Max order quantity');
  const positionQty = risk.limit('Max position quantity');
  const orderValue = risk.limit('Max order value');
  await orderQty.fill('100');
  await positionQty.fill('50');
  await orderValue.fill('-1');
  await risk.saveLimits.click();

  await expect(orderQty).toHaveAttribute('aria-invalid', 'true');
  await expect(orderQty).toHaveAccessibleDescription(/above the maximum position quantity/);
  await expect(orderValue).toHaveAttribute('aria-invalid', 'true');
  await expect(orderValue).toHaveAccessibleDescription(/greater than zero/);
  await expect(positionQty).not.toHaveAttribute('aria-invalid', 'true');
  await expect(risk.limitsRefusal).toContainText('Nothing was saved');
  await expect(risk.limitsSaved).toHaveCount(0);
  expect(await session.invoke('risk.limits.get', { accountId: 'paper' })).toEqual(before);

  // Drawdown levels that do not increase are refused beside the levels.
  await orderQty.fill('');
  await orderValue.fill('');
  await risk.limitsForm.getByLabel('Caution at').fill('5');
  await risk.limitsForm.getByLabel('Warning at').fill('4');
  await risk.limitsForm.getByLabel('Critical at').fill('10');
  await risk.limitsForm.getByLabel('Emergency at').fill('20');
  await risk.saveLimits.click();
  await expect(risk.limitsForm.getByLabel('Caution at')).toHaveAccessibleDescription(/must increase/);
  expect(await session.invoke('risk.limits.get', { accountId: 'paper' })).toEqual(before);

  // Fixed, it saves, and the usage bars follow.
  await risk.limitsForm.getByLabel('Warning at').fill('8');
  await risk.saveLimits.click();
  await expect(risk.limitsSaved).toBeVisible();
  await expect(risk.usage.getByRole('meter', { name: 'Drawdown from peak (%)' })).toBeVisible();
  expect(await session.invoke('risk.limits.get', { accountId: 'paper' })).toMatchObject({
    maxPositionQty: '50',
    maxOrderQty: null,
    drawdown: { cautionPct: '5', warningPct: '8', criticalPct: '10', emergencyPct: '20' },
  });
});

test('reduce-only from the Risk view, and a group the engine refuses until its symbols exist', async ({ page, session }) => {
  const app = new WorkstationPage(page);
  const risk = new RiskPage(page);
  await app.open(session.url);
  await risk.openView('Risk');

  // REDUCING: the state says so, a banner says so on every view, the engine agrees.
  await page.getByRole('button', { name: 'Set REDUCING' }).click();
  await expect(risk.tradingState).toContainText('REDUCING');
  const reducing = page.getByRole('status', { name: 'Reduce-only' });
  await expect(reducing).toContainText('Set to reduce-only by the user');
  expect((await session.invoke('risk.status', { accountId: 'paper' })).state).toBe('REDUCING');
  await risk.openView('Trading');
  await expect(reducing).toBeVisible();
  await app.quantity.fill('1');
  await app.submitButton('Buy', 'ACME').click();
  await expect(risk.ticketDenial).toContainText(/Only orders that reduce a position/);
  await risk.openView('Risk');
  await page.getByRole('button', { name: 'Set ACTIVE' }).click();
  await expect(risk.tradingState).toContainText('ACTIVE');
  await expect(reducing).toHaveCount(0);

  // A group with a symbol that does not exist is refused beside the symbols.
  const groupForm = page.getByRole('form', { name: 'New group' });
  await groupForm.getByLabel('Group name').fill('Materials');
  await groupForm.getByLabel('Kind').selectOption('sector');
  await groupForm.getByLabel('Max gross (USD)').fill('4500');
  const symbols = groupForm.getByLabel(/^Symbols/);
  await symbols.fill('acme, NOPE');
  await groupForm.getByRole('button', { name: 'Add group' }).click();
  await expect(symbols).toHaveAttribute('aria-invalid', 'true');
  await expect(symbols).toHaveAccessibleDescription(/Unknown: NOPE/);
  await expect(groupForm.getByRole('alert')).toContainText('Not saved');
  expect(await session.invoke('risk.groups.list', {})).toEqual([]);

  await symbols.fill('ACME CRUX');
  await groupForm.getByRole('button', { name: 'Add group' }).click();
  const row = page.getByRole('table', { name: 'Risk groups' }).getByRole('row').filter({ hasText: 'Materials' });
  await expect(row).toContainText('ACME, CRUX');
  await expect(row).toContainText('$4,500.00');
  await expect(risk.usage.getByRole('meter', { name: 'Materials exposure' })).toBeVisible();
  expect(await session.invoke('risk.groups.list', {})).toMatchObject([{ name: 'Materials', kind: 'sector', symbols: ['ACME', 'CRUX'], maxGrossNotional: '4500' }]);
});

test('the kill switch by keyboard halts a running paper session; only RESUME lifts it', async ({ page, session }) => {
  const app = new WorkstationPage(page);
  const risk = new RiskPage(page);
  await app.open(session.url);

  // A resting limit order far below the market.
  await app.pickSymbol('DYNA');
  const [dyna] = await session.invoke('market.instruments', { query: 'DYNA' });
  if (!dyna?.lastPrice) throw new Error('DYNA has no last price');
  const farBelow = (Math.floor(dyna.lastPrice * 92) / 100).toFixed(2);
  await app.orderType.selectOption('limit');
  await app.quantity.fill('3');
  await app.limitPrice.fill(farBelow);
  await app.submitButton('Buy', 'DYNA').click();
  const working = page.getByRole('table', { name: 'Open orders' }).getByRole('row').filter({ hasText: 'DYNA' });
  await expect(working).toContainText('Accepted');
  await expect(risk.haltBanner).toHaveCount(0);

  // The shortcut works with the cursor in a field; Enter engages with the defaults.
  await app.quantity.focus();
  await page.keyboard.press(KILL_SWITCH_KEYS);
  await expect(risk.killSwitchDialog).toBeVisible();
  await expect(risk.killSwitchDialog.getByRole('checkbox', { name: /Cancel open orders/ })).toBeChecked();
  await expect(risk.killSwitchDialog.getByRole('checkbox', { name: /Flatten positions/ })).not.toBeChecked();
  await expect(risk.killSwitchDialog.getByRole('button', { name: 'Engage kill switch' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(risk.killSwitchDialog).toBeHidden();

  await expect(risk.haltBanner).toBeVisible();
  await expect(risk.haltBanner).toContainText('HALTED');
  await expect(risk.haltBanner).toContainText('open orders cancelled');
  await expect(risk.killSwitchButton).toHaveText(/HALTED/);
  await expect(app.openOrdersPanel).toContainText('No open orders');
  await expect(app.historyRow('DYNA')).toContainText('Canceled');
  await expect.poll(async () => (await session.invoke('orders.list', { scope: 'open' })).length).toBe(0);
  expect(await session.invoke('risk.status', { accountId: 'paper' })).toMatchObject({
    state: 'HALTED',
    killSwitch: { engaged: true, cancelOpen: true, flatten: false },
  });

  // A new order from the ticket is denied with the kill switch's reason.
  await app.pickSymbol('ACME');
  await app.orderType.selectOption('market');
  await app.quantity.fill('1');
  await app.submitButton('Buy', 'ACME').click();
  await expect(risk.ticketDenial).toContainText(/halted by the kill switch/);
  const statuses = (await session.invoke('orders.list', { scope: 'all' })).map((o) => o.status).sort();
  expect(statuses).toEqual(['CANCELED', 'DENIED']);

  // The banner is on every view.
  await risk.openView('Portfolio');
  await expect(risk.haltBanner).toBeVisible();
  await risk.openView('Risk');
  await expect(risk.haltBanner).toBeVisible();
  await expect(risk.tradingState).toContainText('HALTED');
  await expect(risk.denials.getByRole('row').filter({ hasText: 'kill switch' })).toHaveCount(1);
  await page.screenshot({ path: 'test-results/risk.png' });
  await test.info().attach('risk', { path: 'test-results/risk.png', contentType: 'image/png' });

  // Resuming takes the exact word RESUME.
  await risk.haltBanner.getByRole('button', { name: 'Resume trading…' }).click();
  await expect(risk.resumeDialog).toBeVisible();
  const confirm = risk.resumeDialog.getByRole('textbox', { name: 'Type RESUME to confirm' });
  const resume = risk.resumeDialog.getByRole('button', { name: 'Resume trading', exact: true });
  await expect(confirm).toBeFocused();
  await expect(resume).toBeDisabled();
  for (const attempt of ['resume', 'RESUM', 'RESUME ']) {
    await confirm.fill(attempt);
    await expect(resume).toBeDisabled();
    await confirm.press('Enter');
    await expect(risk.resumeDialog).toBeVisible();
  }
  expect((await session.invoke('risk.status', { accountId: 'paper' })).state).toBe('HALTED');
  await confirm.fill('RESUME');
  await expect(resume).toBeEnabled();
  await resume.click();
  await expect(risk.resumeDialog).toBeHidden();
  await expect(risk.haltBanner).toHaveCount(0);
  await expect(risk.tradingState).toContainText('ACTIVE');
  expect((await session.invoke('risk.status', { accountId: 'paper' })).killSwitch.engaged).toBe(false);

  // Orders go through again.
  await risk.openView('Trading');
  await app.quantity.fill('2');
  await app.submitButton('Buy', 'ACME').click();
  await expect(app.ticket.getByRole('status')).toContainText('Buy 2 ACME market');
});

test('the duplicate guard asks before the same order again; only a confirmation sends it', async ({ page, session }) => {
  // A window wider than any test step, so the question does not depend on the machine's speed.
  await session.invoke('risk.limits.set', { scope: { accountId: 'paper' }, limits: { duplicateWindowSec: 300 } });
  const app = new WorkstationPage(page);
  const risk = new RiskPage(page);
  await app.open(session.url);
  const submits = async () => (await session.invoke('orders.list', { scope: 'all' })).length;

  await app.quantity.fill('2');
  const buy = app.submitButton('Buy', 'ACME');
  await buy.click();
  await expect(app.ticket.getByRole('status')).toContainText('Buy 2 ACME market');

  // The same again: the engine asks, and "Don't send" has the focus, so Enter sends nothing.
  await buy.click();
  await expect(risk.duplicateDialog).toBeVisible();
  await expect(risk.duplicateDialog).toContainText(/You sent the same order \(buy 2 ACME\) \d+ seconds? ago\. Send it again\?/);
  await expect(risk.duplicateDialog.getByRole('button', { name: 'Don’t send' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(risk.duplicateDialog).toBeHidden();
  await expect(app.ticket.getByRole('status')).toContainText('Not sent');
  expect(await submits()).toBe(1);

  // Asked again and confirmed: the second order is sent.
  await buy.click();
  await expect(risk.duplicateDialog).toBeVisible();
  await risk.duplicateDialog.getByRole('button', { name: 'Send it again' }).click();
  await expect(risk.duplicateDialog).toBeHidden();
  await expect(app.ticket.getByRole('status')).toContainText('Buy 2 ACME market');
  await expect.poll(async () => (await session.invoke('orders.list', { scope: 'all' })).map((o) => o.status)).toEqual(['FILLED', 'FILLED']);
  await expect(app.positionRow('ACME').getByRole('cell').nth(1)).toHaveText('4');
});

test('the size helper fills the quantity from the engine’s sizing', async ({ page, session }) => {
  const app = new WorkstationPage(page);
  await app.open(session.url);
  await app.ticket.getByRole('button', { name: 'Position size helper' }).click();
  const helper = page.getByRole('dialog', { name: 'Position size for ACME' });
  await expect(helper).toBeVisible();
  await helper.getByLabel('Method').selectOption('fixed_notional');
  await helper.getByLabel('Amount').fill('1000');
  // Enter computes here; it does not send the ticket.
  await helper.getByLabel('Amount').press('Enter');
  const [acme] = await session.invoke('market.instruments', { query: 'ACME' });
  if (!acme?.lastPrice) throw new Error('ACME has no last price');
  await expect(helper.getByRole('status')).toContainText(/Fixed amount 1000/);
  const use = helper.getByRole('button', { name: /^Use \d+/ });
  await expect(use).toBeVisible();
  const qty = (await use.innerText()).replace(/^Use /, '').replace(/,/g, '');
  // 1,000 at about the last price: whole shares, never rounded up.
  expect(Number(qty)).toBeGreaterThan(0);
  expect(Number(qty) * acme.lastPrice).toBeLessThanOrEqual(1000 * 1.05);
  await use.click();
  await expect(helper).toBeHidden();
  await expect(app.quantity).toHaveValue(qty);
  expect(await session.invoke('orders.list', { scope: 'all' })).toEqual([]);
});

test('the portfolio view after a buy: an equity curve, today’s and total P&L apart, metrics and exposure', async ({ page, session }) => {
  const app = new WorkstationPage(page);
  const risk = new RiskPage(page);
  await app.open(session.url);
  await app.pickSymbol('BOLT');
  await app.quantity.fill('10');
  await app.submitButton('Buy', 'BOLT').click();
  await expect(app.positionRow('BOLT').getByRole('cell').nth(1)).toHaveText('10');

  await risk.openView('Portfolio');
  await expect(risk.reportShows).toContainText('Paper account (whole account)');
  await expect(risk.equityChart.locator('canvas').first()).toBeVisible();
  await expect(risk.equityChart).not.toHaveAttribute('data-point-count', /^[01]$/);

  // Today's and total P&L are separate tiles, each labelled with its period and with its own value.
  const today = risk.pnlTile('today');
  const total = risk.pnlTile('total');
  await expect(today.getByRole('term')).toContainText('Today’s P&L');
  await expect(total.getByRole('term')).toContainText('Total P&L');
  await expect(today.getByRole('definition')).toHaveText(MONEY);
  await expect(total.getByRole('definition')).toHaveText(MONEY);
  await expect(risk.pnlTile('realized').getByRole('definition')).toHaveText(MONEY);
  await expect(risk.pnlTile('unrealized').getByRole('definition')).toHaveText(MONEY);

  // Exposure by symbol has the position; metrics show a value or "—" that says why.
  await expect(page.getByRole('region', { name: 'Exposure by symbol' }).getByRole('listitem').filter({ hasText: 'BOLT' })).toHaveCount(1);
  await expect(risk.metrics.getByRole('row')).toHaveCount(15);
  await expect(risk.metrics.getByRole('row', { name: /Closed trades/ })).toContainText('0');
  for (const row of await risk.metrics.getByRole('row').all()) {
    const cell = row.getByRole('cell');
    if ((await cell.innerText()).trim() === '—') await expect(cell.locator('[title]')).toHaveAttribute('title', /Not defined yet/);
  }
  await page.screenshot({ path: 'test-results/portfolio.png' });
  await test.info().attach('portfolio', { path: 'test-results/portfolio.png', contentType: 'image/png' });

  // The scope switch: one symbol that was traded, then one that was not.
  await page.getByRole('group', { name: 'Report scope' }).getByText('One symbol').click();
  await page.getByRole('form', { name: 'Symbol to report on' }).getByLabel('Symbol').fill('bolt');
  await page.getByRole('form', { name: 'Symbol to report on' }).getByRole('button', { name: 'Show' }).click();
  await expect(risk.reportShows).toHaveText(/^Showing BOLT on Paper account$/);
  await expect(risk.equityChart).not.toHaveAttribute('data-point-count', '0');
  await page.getByRole('form', { name: 'Symbol to report on' }).getByLabel('Symbol').fill('CRUX');
  await page.getByRole('form', { name: 'Symbol to report on' }).getByRole('button', { name: 'Show' }).click();
  await expect(risk.reportShows).toHaveText(/^Showing CRUX on Paper account$/);
  await expect(risk.equityChart).toHaveAttribute('data-point-count', '0');
  await expect(total.getByRole('definition')).toHaveText('$0.00');
});
