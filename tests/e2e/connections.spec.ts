import { test as paperTest } from './support/paperSession';
import { ConnectionsPage, NO_CONNECTIONS, type Frame } from './support/connectionsPage';
import { expect, randomAlpacaKeys, test } from './support/fakeAlpacaVenues';
import { WorkstationPage } from './support/workstationPage';

const STORAGE_LABELS = { keychain: 'OS keychain', safeStorage: 'Safe storage', session: 'Session only' } as const;

/** Requests (sent frames) by channel. */
function requestsTo(frames: readonly Frame[], channel: string): Frame[] {
  return frames.filter((frame) => frame.direction === 'sent' && frame.text.includes(`"channel":"${channel}"`));
}

/** The engine's reply to the request that carried `marker`, parsed. */
function replyTo(frames: readonly Frame[], marker: string): { ok: boolean; error?: { code: string; message: string } } {
  const request = frames.find((frame) => frame.direction === 'sent' && frame.text.includes(marker));
  if (!request) throw new Error('no request carried the marker');
  const { id } = JSON.parse(request.text) as { id: number };
  for (const frame of frames) {
    if (frame.direction !== 'received') continue;
    const message = JSON.parse(frame.text) as { id?: number; reply?: { ok: boolean; error?: { code: string; message: string } } };
    if (message.id === id && message.reply) return message.reply;
  }
  throw new Error(`no reply to request ${id}`);
}

/**
 * A secret may cross the wire once, towards the engine, inside the connections.add request
 * that carries it; nothing the engine sends back (replies, events) may contain it.
 */
function expectNoLeak(frames: readonly Frame[], secrets: readonly string[]): void {
  expect(frames.length).toBeGreaterThan(0);
  for (const secret of secrets) {
    const carrying = frames.filter((frame) => frame.text.includes(secret));
    for (const frame of carrying) {
      expect(frame.direction, `a frame from the engine carried a secret: ${frame.text.slice(0, 200)}`).toBe('sent');
      expect(frame.text).toContain('"channel":"connections.add"');
    }
  }
}

test('an Alpaca paper connection: added with its key masked, tested, renamed, deleted; no secret reaches the page', async ({
  page,
  session,
  alpaca,
}) => {
  const app = new WorkstationPage(page);
  const connections = new ConnectionsPage(page);
  const frames = connections.recordFrames();
  const { keyId, secret, accountNumber } = alpaca.paper;
  const vault = await session.invoke('vault.status', {});

  await app.open(session.url);
  await connections.open();
  await expect(connections.list).toContainText(NO_CONNECTIONS);
  // Paper is the default account type.
  await expect(connections.form.getByRole('radio', { name: 'Paper', exact: true })).toBeChecked();

  await connections.chooseAlpaca('paper');
  await connections.fill({ name: 'Alpaca paper', keyId, secret });
  await connections.submit.click();

  // The engine tested the keys at (the fake) Alpaca and saved them: the venue's answer in plain words.
  const confirmation = connections.form.getByRole('status');
  await expect(confirmation).toContainText('Added “Alpaca paper”');
  await expect(confirmation).toContainText(`account ${accountNumber}`);
  await expect(connections.keyId).toHaveValue('');
  await expect(connections.secret).toHaveValue('');

  const row = connections.row('Alpaca paper');
  await expect(row).toContainText('Alpaca');
  await expect(row).toContainText('PAPER');
  await expect(row).toContainText(`key ••••${keyId.slice(-4)}`);
  await expect(row).toContainText('Connected');
  await expect(row).toContainText(`account ${accountNumber} · buying power 25,000.00 USD`);
  await expect(row).toContainText(STORAGE_LABELS[vault.backend]);
  await expect(connections.list).not.toContainText(NO_CONNECTIONS);

  // Test: the engine asks Alpaca again with the stored key. A refusal is shown as such...
  const { controls } = alpaca.paper.server;
  controls.failNext(1, 403, { path: '/v2/account' });
  await connections.button('Test Alpaca paper').click();
  await expect(connections.list.getByRole('alert')).toContainText('Test failed for Alpaca paper: Alpaca refused access');
  await expect(row).toContainText('Problem');
  await expect(row).not.toContainText(`account ${accountNumber}`);

  // ...and a passing test shows the account and its buying power.
  const accountReads = () => controls.requests().filter((r) => r.path === '/v2/account').length;
  const readsBefore = accountReads();
  await connections.button('Test Alpaca paper').click();
  await expect(connections.list.getByRole('status')).toHaveText(
    `Test passed for Alpaca paper: account ${accountNumber} · buying power 25,000.00 USD.`,
  );
  expect(accountReads()).toBeGreaterThan(readsBefore);
  await expect(row).toContainText('Connected');
  await expect(row).toContainText(`account ${accountNumber}`);

  // Rename inline: Enter saves.
  await connections.button('Rename Alpaca paper').click();
  const newName = connections.list.getByRole('textbox', { name: 'New name for Alpaca paper' });
  await expect(newName).toBeFocused();
  await newName.fill('Alpaca practice');
  await newName.press('Enter');
  await expect(connections.row('Alpaca practice')).toContainText(`key ••••${keyId.slice(-4)}`);
  await expect(connections.row('Alpaca paper')).toHaveCount(0);
  await expect(connections.button('Rename Alpaca practice')).toBeFocused();
  expect((await session.invoke('connections.list', {})).map((c) => c.name)).toEqual(['Alpaca practice']);

  // Everything the page shows, holds in a field or received: the key id and secret are in none of it.
  const shown = await connections.everythingOnPage();
  expect(shown).not.toContain(keyId);
  expect(shown).not.toContain(secret);
  expectNoLeak(frames, [keyId, secret]);
  expect(requestsTo(frames, 'connections.add')).toHaveLength(1);

  // Delete asks first; Cancel has the focus, so a stray Enter keeps the connection.
  await connections.button('Delete Alpaca practice').click();
  const confirm = page.getByRole('dialog', { name: 'Delete “Alpaca practice”?' });
  await expect(confirm).toBeVisible();
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await confirm.getByRole('button', { name: 'Delete connection' }).click();
  await expect(confirm).toBeHidden();
  await expect(connections.list).toContainText(NO_CONNECTIONS);
  expect(await session.invoke('connections.list', {})).toEqual([]);
});

