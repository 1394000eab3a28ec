import { expect, type Locator, type Page } from '@playwright/test';

/** The Training view as a user finds it: by roles and labels. */
export class TrainingPage {
  readonly nav: Locator;
  readonly wizard: Locator;
  readonly start: Locator;
  readonly progress: Locator;
  readonly status: Locator;
  readonly leaderboard: Locator;
  readonly bestChart: Locator;
  readonly scatter: Locator;
  readonly apply: Locator;

  constructor(readonly page: Page) {
    this.nav = page.getByRole('navigation', { name: 'Views' });
    this.wizard = page.getByRole('form', { name: 'Launch training' });
    this.start = this.wizard.getByRole('button', { name: 'Start training' });
    this.progress = page.getByRole('progressbar', { name: 'Trials done' });
    this.status = page.getByRole('status', { name: 'Run status' });
    this.leaderboard = page.getByRole('table', { name: 'Leaderboard' });
    this.bestChart = page.getByTestId('training-best-chart');
    this.scatter = page.getByTestId('training-scatter');
    this.apply = page.getByRole('region', { name: 'Apply to bot' });
  }

  async open(): Promise<void> {
    await this.nav.getByRole('button', { name: /^Training/ }).click();
    await expect(this.wizard).toBeVisible();
  }

  field(label: string): Locator {
    return this.wizard.getByLabel(label, { exact: true });
  }
}
