import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AccountSummary, Order, Position } from '../../shared/contract';
import { createWorkstation, type Workstation } from '../../electron/core/workstation';
import { tempDir } from '../support/tempDir';

const ctx = { caller: 'test' };

async function call<T>(ws: Workstation, channel: string, input: unknown): Promise<T> {
  const res = await ws.invoke(channel, input, ctx);
  if (!res.ok) throw new Error(`${channel}: ${res.error.code} ${res.error.message}`);
  return res.value as T;
}

function stepUntil(ws: Workstation, done: () => boolean, stepMs = 2_000, max = 200): void {
  for (let i = 0; i < max && !done(); i++) ws.feed.step(stepMs);
  if (!done()) throw new Error('condition not reached');
}

describe('the workstation engine (paper session)', () => {
  let t: ReturnType<typeof tempDir>;
  beforeEach(() => (t = tempDir()));
  afterEach(() => t.cleanup());

  it('generates history, fills a market buy, pushes coalesced events, and keeps the books across a restart', async () => {
    let ws = await createWorkstation({ dataDir: t.dir, paused: true, historyDays: 1, seed: 7, log: () => {} });
    const events: Array<[string, unknown]> = [];
    ws.subscribe((e, p) => events.push([e, p]));

    const bars = await call<{ t: number[]; c: number[] }>(ws, 'market.bars', { symbol: 'ACME', timeframe: '1m', limit: 500 });
    expect(bars.t.length).toBe(500);
    const hourly = await call<{ t: number[] }>(ws, 'market.bars', { symbol: 'ACME', timeframe: '1h', limit: 10 });
    expect(hourly.t.length).toBe(10);
    expect(hourly.t.every((x) => x % 3600 === 0)).toBe(true);

    const order = await call<Order>(ws, 'orders.submit', { symbol: 'ACME', side: 'buy', type: 'market', qty: '10' });
    expect(order.status).toBe('ACCEPTED');
    stepUntil(ws, () => ws.orderRepo.get(order.id)!.status === 'FILLED');
    ws.flushEvents();
    const names = events.map(([e]) => e);
    expect(names).toContain('orders.changed');
    expect(names).toContain('fills.added');
    expect(names).toContain('account.changed');
    expect(names).toContain('market.barsUpdated');

    const positions = await call<Position[]>(ws, 'positions.list', {});
    expect(positions).toEqual([expect.objectContaining({ symbol: 'ACME', qty: '10' })]);
    const account = await call<AccountSummary>(ws, 'account.summary', {});
    const history = await call<{ events: Array<{ type: string }>; fills: unknown[] }>(ws, 'orders.history', { orderId: order.id });
    expect(history.events.map((e) => e.type)).toEqual(['OrderInitialized', 'OrderSubmitted', 'OrderAccepted', 'OrderFilled']);
    expect(history.fills).toHaveLength(1);
    await ws.close();

    ws = await createWorkstation({ dataDir: t.dir, paused: true, historyDays: 1, seed: 7, log: () => {} });
    const again = await call<Order[]>(ws, 'orders.list', { scope: 'all' });
    expect(again.map((o) => [o.id, o.status])).toEqual([[order.id, 'FILLED']]);
    expect(await call<Position[]>(ws, 'positions.list', {})).toEqual([
      expect.objectContaining({ symbol: 'ACME', qty: '10', avgPrice: positions[0]!.avgPrice }),
    ]);
    expect((await call<AccountSummary>(ws, 'account.summary', {})).cash).toBe(account.cash);
    await ws.close();
  });

  it('answers malformed payloads with an error envelope and writes nothing', async () => {
    const ws = await createWorkstation({ dataDir: t.dir, paused: true, historyDays: 0, log: () => {} });
    const countRows = () =>
      ws.db.prepare('SELECT (SELECT count(*) FROM orders) + (SELECT count(*) FROM order_events) + (SELECT count(*) FROM fills) AS n').get() as { n: number };
    const before = countRows().n;
    for (const payload of [null, 42, 'x', [], { symbol: 1 }, { symbol: 'ACME', side: 'buy', type: 'market', qty: {} }, { __proto__: { qty: 1 } }]) {
      const res = await ws.invoke('orders.submit', payload, ctx);
      expect(res.ok).toBe(false);
      if (!res.ok) expect(['BAD_REQUEST', 'INVALID_ORDER']).toContain(res.error.code);
    }
    expect((await ws.invoke('nope.nothing', {}, ctx)).ok).toBe(false);
    expect(countRows().n).toBe(before);
    await ws.close();
  });

  it('refuses a limit order without a price with a field message, and audits it', async () => {
    const ws = await createWorkstation({ dataDir: t.dir, paused: true, historyDays: 0, log: () => {} });
    const res = await ws.invoke('orders.submit', { symbol: 'ACME', side: 'buy', type: 'limit', qty: '5' }, ctx);
    expect(res).toEqual({
      ok: false,
      error: { code: 'INVALID_ORDER', message: 'A limit order needs a limit price', fields: { limitPrice: 'A limit order needs a limit price' } },
    });
    expect(ws.audit.list({ limit: 5 })[0]).toMatchObject({ action: 'order.submit', outcome: 'refused' });
    await ws.close();
  });
});

describe('the portfolio report through the API', () => {
  it('has an equity curve, P&L that adds up, metrics without NaN, and exposure by symbol', async () => {
    const t = tempDir();
    const ws = await createWorkstation({ dataDir: t.dir, paused: true, historyDays: 1, seed: 7, log: () => {}, equityObserveMs: 60_000 });
    const order = await call<Order>(ws, 'orders.submit', { symbol: 'ACME', side: 'buy', type: 'market', qty: '10' });
    stepUntil(ws, () => ws.orderRepo.get(order.id)!.status === 'FILLED');
    for (let i = 0; i < 5; i++) {
      ws.feed.step(60_000);
      ws.recordEquity('paper');
    }
    const r = await call<{
      equityCurve: { t: number[]; equity: number[] };
      pnl: { realized: string; unrealized: string; total: string; today: string };
      metrics: Record<string, unknown>;
      exposure: { bySymbol: Array<{ key: string; net: string }> };
    }>(ws, 'portfolio.report', {});
    expect(r.equityCurve.t.length).toBeGreaterThanOrEqual(5);
    expect(Number(r.pnl.total)).toBeCloseTo(Number(r.pnl.realized) + Number(r.pnl.unrealized), 2);
    const acct = await call<AccountSummary>(ws, 'account.summary', {});
    expect(Number(r.pnl.unrealized)).toBeCloseTo(Number(acct.unrealizedPnl), 2);
    expect(r.exposure.bySymbol.map((x) => x.key)).toEqual(['ACME']);
    expect(JSON.stringify(r.metrics)).not.toMatch(/NaN|Infinity/);
    const scoped = await call<{ scope: { symbol: string } }>(ws, 'portfolio.report', { symbol: 'ACME' });
    expect(scoped.scope.symbol).toBe('ACME');
    await ws.close();
    t.cleanup();
  });
});
