// Secrets never leave main: not in a reply, an event, a log line, or any file in the data
// folder (logs, the SQLite database and its -wal / -shm). A real workstation is driven
// through every invoke channel with valid and invalid inputs while a venue that echoes
// credentials in its errors does its worst; then every byte that came out is searched.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importKeytar, openKeytarVault } from '../../electron/core/secrets/keytarVault';
import { SessionVault } from '../../electron/core/secrets/sessionVault';
import type { SecretVault } from '../../electron/core/secrets/vault';
import { createWorkstation, type Workstation } from '../../electron/core/workstation';
import { invokeNames, type Envelope, type InvokeName } from '../../shared/contract';
import { tempDir } from '../support/tempDir';
import { randomAlpacaCredentials, venueDouble } from '../unit/connections/venueDouble';

const ctx = { caller: 'leak-test' };

/** Every encoding of a secret that could plausibly end up somewhere. */
function forms(secret: string): string[] {
  const b = Buffer.from(secret, 'utf8');
  return [secret, b.toString('base64'), b.toString('base64url'), b.toString('hex'), b.toString('hex').toUpperCase()];
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Which of the needles occur in which files (raw bytes, UTF-8 and UTF-16). */
function leaksInFiles(dir: string, needles: string[]): string[] {
  const found: string[] = [];
  for (const file of filesUnder(dir)) {
    const bytes = readFileSync(file);
    for (const n of needles) {
      if (bytes.includes(Buffer.from(n, 'utf8')) || bytes.includes(Buffer.from(n, 'utf16le'))) found.push(`${file}: ${n.slice(0, 6)}…`);
    }
  }
  return found;
}

const probe = await openKeytarVault({ service: `TradingWorkstation-leak-${randomBytes(4).toString('hex')}` });

describe('secrets never leave the main process', () => {
  let t: ReturnType<typeof tempDir>;
  let ws: Workstation | undefined;
  beforeEach(() => (t = tempDir()));
  afterEach(async () => {
    await ws?.close();
    t.cleanup();
    if (probe.ok) {
      const keytar = await importKeytar();
      for (const c of await keytar.findCredentials(probe.vault.service)) await keytar.deletePassword(probe.vault.service, c.account);
    }
  });

  it('the file scanner finds a planted secret (so an empty result means something)', () => {
    const planted = randomAlpacaCredentials().secret;
    writeFileSync(join(t.dir, 'planted.bin'), Buffer.concat([randomBytes(100), Buffer.from(planted, 'utf16le'), randomBytes(100)]));
    expect(leaksInFiles(t.dir, [planted])).toHaveLength(1);
  });

  it('no reply, event, log line or file in the data folder contains a secret', async () => {
    const paper = randomAlpacaCredentials('paper');
    const live = randomAlpacaCredentials('live');
    const wrongSecret = randomAlpacaCredentials().secret;
    let venueMisbehaves = false;
    const venue = venueDouble({
      echoCredentialsInErrors: true,
      accounts: [
        { ...paper, venueAccountId: 'PA-LEAK', buyingPower: '1000' },
        { ...live, venueAccountId: 'LA-LEAK', buyingPower: '2000' },
      ],
      override: (spec) => {
        if (venueMisbehaves) throw new Error(`socket hang up; request was {"key":"${spec.credentials.keyId}","secret":"${spec.credentials.secret}"}`);
      },
    });
    const vault: SecretVault = probe.ok ? probe.vault : new SessionVault();
    const logLines: string[] = [];
    ws = await createWorkstation({
      dataDir: t.dir,
      paused: true,
      historyDays: 1,
      vault: { vault },
      venueFactory: venue.factory,
      log: (level, message, fields) => logLines.push(JSON.stringify({ level, message, fields })),
    });
    const events: unknown[] = [];
    ws.subscribe((event, payload) => events.push({ event, payload }));
    const replies: Array<{ channel: string; input: unknown; reply: Envelope<unknown> }> = [];
    const call = async (channel: InvokeName | string, input: unknown) => {
      const reply = await ws!.invoke(channel, input, ctx);
      replies.push({ channel, input, reply });
      return reply;
    };
    const valueOf = async <T>(channel: InvokeName, input: unknown): Promise<T> => {
      const r = await call(channel, input);
      if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
      return r.value as T;
    };

    // The connections under test, and the venue's worst behaviour.
    const paperConn = await valueOf<{ id: string; keyLast4: string }>('connections.add', { name: 'Paper', venue: 'alpaca', ...paper });
    const liveConn = await valueOf<{ id: string }>('connections.add', { name: 'Live', venue: 'alpaca', mode: 'live', ...live });
    expect(paperConn.keyLast4).toBe(paper.keyId.slice(-4));
    expect(await vault.get(`connection:${paperConn.id}`)).toContain(paper.secret);
    // Far-away test prices: the price collar is not what this test is about.
    await valueOf('risk.limits.set', { scope: { accountId: 'paper' }, limits: { priceCollarPct: null } });
    const order = await valueOf<{ id: string }>('orders.submit', { symbol: 'ACME', side: 'buy', type: 'limit', qty: '1', limitPrice: '1' });

    const valid: Record<InvokeName, unknown[]> = {
      'app.info': [{}, undefined],
      'session.control': [{ paused: true }, { speed: 120 }],
      'market.instruments': [{}, { query: 'AC' }],
      'market.bars': [{ symbol: 'ACME', timeframe: '1m', limit: 20 }],
      'orders.submit': [{ symbol: 'ACME', side: 'buy', type: 'limit', qty: '1', limitPrice: '1' }],
      'orders.cancel': [{ orderId: order.id }],
      'orders.modify': [{ orderId: order.id, limitPrice: '2' }],
      'orders.list': [{}, { scope: 'open' }],
      'orders.history': [{ orderId: order.id }],
      'fills.list': [{}],
      'account.summary': [{}],
      'positions.list': [{}],
      'connections.list': [{}, undefined],
      'connections.add': [
        { name: 'Wrong key id, real secret', venue: 'alpaca', keyId: 'PKWRONGWRONGWRONGWRONG', secret: paper.secret },
        { name: 'Real key id, wrong secret', venue: 'alpaca', keyId: paper.keyId, secret: wrongSecret },
        { name: 'Paper twice', venue: 'alpaca', ...paper },
      ],
      'connections.test': [{ id: paperConn.id }, { id: liveConn.id }],
      'connections.rename': [{ id: paperConn.id, name: 'Paper renamed' }],
      'connections.delete': [],
      'connections.enableLive': [{ id: liveConn.id, confirmName: 'Live' }],
      'connections.disableLive': [{ id: liveConn.id }],
      'connections.exchanges': [{}],
      'vault.status': [{}],
      'accounts.list': [{}],
      'audit.list': [{}, { text: 'connection' }],
      'reconcile.run': [{}],
      'reconcile.issues': [{}, { includeClosed: true }],
      'reconcile.resolve': [{ issueId: 'rec-none', action: 'ignore' }],
      'risk.status': [{}],
      'risk.limits.get': [{ accountId: 'paper' }],
      'risk.limits.set': [{ scope: { accountId: 'paper' }, limits: { maxOrderQty: 1000 } }, { scope: { accountId: 'paper' }, limits: { maxOrderQty: -1 } }],
      'risk.groups.list': [{}],
      'risk.groups.save': [{ name: 'Tech', kind: 'sector', symbols: ['ACME'], maxGrossNotional: 50000 }],
      'risk.groups.delete': [{ id: 'grp-none' }],
      'risk.setState': [{ state: 'ACTIVE' }],
      'risk.killSwitch': [],
      'risk.releaseKillSwitch': [{ confirm: 'nope' }],
      'sizing.compute': [{ symbol: 'ACME', method: 'fixed_qty', params: { qty: 5 } }],
      'portfolio.report': [{}],
      'market.sources': [{}],
      'market.search': [{ source: 'sample', query: 'AC' }],
      'market.backfill.start': [{ source: 'sample', symbols: ['ACME'], from: Date.now() - 3_600_000, to: Date.now() }],
      'market.backfill.cancel': [{ jobId: 'none' }],
      'market.backfill.resume': [{ jobId: 'none' }],
      'market.backfill.list': [{}],
      'market.gaps': [{ source: 'sample', symbol: 'ACME', from: Date.now() - 3_600_000, to: Date.now() }],
      'market.subscribe': [{ source: 'sample', symbol: 'ACME' }],
      'market.unsubscribe': [{ source: 'sample', symbol: 'ACME' }],
      'chart.layout.get': [{}],
      'chart.layout.save': [{ key: 'main', layout: { source: 'sample', symbol: 'ACME', timeframe: '5m', session: 'regular', indicators: [] } }],
      'chart.presets.list': [{}],
      'chart.presets.save': [{ name: 'Trend', indicators: [{ type: 'sma', params: { period: 20 } }] }],
      'chart.presets.delete': [{ name: 'Trend' }],
      'bots.list': [{}, undefined],
      'bots.get': [{ botId: 'nobot' }],
      'bots.create': [
        { name: 'Cross', strategyId: 'ma-cross', symbols: ['ACME'], timeframe: '1m', accountId: 'paper', mode: 'paper', sizing: { method: 'fixed_qty', params: { qty: 1 } } },
        { name: 'Live cross', strategyId: 'ma-cross', symbols: ['ACME'], timeframe: '1m', accountId: liveConn.id, mode: 'live', confirmLive: true, sizing: { method: 'fixed_qty', params: { qty: 1 } } },
      ],
      'bots.update': [{ botId: 'nobot', config: { name: 'x', strategyId: 'ma-cross', symbols: ['ACME'], timeframe: '1m', accountId: 'paper', mode: 'paper', sizing: { method: 'fixed_qty', params: { qty: 1 } } } }],
      'bots.duplicate': [{ botId: 'nobot' }],
      'bots.delete': [{ botId: 'nobot' }],
      'bots.start': [{ botId: 'nobot' }],
      'bots.stop': [{ botId: 'nobot' }],
      'bots.pause': [{ botId: 'nobot' }],
      'bots.strategies': [{}],
      'bots.decisions': [{ botId: 'nobot' }],
      'bots.exportDecisions': [{ botId: 'nobot' }],
      'bots.versions': [{ botId: 'nobot' }],
      'bots.holding': [{ symbol: 'ACME' }, { accountId: liveConn.id, symbol: 'ACME' }],
      'training.strategies': [{}],
      'training.start': [{ strategyId: 'ma-cross', symbols: ['ACME'], period: { lastDays: 1 }, timeframe: '5m', ranges: [{ name: 'fast', min: 2, max: 4 }], trials: 10 }],
      'training.pause': [{ runId: 'none' }],
      'training.resume': [{ runId: 'none' }],
      'training.cancel': [{ runId: 'none' }],
      'training.runs': [{}],
      'training.run': [{ runId: 'none' }],
      'training.trial': [{ runId: 'none', trialId: 'search/-1/0' }],
      'training.applyToBot': [{ runId: 'none', trialId: 'search/-1/0', botId: 'nobot' }],
    };
    const invalidForAll: unknown[] = [undefined, null, 0, 'x', [], { bogus: true }, { id: 'conn-none' }, { id: 'x'.repeat(65) }];
    const invalid: Partial<Record<InvokeName, unknown[]>> = {
      'connections.add': [
        { name: 'Malformed', venue: 'alpaca', keyId: 'not a key', secret: paper.secret },
        { name: 'Spaces', venue: 'alpaca', keyId: paper.keyId, secret: `${paper.secret} ` + 'x' },
        { name: 'Too long', venue: 'alpaca', keyId: paper.keyId, secret: paper.secret.repeat(20) },
        { name: 'Unknown exchange', venue: 'ccxt', exchangeId: 'nosuchexchange', keyId: paper.keyId, secret: paper.secret },
        { name: 'No passphrase', venue: 'ccxt', exchangeId: 'okx', keyId: paper.keyId, secret: paper.secret },
        { name: 'Extra field', venue: 'alpaca', ...paper, secretCopy: paper.secret },
        { name: 'Live with paper key', venue: 'alpaca', mode: 'live', ...paper },
      ],
      'connections.enableLive': [{ id: liveConn.id, confirmName: 'live' }, { id: paperConn.id, confirmName: 'Paper renamed' }],
      'connections.rename': [{ id: paperConn.id, name: 'Live' }, { id: paperConn.id, name: '' }],
    };

    for (const channel of invokeNames) {
      for (const input of [...valid[channel], ...(invalid[channel] ?? []), ...invalidForAll]) await call(channel, input);
    }
    // A venue that throws an unexpected error quoting the request, credentials included.
    venueMisbehaves = true;
    const failed = await valueOf<{ ok: boolean; message: string }>('connections.test', { id: paperConn.id });
    expect(failed.ok).toBe(false);
    expect(failed.message).toMatch(/\[redacted\]/);
    venueMisbehaves = false;
    await call('connections.delete', { id: liveConn.id });
    await call('connections.delete', { id: liveConn.id });
    await call('nope.channel', { secret: 'x' });
    ws.flushEvents();

    expect(new Set(replies.map((r) => r.channel))).toEqual(new Set([...invokeNames, 'nope.channel']));
    expect(replies.filter((r) => r.reply.ok).length).toBeGreaterThan(20);
    expect(replies.filter((r) => !r.reply.ok).length).toBeGreaterThan(100);
    expect(events.some((e) => (e as { event: string }).event === 'connections.changed')).toBe(true);
    const secrets = [paper.secret, live.secret, wrongSecret, paper.keyId, live.keyId];
    const needles = secrets.flatMap(forms);

    // What the caller sent may contain a secret (the add form does); what came back may not.
    const outgoing = JSON.stringify({ replies: replies.map((r) => r.reply), events });
    const logs = logLines.join('\n');
    for (const n of needles) {
      expect(outgoing.includes(n), `a reply or event contains ${n.slice(0, 6)}…`).toBe(false);
      expect(logs.includes(n), `a log line contains ${n.slice(0, 6)}…`).toBe(false);
    }
    expect(outgoing).toContain(paper.keyId.slice(-4));
    expect(filesUnder(t.dir).some((f) => f.endsWith('workstation.db-wal'))).toBe(true);
    expect(leaksInFiles(t.dir, needles)).toEqual([]);

    await ws.close();
    ws = undefined;
    expect(leaksInFiles(t.dir, needles)).toEqual([]);
  });
});
