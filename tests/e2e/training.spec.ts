import type { TrainingRunSummary } from '../../shared/contract';
import { expect, test } from './support/paperSession';
import { TrainingPage } from './support/trainingPage';
import { WorkstationPage } from './support/workstationPage';

test('launch a small grid from the wizard, watch it finish, and apply the best params to a bot', async ({ page, session }) => {
  const app = new WorkstationPage(page);
  const training = new TrainingPage(page);
  await app.open(session.url);
  await training.open();

  // ma-cross on one day of 5-minute ACME bars: fast 5..15 by 5 and slow 30..50 by 10 (9 points).
  await training.field('Strategy').selectOption('ma-cross');
  await training.field('Symbol').selectOption('ACME');
  await training.field('Timeframe').selectOption('5m');
  await training.field('Days').fill('1');
  await training.field('Fast period min').fill('5');
  await training.field('Fast period max').fill('15');
  await training.field('Fast period step').fill('5');
  await training.field('Slow period min').fill('30');
  await training.field('Slow period max').fill('50');
  await training.field('Slow period step').fill('10');
  await training.field('Objective').selectOption('net_profit');
  await training.field('Search method').selectOption('grid');
  await expect(training.wizard).toContainText('The grid has 9 points.');

  // An inverted range is refused with the engine's message, and nothing starts.
  await training.field('Slow period max').fill('20');
  await training.start.click();
  await expect(training.wizard.getByRole('alert')).toContainText('inverted');
  expect(await session.invoke('training.runs', {})).toHaveLength(0);
  await training.field('Slow period max').fill('50');

  await training.start.click();
  await expect(training.status).toHaveText('Done', { timeout: 30_000 });
  await expect(training.progress).toHaveAttribute('aria-valuetext', /^(\d+) of \1 trials$/);
  await expect(training.leaderboard.getByRole('row')).toHaveCount(10); // header + 9 trials
  await expect(training.leaderboard).not.toContainText('NaN');
  await expect(training.bestChart).toBeVisible();
  await expect(training.scatter).toBeVisible();
  await expect(page.getByRole('table', { name: 'In-sample vs out-of-sample metrics' })).toBeVisible();
  await expect(page.getByTestId('training-equity-chart')).toBeVisible();

  const [run] = (await session.invoke('training.runs', {})) as TrainingRunSummary[];
  expect(run).toMatchObject({ status: 'done', symbol: 'ACME', timeframe: '5m', method: 'grid' });
  const detail = await session.invoke('training.run', { runId: run!.id });
  const best = detail.leaderboard[0]!;

  // One click: the best (selected by default) goes onto a new paper bot.
  await training.apply.getByLabel('New bot name').fill('Trained ACME cross');
  await training.apply.getByRole('button', { name: 'Apply params to bot' }).click();
  await expect(training.apply.getByRole('status')).toContainText('Trained ACME cross');
  const bots = await session.invoke('bots.list', {});
  const bot = bots.find((b) => b.name === 'Trained ACME cross');
  expect(bot).toBeDefined();
  const config = (await session.invoke('bots.get', { botId: bot!.id })).config;
  expect(config.params).toMatchObject(best.params);
  expect(config).toMatchObject({ strategyId: 'ma-cross', symbols: ['ACME'], timeframe: '5m' });

  // Then the second-best onto the same bot: a new version with those params.
  const second = detail.leaderboard[1]!;
  await training.leaderboard.getByRole('row').nth(2).click();
  await training.apply.getByLabel('Bot', { exact: true }).selectOption({ label: `Trained ACME cross (v1, paper)` });
  await training.apply.getByRole('button', { name: 'Apply params to bot' }).click();
  await expect(training.apply.getByRole('status')).toContainText('version 2');
  const updated = (await session.invoke('bots.get', { botId: bot!.id })).config;
  expect(updated.version).toBe(2);
  expect(updated.params).toMatchObject(second.params);

  await page.screenshot({ path: 'test-results/training.png', fullPage: true });
});
