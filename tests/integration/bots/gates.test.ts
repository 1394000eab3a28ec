import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BotSummary, BotHolding, Decision, Order } from '../../../shared/contract';
import type { Workstation } from '../../../electron/core/workstation';
import { tempDir } from '../../support/tempDir';
import { call, createBot, decisions, flipBot, minutes, openEngine, status } from './harness';

const blockedBy = (list: Decision[]) => list.map((d) => d.blockedBy);

describe('bot decisions and their gates', () => {
  let t: ReturnType<typeof tempDir>;
  let ws: Workstation;

  beforeEach(async () => {
    t = tempDir();
    ws = await openEngine(t.dir);
  });
  afterEach(async () => {
    await ws.close();
    t.cleanup();
  });

  const run = async (input: Record<string, unknown>, bars: number) => {
    const bot = await createBot(ws, input);
    await call(ws, 'bots.start', { botId: bot.config.id });
    await minutes(ws, bars);
    return { id: bot.config.id, list: (await decisions(ws, bot.config.id)).reverse() };
  };

  it('names the risk check that denied the order, without recording a denial or sending anything', async () => {
    const { id, list } = await run(flipBot({ params: { period: 100, warmup: 1 }, sizing: { method: 'fixed_qty', params: { qty: 10 } }, risk: { maxOrderQty: 5 } }), 3);
    expect(list[0]).toMatchObject({ action: 'buy', blockedBy: 'risk:order_qty', sent: false, orderId: null, qty: '10' });
    expect(list[0]!.reason).toBe('Quantity 10 is above the 5 allowed per order');
    expect(list[0]!.gates.at(-1)).toEqual({ gate: 'risk:order_qty', passed: false, detail: 'Quantity 10 is above the 5 allowed per order' });
    expect(list[0]!.gates.map((g) => g.gate)).toEqual(['phase', 'signal', 'sizing', 'order', 'risk:order_qty']);
    expect(await call<Order[]>(ws, 'orders.list', {})).toHaveLength(0);
    const risk = await call<{ recentDenials: unknown[] }>(ws, 'risk.status', {});
    expect(risk.recentDenials).toHaveLength(0);
    // The bot's limits are the same ones the risk panel edits.
    expect(await call(ws, 'risk.limits.get', { botId: id })).toMatchObject({ maxOrderQty: '5' });
    const blocked = await call<{ decisions: Decision[] }>(ws, 'bots.decisions', { botId: id, blockedOnly: true });
    expect(blocked.decisions.length).toBe(list.length);
  });

  it('the cooldown blocks opening again until enough bars have passed; exits are never held back', async () => {
    const { list } = await run(flipBot({ params: { period: 1, warmup: 1 }, cooldownBars: 3 }), 9);
    // long, out, long, out ...: the exit goes at once, the re-entry one bar later waits for the
    // cooldown (1 bar since the exit), the next long comes 3 bars after the exit and goes.
    const summary = list.map((d) => `${d.action}:${d.blockedBy ?? (d.sent ? 'sent' : '-')}`);
    expect(summary.slice(0, 6)).toEqual(['buy:sent', 'sell:sent', 'buy:cooldown', 'hold:-', 'buy:sent', 'sell:sent']);
    const cooldown = list.find((d) => d.blockedBy === 'cooldown')!;
    expect(cooldown.reason).toMatch(/^\d bars? since the last order on ACME: the cooldown is 3$/);
    expect(list.filter((d) => d.sent).length).toBeGreaterThanOrEqual(3);
  });

  it('refuses an order below the minimum notional at the order gate', async () => {
    const { list } = await run(flipBot({ params: { period: 100, warmup: 1 }, symbols: ['ORB/USD'], sizing: { method: 'fixed_qty', params: { qty: 0.01 } } }), 2);
    expect(list[0]).toMatchObject({ action: 'buy', blockedBy: 'order', sent: false });
    expect(list[0]!.reason).toMatch(/^Order value .* USD is below the minimum of 10(\.00)? USD for ORB\/USD$/);
  });

  it('holds outside the trading hours, and limits the positions held at once', async () => {
    const now = new Date(ws.feed.status().marketTime);
    // A one-hour window twelve hours away from the market clock: closed now.
    const start = (now.getUTCHours() + 12) % 24;
    const hh = (h: number) => String(h).padStart(2, '0');
    const { list } = await run(flipBot({ params: { period: 100, warmup: 1 }, tradingHours: { timeZone: 'UTC', start: `${hh(start)}:00`, end: `${hh((start + 1) % 24)}:00` } }), 2);
    expect(list[0]).toMatchObject({ blockedBy: 'trading_hours' });
    expect(list[0]!.reason).toMatch(/^Outside the bot's trading hours \(\d\d:00-\d\d:00 UTC\)$/);

    const limited = await run(flipBot({ name: 'Two at most', params: { period: 100, warmup: 1 }, symbols: ['ACME', 'BOLT', 'CRUX'], maxOpenPositions: 2 }), 3);
    // One bar, three symbols in turn: two orders go, the third sees two positions on their way.
    const first = limited.list.filter((d) => d.barTime === limited.list[0]!.barTime);
    expect(first.map((d) => `${d.symbol}:${d.blockedBy ?? 'sent'}`)).toEqual(['ACME:sent', 'BOLT:sent', 'CRUX:open_positions']);
    expect(first[2]!.reason).toBe('Already holding 2 symbols (ACME, BOLT): the limit is 2');
    // Every later bar: two held, the third still kept out.
    const next = limited.list.filter((d) => d.barTime !== first[0]!.barTime);
    expect(next.length).toBeGreaterThanOrEqual(3);
    for (let k = 0; k < next.length; k += 3) {
      expect(next.slice(k, k + 3).map((d) => `${d.symbol}:${d.action}:${d.blockedBy ?? '-'}`)).toEqual(['ACME:hold:-', 'BOLT:hold:-', 'CRUX:buy:open_positions']);
    }
  });

  it('shadow mode logs decisions with their trace but never sends an order: the venue sees nothing', async () => {
    const { id, list } = await run(flipBot({ mode: 'shadow', params: { period: 2, warmup: 1 }, symbols: ['ACME', 'BOLT'] }), 6);
    expect(list.length).toBe(10);
    const trades = list.filter((d) => d.action !== 'hold');
    expect(trades.length).toBeGreaterThanOrEqual(4);
    for (const d of trades) {
      expect(d).toMatchObject({ mode: 'shadow', sent: false, orderId: null, blockedBy: null });
      expect(d.gates.at(-1)).toMatchObject({ gate: 'shadow', passed: true, detail: expect.stringMatching(/^Not sent \(shadow mode\); assumed filled at /) });
    }
    expect(await call<Order[]>(ws, 'orders.list', {})).toHaveLength(0);
    expect(ws.db.prepare('SELECT count(*) AS n FROM paper_orders').get()).toEqual({ n: 0 });
    expect(await call<unknown[]>(ws, 'positions.list', {})).toHaveLength(0);
    // Its own books follow the fills it assumed.
    const summary = await status(ws, id);
    expect(summary.mode).toBe('shadow');
    expect(summary.pnl.total).toMatch(/^-?\d+(\.\d+)?$/);
  });

  it('tells the ticket which bots hold or aim at a symbol', async () => {
    const bot = await createBot(ws, flipBot({ params: { period: 100, warmup: 1 } }));
    await call(ws, 'bots.start', { botId: bot.config.id });
    expect(await call<BotHolding[]>(ws, 'bots.holding', { symbol: 'ACME' })).toEqual([]);
    await minutes(ws, 3);
    const holding = await call<BotHolding[]>(ws, 'bots.holding', { symbol: 'ACME' });
    expect(holding).toEqual([{ botId: bot.config.id, name: 'Flip', mode: 'paper', state: 'running', position: '2', targetUnits: 1 }]);
    expect(await call<BotHolding[]>(ws, 'bots.holding', { symbol: 'BOLT' })).toEqual([]);
    const summary = await call<BotSummary[]>(ws, 'bots.list', {});
    expect(summary[0]!.positions).toEqual([expect.objectContaining({ symbol: 'ACME', qty: '2' })]);
  });

  it('pages, filters and exports the decision log', async () => {
    const { id } = await run(flipBot({ params: { period: 1, warmup: 1 }, symbols: ['ACME', 'BOLT'], cooldownBars: 2 }), 8);
    const all = await decisions(ws, id);
    expect(all.length).toBe(14);
    const page1 = await call<{ decisions: Decision[]; nextBefore: number | null }>(ws, 'bots.decisions', { botId: id, limit: 5 });
    const page2 = await call<{ decisions: Decision[]; nextBefore: number | null }>(ws, 'bots.decisions', { botId: id, limit: 5, before: page1.nextBefore });
    expect([...page1.decisions, ...page2.decisions].map((d) => d.id)).toEqual(all.slice(0, 10).map((d) => d.id));
    const bolt = await decisions(ws, id, { symbol: 'BOLT' });
    expect(bolt.length).toBe(7);
    expect(bolt.every((d) => d.symbol === 'BOLT')).toBe(true);
    expect(blockedBy(await decisions(ws, id, { blockedOnly: true })).every((b) => b !== null)).toBe(true);
    const exported = await call<{ fileName: string; count: number; text: string }>(ws, 'bots.exportDecisions', { botId: id });
    expect(exported.fileName).toBe(`flip-${id}-decisions.jsonl`);
    const lines = exported.text.trim().split('\n').map((l) => JSON.parse(l) as Decision);
    expect(lines.map((d) => d.id)).toEqual([...all].reverse().map((d) => d.id));
    expect(exported.count).toBe(14);
  });
});