test("wrong keys: the form's own checks, the engine's field errors inline, the venue's refusal, and nothing saved", async ({
  page,
  session,
  alpaca,
}) => {
  const app = new WorkstationPage(page);
  const connections = new ConnectionsPage(page);
  const frames = connections.recordFrames();
  await app.open(session.url);
  await connections.open();

  // Empty fields: the form says what is missing and sends nothing.
  await connections.submit.click();
  await expect(connections.name).toHaveAttribute('aria-invalid', 'true');
  await expect(connections.keyId).toHaveAccessibleDescription(/Paste the API key id/);
  await expect(connections.secret).toHaveAccessibleDescription(/Paste the API secret/);
  expect(requestsTo(frames, 'connections.add')).toHaveLength(0);

  // A live key for a paper account: the engine refuses it and names the field.
  const live = randomAlpacaKeys('live');
  await connections.fill({ name: 'Mixed up', ...live });
  await connections.submit.click();
  await expect(connections.keyId).toHaveAttribute('aria-invalid', 'true');
  await expect(connections.keyId).toHaveAccessibleDescription(/This is a live key \(it starts with AK\) but you chose a paper account/);
  expect(requestsTo(frames, 'connections.add')).toHaveLength(1);

  // The right key id with a wrong secret: Alpaca's refusal, in its words, and nothing is saved.
  const wrongSecret = randomAlpacaKeys('paper').secret;
  await connections.fill({ name: 'Wrong secret', keyId: alpaca.paper.keyId, secret: wrongSecret });
  await connections.submit.click();
  const refusal = connections.form.getByRole('alert');
  await expect(refusal).toContainText(/^Alpaca refused access \(forbidden\.\)/);
  await expect(refusal).toContainText('Nothing was saved.');
  // The venue said no (REJECTED), which is not "could not reach the venue" (UNAVAILABLE).
  expect(replyTo(frames, wrongSecret).error?.code).toBe('REJECTED');
  await expect(connections.secret).toHaveValue('');
  await expect(connections.keyId).toHaveValue('');
  await expect(connections.list).toContainText(NO_CONNECTIONS);
  await expect(connections.table).toHaveCount(0);
  expect(await session.invoke('connections.list', {})).toEqual([]);

  const shown = await connections.everythingOnPage();
  for (const secret of [live.keyId, live.secret, alpaca.paper.keyId, wrongSecret]) expect(shown).not.toContain(secret);
  expectNoLeak(frames, [live.keyId, live.secret, alpaca.paper.keyId, wrongSecret]);
});

