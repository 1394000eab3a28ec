import { type Locator, type Page } from '@playwright/test';

/** The Data view: source, backfill form and jobs, symbol search, live trades and book. */
export class DataPage {
  readonly tab: Locator;
  readonly source: Locator;
  readonly form: Locator;
  readonly symbols: Locator;
  readonly firstDay: Locator;
  readonly lastDay: Locator;
  readonly start: Locator;
  readonly jobs: Locator;
  readonly search: Locator;
  readonly market: Locator;
  readonly results: Locator;
  readonly live: Locator;

  constructor(readonly page: Page) {
    this.tab = page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Data', exact: true });
    this.source = page.getByLabel('Source', { exact: true });
    this.form = page.getByRole('form', { name: 'New backfill' });
    this.symbols = this.form.getByLabel('Symbols', { exact: true });
    this.firstDay = this.form.getByLabel('First day', { exact: true });
    this.lastDay = this.form.getByLabel('Last day', { exact: true });
    this.start = this.form.getByRole('button', { name: /Start backfill/ });
    this.jobs = page.getByRole('list', { name: 'Backfills' });
    this.search = page.getByLabel('Search instruments');
    this.market = page.getByLabel('Market', { exact: true });
    this.results = page.getByRole('table', { name: 'Instruments' });
    this.live = page.getByRole('region', { name: /^Live/ });
  }

  async open(): Promise<void> {
    await this.tab.click();
  }

  job(symbols: string): Locator {
    return this.jobs.getByRole('listitem', { name: `Backfill ${symbols}` });
  }

  resultRow(symbol: string): Locator {
    return this.results.getByRole('row').filter({ has: this.page.getByText(symbol, { exact: true }) });
  }
}

/** yyyy-mm-dd of a day `offset` days from today, local time (what a date input takes). */
export function dayFromToday(offset: number): string {
  const date = new Date(Date.now() + offset * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
