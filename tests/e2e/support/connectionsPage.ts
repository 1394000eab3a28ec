import { expect, type Locator, type Page } from '@playwright/test';

export const NO_CONNECTIONS =
  'No broker connected — the paper session needs none. Add an Alpaca account or a crypto exchange to trade them.';

/** One WebSocket frame between the page and the engine, as Playwright saw it. */
export interface Frame {
  direction: 'sent' | 'received';
  text: string;
}

/** The Connections view as a user sees it: located by roles and labels, never by CSS. */
export class ConnectionsPage {
  readonly nav: Locator;
  readonly form: Locator;
  readonly list: Locator;
  readonly table: Locator;
  readonly name: Locator;
  readonly keyId: Locator;
  readonly secret: Locator;
  readonly passphrase: Locator;
  readonly exchange: Locator;
  readonly submit: Locator;
  readonly liveBadge: Locator;

  constructor(readonly page: Page) {
    this.nav = page.getByRole('navigation', { name: 'Views' });
    this.form = page.getByRole('form', { name: 'Add a connection' });
    this.list = page.getByRole('region', { name: 'Connections', exact: true });
    this.table = page.getByRole('table', { name: 'Connections' });
    this.name = this.form.getByLabel('Name', { exact: true });
    this.keyId = this.form.getByLabel('API key id');
    this.secret = this.form.getByLabel('API secret');
    this.passphrase = this.form.getByLabel('Passphrase');
    this.exchange = this.form.getByRole('combobox', { name: 'Exchange' });
    this.submit = this.form.getByRole('button', { name: /^Test and add/ });
    this.liveBadge = page.getByRole('button', { name: /^Live trading enabled/ });
  }

  /**
   * Records every WebSocket frame from now on (call before opening the page), to prove
   * what crossed the wire and what did not.
   */
  recordFrames(): Frame[] {
    const frames: Frame[] = [];
    this.page.on('websocket', (socket) => {
      const push = (direction: Frame['direction']) => ({ payload }: { payload: string | Buffer }) => {
        frames.push({ direction, text: typeof payload === 'string' ? payload : payload.toString('utf8') });
      };
      socket.on('framesent', push('sent'));
      socket.on('framereceived', push('received'));
    });
    return frames;
  }

  async open(): Promise<void> {
    await this.nav.getByRole('button', { name: 'Connections' }).click();
    await expect(this.nav.getByRole('button', { name: 'Connections' })).toHaveAttribute('aria-current', 'page');
    await expect(this.form).toBeVisible();
  }

  async chooseAlpaca(mode: 'paper' | 'live'): Promise<void> {
    await this.form.getByRole('radio', { name: 'Alpaca' }).check();
    await this.form.getByRole('radio', { name: mode === 'paper' ? 'Paper' : 'Live (real money)' }).check();
  }

  async fill(values: { name: string; keyId: string; secret: string }): Promise<void> {
    await this.name.fill(values.name);
    await this.keyId.fill(values.keyId);
    await this.secret.fill(values.secret);
  }

  row(name: string): Locator {
    return this.table.getByRole('row', { name, exact: true });
  }

  button(label: string): Locator {
    return this.list.getByRole('button', { name: label, exact: true });
  }

  /** Everything the page shows or holds in a field, to look for a secret in. */
  async everythingOnPage(): Promise<string> {
    const inputs = await this.page.locator('input').all();
    const [text, html, ...values] = await Promise.all([
      this.page.locator('body').innerText(),
      this.page.content(),
      ...inputs.map((input) => input.inputValue()),
    ]);
    return [text, html, ...values].join('\n');
  }
}
