import { expect, test } from './support/paperSession';
import { BotsPage } from './support/botsPage';
import { WorkstationPage } from './support/workstationPage';

test('a ma-cross bot made in the wizard runs in paper mode: decisions with their gates, a fill and a position, blocked filter, stop', async ({ page, session }) => {
  test.setTimeout(150_000);
  const app = new WorkstationPage(page);
  const bots = new BotsPage(page);
  await app.open(session.url);
  await bots.open();

  await bots.newBot.click();
  await bots.field('Name').fill('Fast cross');
  await bots.field('Strategy').selectOption('ma-cross');
  await expect(bots.wizard).toContainText('fast moving average crosses above the slow one');
  // A bad relation between parameters is refused inline by the engine, and nothing is saved.
  await bots.field('Fast period').fill('8');
  await bots.field('Slow period').fill('5');
  await bots.field('Symbols').fill('ACME');
  await bots.field('Quantity').fill('5');
  await bots.wizard.getByRole('button', { name: 'Create bot' }).click();
  await expect(bots.wizard.getByRole('alert').filter({ hasText: 'The fast period (8) must be shorter than the slow period (5)' })).toBeVisible();
  expect(await session.invoke('bots.list', {})).toEqual([]);

  // Small periods so it acts quickly on the accelerated replay.
  await bots.field('Fast period').fill('2');
  await bots.field('Slow period').fill('4');
  await expect(bots.wizard.getByRole('radio', { name: 'LIVE' })).toHaveCount(0);
  await expect(bots.wizard.getByRole('radio', { name: 'PAPER' })).toBeChecked();
  await bots.wizard.getByRole('button', { name: 'Create bot' }).click();
  await expect(bots.wizard).toHaveCount(0);
  await expect(bots.row('Fast cross')).toContainText('PAPER');
  await expect(bots.status('Fast cross')).toHaveText('Stopped');

  // Faster replay: 1m bars close every few tens of milliseconds.
  await session.invoke('session.control', { speed: 3_000 });
  await page.getByRole('button', { name: 'Start Fast cross' }).click();
  await expect(bots.status('Fast cross')).toHaveText(/Running|Warming up/);

  // Decisions arrive live in the log; one expands into its gate trace.
  await expect(bots.decisionRows().first()).toBeVisible({ timeout: 30_000 });
  await bots.decisionLog.getByRole('button', { name: /^Gate trace of decision/ }).first().click();
  await expect(bots.decisionLog.getByRole('list', { name: /^Gates of decision/ }).first()).toContainText(/signal.*(passed|failed)/);

  // A cross trades: an order of the bot fills and the bot holds a position.
  await expect(bots.orders.getByRole('row').filter({ hasText: 'FILLED' }).first()).toBeVisible({ timeout: 90_000 });
  await expect.poll(async () => (await session.invoke('bots.list', {}))[0]?.positions.length ?? 0, { timeout: 30_000 }).toBeGreaterThan(0);

  // Blocked only: every row shown names the gate that blocked it.
  await bots.blockedOnly.check();
  await expect(page.getByRole('status', { name: 'Decisions shown' })).toContainText('blocked');
  const blocked = await session.invoke('bots.decisions', { botId: (await session.invoke('bots.list', {}))[0]!.id, blockedOnly: true, limit: 1000 });
  if (blocked.decisions.length > 0) {
    await expect(bots.decisionRows().first()).toBeVisible();
    for (const text of await bots.decisionRows().locator('td:nth-child(7)').allInnerTexts()) expect(text).not.toBe('—');
  }
  await bots.blockedOnly.uncheck();

  await bots.chart.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/bots.png' });

  await page.getByRole('button', { name: 'Stop Fast cross' }).click();
  await expect(bots.status('Fast cross')).toHaveText('Stopped');
  expect((await session.invoke('bots.list', {}))[0]!.status.state).toBe('stopped');
});