test('live gate: typing the exact name enables live trading, the LIVE badge shows while it is on', async ({ page, session, alpaca }) => {
  const app = new WorkstationPage(page);
  const connections = new ConnectionsPage(page);
  const frames = connections.recordFrames();
  await app.open(session.url);
  await connections.open();

  await connections.chooseAlpaca('live');
  await expect(connections.form).toContainText('A live account trades real money');
  await connections.fill({ name: 'Alpaca live', keyId: alpaca.live.keyId, secret: alpaca.live.secret });
  await connections.submit.click();
  await expect(connections.form.getByRole('status')).toContainText('Live trading is off until you enable it');
  const row = connections.row('Alpaca live');
  await expect(row).toContainText('LIVE');
  await expect(row).toContainText('trading off');
  await expect(row).toContainText(`account ${alpaca.live.accountNumber} · buying power 1,250.50 USD`);
  // Added is not enabled: no LIVE badge yet, the session stays paper.
  await expect(connections.liveBadge).toHaveCount(0);
  await expect(page.getByText('PAPER', { exact: true })).toBeVisible();

  await connections.button('Enable live trading for Alpaca live').click();
  const dialog = page.getByRole('dialog', { name: 'Enable live trading for “Alpaca live”' });
  await expect(dialog).toContainText('real money');
  const typed = dialog.getByRole('textbox', { name: /Type the connection name to confirm/ });
  const enable = dialog.getByRole('button', { name: 'Enable live trading' });
  await expect(enable).toBeDisabled();
  await expect(enable).toHaveAccessibleDescription('The button unlocks when you have typed Alpaca live exactly.');

  // Wrong names are refused, each with the reason; Enter sends nothing.
  const wrong: Array<[string, RegExp]> = [
    ['alpaca live', /capital and small letters must match/],
    ['Alpaca live ', /remove the spaces/],
    ['Alpaca', /Keep typing/],
    ['Alpaca paper', /not the name of this connection/],
  ];
  for (const [name, why] of wrong) {
    await typed.fill(name);
    await expect(enable).toBeDisabled();
    await expect(enable).toHaveAccessibleDescription(why);
  }
  await typed.press('Enter');
  await expect(dialog).toBeVisible();
  expect(requestsTo(frames, 'connections.enableLive')).toHaveLength(0);
  expect((await session.invoke('connections.list', {}))[0]?.liveEnabled).toBe(false);

  await typed.fill('Alpaca live');
  await expect(enable).toBeEnabled();
  await enable.click();
  await expect(dialog).toBeHidden();

  // Live: the red badge in the top bar names the account, the row says so, the engine agrees.
  await expect(connections.liveBadge).toBeVisible();
  await expect(connections.liveBadge).toContainText('LIVE');
  await expect(connections.liveBadge).toContainText('Alpaca live');
  await expect(row).toContainText('trading enabled');
  expect((await session.invoke('connections.list', {}))[0]?.liveEnabled).toBe(true);
  await page.screenshot({ path: 'test-results/connections.png' });
  await test.info().attach('connections', { path: 'test-results/connections.png', contentType: 'image/png' });

  // The badge stays on the trading screen, and leads back to the connections.
  await app.page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Trading' }).click();
  await expect(app.ticket).toBeVisible();
  await expect(connections.liveBadge).toBeVisible();
  await page.screenshot({ path: 'test-results/connections-trading-live.png' });
  await connections.liveBadge.click();
  await expect(row).toBeVisible();

  await connections.button('Disable live trading for Alpaca live').click();
  await expect(connections.liveBadge).toHaveCount(0);
  await expect(row).toContainText('trading off');
  expect((await session.invoke('connections.list', {}))[0]?.liveEnabled).toBe(false);
  expectNoLeak(frames, [alpaca.live.keyId, alpaca.live.secret]);
});

test('the exchange picker: searchable by keyboard, says which exchanges need a passphrase or have no testnet', async ({
  page,
  session,
}) => {
  const app = new WorkstationPage(page);
  const connections = new ConnectionsPage(page);
  const frames = connections.recordFrames();
  await app.open(session.url);
  await connections.open();
  await connections.form.getByRole('radio', { name: 'Crypto exchange (ccxt)' }).check();

  await expect(connections.exchange).toBeEnabled();
  await connections.exchange.focus();
  await page.keyboard.type('okx');
  const options = page.getByRole('listbox', { name: 'Exchanges' }).getByRole('option');
  await expect(options.first()).toContainText('OKX');
  await expect(options.first()).toContainText('passphrase');
  await expect(options.first()).toContainText('testnet');
  await page.keyboard.press('Enter');
  await expect(connections.exchange).toHaveValue('OKX');
  await expect(connections.passphrase).toBeVisible();

  // Kraken has no testnet: as a paper account the form refuses it, and says what to do.
  await connections.exchange.fill('kraken');
  await page.keyboard.press('Enter');
  await expect(connections.exchange).toHaveValue('Kraken');
  await expect(connections.passphrase).toHaveCount(0);
  await connections.fill({ name: 'Kraken', keyId: 'some-key', secret: 'some-secret' });
  await connections.submit.click();
  await expect(connections.form.getByRole('group', { name: 'Account' })).toContainText(
    'Kraken has no testnet, so it cannot be added as paper',
  );
  expect(requestsTo(frames, 'connections.add')).toHaveLength(0);
});

paperTest.describe('without an OS keychain', () => {
  const reason = 'No OS keychain is available (e2e test); keys are kept only until you quit.';
  paperTest.use({ sessionOptions: { sessionOnlyVault: reason } });

  paperTest('the Connections view says keys last only for this session, and why', async ({ page, session }) => {
    const app = new WorkstationPage(page);
    const connections = new ConnectionsPage(page);
    await app.open(session.url);
    await connections.open();
    const banner = page.getByRole('status', { name: 'Key storage' });
    await expect(banner).toContainText('Keys are kept for this session only.');
    await expect(banner).toContainText(reason);
    await expect(connections.list).toContainText(NO_CONNECTIONS);
  });
});
