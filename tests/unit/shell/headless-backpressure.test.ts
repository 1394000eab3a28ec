import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ApiHost, EventListener } from '../../../electron/core/api/host';
import { EventBacklog } from '../../../electron/headless/event-backlog';
import { startHeadlessHost } from '../../../electron/headless/server';
import type { HeadlessHost } from '../../../electron/headless/server';
import type { Order } from '../../../shared/contract';

function fakeEngine() {
  const listeners = new Set<EventListener>();
  const api: ApiHost = {
    invoke: async () => ({ ok: true, value: null }),
    subscribe: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    close: async () => {},
  };
  const emit = (event: string, payload: unknown) => {
    for (const l of listeners) (l as (e: string, p: unknown) => void)(event, payload);
  };
  return { api, emit };
}

const order = (id: string, status: Order['status']) => ({ id, status }) as unknown as Order;

describe('EventBacklog', () => {
  it('keeps the latest whole-state event and merges deltas by key', () => {
    const b = new EventBacklog();
    b.add('account.changed', { account: { equity: '1' }, positions: [] } as never);
    b.add('orders.changed', { orders: [order('a', 'SUBMITTED'), order('b', 'SUBMITTED')] });
    b.add('account.changed', { account: { equity: '2' }, positions: [] } as never);
    b.add('orders.changed', { orders: [order('a', 'FILLED')] });
    b.add('fills.added', { fills: [{ id: 'f1' }] as never });
    b.add('fills.added', { fills: [{ id: 'f2' }, { id: 'f1' }] as never });
    b.add('market.barsUpdated', { bars: [{ symbol: 'X', timeframe: '1m', t: 1, c: 1 }, { symbol: 'Y', timeframe: '1m', t: 1, c: 5 }] as never });
    b.add('market.barsUpdated', { bars: [{ symbol: 'X', timeframe: '1m', t: 1, c: 2 }] as never });

    const out = Object.fromEntries(b.drain().map((e) => [e.event, e.payload]));
    expect(out['account.changed']).toEqual({ account: { equity: '2' }, positions: [] });
    expect(out['orders.changed']).toEqual({ orders: [order('b', 'SUBMITTED'), order('a', 'FILLED')] });
    expect((out['fills.added'] as { fills: Array<{ id: string }> }).fills.map((f) => f.id).sort()).toEqual(['f1', 'f2']);
    expect(out['market.barsUpdated']).toEqual({
      bars: [{ symbol: 'Y', timeframe: '1m', t: 1, c: 5 }, { symbol: 'X', timeframe: '1m', t: 1, c: 2 }],
    });
    expect(b.size).toBe(0);
  });
});

describe('a client that does not read', () => {
  let host: HeadlessHost | null = null;
  afterEach(async () => {
    await host?.close();
    host = null;
  });

  async function pausedClient(limits: Parameters<typeof startHeadlessHost>[0]['limits']) {
    const engine = fakeEngine();
    host = await startHeadlessHost({ api: engine.api, rendererDir: '/nonexistent', limits });
    const ws = new WebSocket(host.wsUrl);
    const received: Array<{ event?: string; payload?: unknown }> = [];
    ws.on('message', (data) => received.push(JSON.parse(data.toString()) as { event?: string; payload?: unknown }));
    await new Promise<void>((r) => ws.once('open', () => r()));
    ws.pause();
    return { engine, ws, received };
  }

  it('is sent merged events instead of an ever-growing queue, and loses no order', async () => {
    const { engine, ws, received } = await pausedClient({ eventHighWaterBytes: 64 * 1024, retryEveryMs: 5, stalledAfterMs: 60_000 });
    const N = 300;
    const pad = 'x'.repeat(100_000);
    for (let i = 0; i < N; i++) {
      engine.emit('account.changed', { account: { seq: i, pad }, positions: [] });
      engine.emit('orders.changed', { orders: [{ id: `o${i % 50}`, seq: i }] });
    }
    ws.resume();
    const lastSeq = () =>
      received.findLast((m) => m.event === 'account.changed')?.payload as { account: { seq: number } } | undefined;
    for (let waited = 0; lastSeq()?.account.seq !== N - 1 && waited < 10_000; waited += 20) {
      await new Promise((r) => setTimeout(r, 20));
    }
    await new Promise((r) => setTimeout(r, 50));
    ws.close();

    const accounts = received.filter((m) => m.event === 'account.changed').map((m) => (m.payload as { account: { seq: number } }).account.seq);
    expect(accounts.length).toBeLessThan(N); // some were merged away while the client was not reading
    expect(accounts.at(-1)).toBe(N - 1); // ... but the latest state arrived
    expect(accounts).toEqual([...accounts].sort((a, b) => a - b)); // and never out of order

    const lastSeqOfOrder = new Map<string, number>();
    for (const m of received.filter((e) => e.event === 'orders.changed')) {
      for (const o of (m.payload as { orders: Array<{ id: string; seq: number }> }).orders) lastSeqOfOrder.set(o.id, o.seq);
    }
    expect(lastSeqOfOrder.size).toBe(50);
    for (let k = 0; k < 50; k++) expect(lastSeqOfOrder.get(`o${k}`)).toBe(N - 50 + k);
  });

  it('is disconnected with 1013 when it stays stalled', async () => {
    const { engine, ws } = await pausedClient({ eventHighWaterBytes: 64 * 1024, retryEveryMs: 5, stalledAfterMs: 200 });
    const pad = 'x'.repeat(100_000);
    for (let i = 0; i < 200; i++) engine.emit('account.changed', { account: { seq: i, pad }, positions: [] });
    await new Promise((r) => setTimeout(r, 400));
    const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)));
    ws.resume();
    expect(await closed).toBe(1013);
  });
});
