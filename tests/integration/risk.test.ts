import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KillSwitch, Order, RiskLimits, RiskStatus } from '../../shared/contract';
import { ApiError } from '../../electron/core/api/errors';
import { dec } from '../../electron/core/domain/decimal';
import { createWorkstation, type Workstation } from '../../electron/core/workstation';
import { tempDir } from '../support/tempDir';

const ctx = { caller: 'test' };
const bot = (id: string) => ({ owner: { kind: 'bot' as const, botId: id }, actor: `bot:${id}` });

describe('risk engine in the order path', () => {
  let t: ReturnType<typeof tempDir>;
  let ws: Workstation;
  const call = async <T>(channel: string, input: unknown): Promise<T> => {
    const r = await ws.invoke(channel, input, ctx);
    if (!r.ok) throw new ApiError(r.error.code, r.error.message, r.error.fields);
    return r.value as T;
  };
  const refusal = async (channel: string, input: unknown) => {
    const r = await ws.invoke(channel, input, ctx);
    if (r.ok) throw new Error(`${channel} should have been refused`);
    return r.error;
  };
  const open = () => createWorkstation({ dataDir: t.dir, paused: true, historyDays: 0, log: () => {}, orderRate: { perSecond: 1e6, burst: 1e6 }, equityObserveMs: 60_000 });
  const last = (symbol: string) => ws.feed.lastPrice(symbol)!;
  const setLimits = (limits: Record<string, unknown>) => call<RiskLimits>('risk.limits.set', { scope: { accountId: 'paper' }, limits });
  const buy = (symbol: string, qty: string, extra: Record<string, unknown> = {}) =>
    ws.invoke('orders.submit', { symbol, side: 'buy', type: 'market', qty, ...extra }, ctx);

  beforeEach(async () => {
    t = tempDir();
    ws = await open();
  });
  afterEach(async () => {
    await ws.close();
    t.cleanup();
  });

  it('denies an order above the per-order quantity and value limits with the reason, as a DENIED order', async () => {
    await setLimits({ maxOrderQty: 5, maxOrderNotional: 2_000 });
    const r = await buy('ACME', '6');
    expect(r).toMatchObject({ ok: false, error: { code: 'DENIED', message: 'Quantity 6 is above the 5 allowed per order' } });
    const big = await buy('DYNA', '5'); // ~600 each: above 2,000
    expect(big).toMatchObject({ ok: false, error: { code: 'DENIED', message: expect.stringMatching(/^Order value .* is above the 2000 allowed per order$/) } });
    const orders = await call<Order[]>('orders.list', {});
    expect(orders.map((o) => o.status)).toEqual(['DENIED', 'DENIED']);
    const status = await call<RiskStatus>('risk.status', {});
    expect(status.recentDenials.map((d) => d.check)).toEqual(['order_notional', 'order_qty']);
    expect((await buy('ACME', '5')).ok).toBe(true);
  });

  it('counts open orders towards the position limit, and lets reducing orders through', async () => {
    await setLimits({ maxPositionQty: 10 });
    const price = dec(last('ACME')).minus(1).toDecimalPlaces(2).toFixed();
    expect((await ws.invoke('orders.submit', { symbol: 'ACME', side: 'buy', type: 'limit', qty: '8', limitPrice: price }, ctx)).ok).toBe(true);
    expect(await buy('ACME', '3')).toMatchObject({ ok: false, error: { code: 'DENIED', message: 'The position would be 11 ACME: the limit is 10' } });
    expect((await buy('ACME', '2')).ok).toBe(true);
  });

  it('enforces gross exposure, group limits and the price collar', async () => {
    await setLimits({ maxGrossExposure: 5_000, priceCollarPct: 5 });
    const acme = last('ACME');
    const qty = Math.floor(4_000 / acme);
    expect((await buy('ACME', String(qty))).ok).toBe(true);
    ws.feed.step(60_000);
    const crux = last('CRUX');
    const more = Math.ceil(1_500 / crux);
    expect(await buy('CRUX', String(more))).toMatchObject({ ok: false, error: { code: 'DENIED', message: expect.stringMatching(/^Gross exposure would be .*: the limit is 5000$/) } });
    await setLimits({ maxGrossExposure: null });
    await call('risk.groups.save', { name: 'Materials', kind: 'sector', symbols: ['ACME', 'CRUX'], maxGrossNotional: 4_500 });
    expect(await buy('CRUX', String(more))).toMatchObject({ ok: false, error: { code: 'DENIED', message: expect.stringMatching(/^Exposure to Materials would be/) } });
    const far = dec(last('BOLT')).times(1.2).toDecimalPlaces(2).toFixed();
    expect(await ws.invoke('orders.submit', { symbol: 'BOLT', side: 'buy', type: 'limit', qty: '1', limitPrice: far }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'DENIED', message: expect.stringMatching(/% away from the last price .*: the collar is 5%/) },
    });
  });

  it('refuses limits that are negative or contradict each other, and groups with unknown symbols, when saved', async () => {
    const before = await call<RiskLimits>('risk.limits.get', { accountId: 'paper' });
    const neg = await refusal('risk.limits.set', { scope: { accountId: 'paper' }, limits: { maxOrderQty: -1 } });
    expect(neg).toMatchObject({ code: 'BAD_REQUEST', fields: { maxOrderQty: expect.stringMatching(/greater than zero/) } });
    const contra = await refusal('risk.limits.set', { scope: { accountId: 'paper' }, limits: { maxOrderQty: 100, maxPositionQty: 50, maxNetExposure: 10_000, maxGrossExposure: 5_000 } });
    expect(Object.keys(contra.fields ?? {}).sort()).toEqual(['maxNetExposure', 'maxOrderQty']);
    const dd = await refusal('risk.limits.set', { scope: { accountId: 'paper' }, limits: { drawdown: { cautionPct: 5, warningPct: 4, criticalPct: 10, emergencyPct: 20 } } });
    expect(dd.fields).toMatchObject({ drawdown: expect.stringMatching(/must increase/) });
    expect(await call<RiskLimits>('risk.limits.get', { accountId: 'paper' })).toEqual(before);
    const g = await refusal('risk.groups.save', { name: 'Bad', kind: 'correlation', symbols: ['ACME', 'NOPE'] });
    expect(g).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/Unknown symbol: NOPE/) });
    expect(await call('risk.groups.list', {})).toEqual([]);
  });

  it('reduce-only: a new position is denied, shrinking one is allowed', async () => {
    expect((await buy('ACME', '10')).ok).toBe(true);
    for (let i = 0; i < 50 && ws.accountRepo.position('paper', 'ACME') === undefined; i++) ws.feed.step(2_000);
    await call('risk.setState', { state: 'REDUCING' });
    expect(await buy('BOLT', '1')).toMatchObject({ ok: false, error: { code: 'DENIED', message: expect.stringMatching(/^Only orders that reduce a position/) } });
    expect(await buy('ACME', '1')).toMatchObject({ ok: false, error: { code: 'DENIED' } });
    expect((await ws.invoke('orders.submit', { symbol: 'ACME', side: 'sell', type: 'market', qty: '4' }, ctx)).ok).toBe(true);
    expect(await ws.invoke('orders.submit', { symbol: 'ACME', side: 'sell', type: 'market', qty: '7' }, ctx)).toMatchObject({ ok: false, error: { code: 'DENIED' } });
  });

  it("the daily loss limit and the drawdown levels change what may trade", async () => {
    await setLimits({ dailyLossLimit: 500, drawdown: { cautionPct: 2, warningPct: 4, criticalPct: 6, emergencyPct: 50 } });
    // Today started 1,000 higher than now: the daily loss limit is reached.
    const summary = ws.accounts.summary('paper');
    ws.accountRepo.rollDay('paper', new Date(ws.feed.status().marketTime).toISOString().slice(0, 10), dec(summary.equity).plus(1_000));
    let status = await call<RiskStatus>('risk.status', {});
    expect(status).toMatchObject({ state: 'REDUCING', stateReason: expect.stringMatching(/reached the daily loss limit 500/) });
    expect(await buy('ACME', '1')).toMatchObject({ ok: false, error: { code: 'DENIED' } });
    ws.accountRepo.rollDay('paper', new Date(ws.feed.status().marketTime).toISOString().slice(0, 10), dec(summary.equity));

    // The peak was 5% higher: warning level, no new positions.
    ws.riskStore.setAccountState('paper', { manualState: 'ACTIVE', equityPeak: dec(summary.equity).div('0.95').toFixed(), emergencyAt: null }, Date.now());
    const fresh = await open2();
    status = await fresh.call<RiskStatus>('risk.status', {});
    expect(status.drawdownLevel).toBe('warning');
    expect(status.state).toBe('ACTIVE');
    expect(await fresh.buy('ACME', '1')).toMatchObject({ ok: false, error: { code: 'DENIED', message: expect.stringMatching(/warning level: no new or larger positions/) } });
    await fresh.close();
  });

  /** A second engine on the same data folder (the first is closed): a restart. */
  async function open2() {
    await ws.close();
    ws = await open();
    return { call, buy, close: async () => {} };
  }

  it('the kill switch halts everything, cancels open orders, survives a restart, and only RESUME lifts it', async () => {
    const lim = dec(last('ACME')).minus(2).toDecimalPlaces(2).toFixed();
    const resting = await call<Order>('orders.submit', { symbol: 'ACME', side: 'buy', type: 'limit', qty: '1', limitPrice: lim });
    const k = await call<KillSwitch>('risk.killSwitch', { cancelOpen: true, flatten: false, reason: 'test' });
    expect(k).toMatchObject({ engaged: true, cancelOpen: true });
    await new Promise((r) => setTimeout(r, 0));
    expect(ws.orderRepo.get(resting.id)!.status).toBe('CANCELED');
    expect(await buy('ACME', '2')).toMatchObject({ ok: false, error: { code: 'DENIED', message: expect.stringMatching(/halted by the kill switch/) } });

    await ws.close();
    ws = await open();
    expect((await call<RiskStatus>('risk.status', {})).state).toBe('HALTED');
    expect(await buy('ACME', '2')).toMatchObject({ ok: false, error: { code: 'DENIED' } });
    expect(await refusal('risk.releaseKillSwitch', { confirm: 'yes' })).toMatchObject({ code: 'BAD_REQUEST' });
    await call('risk.releaseKillSwitch', { confirm: 'RESUME' });
    expect((await buy('ACME', '2')).ok).toBe(true);
  });

  it('no order from any bot reaches the venue after the kill switch, even ones racing it', async () => {
    // A venue with latency: orders already past the check are still on their way when the switch is hit.
    const calls: number[] = [];
    let seq = 0;
    const realSubmit = ws.venue.submit.bind(ws.venue);
    ws.venue.submit = async (req) => {
      calls.push(++seq);
      await new Promise((r) => setTimeout(r, Math.random() * 3));
      return realSubmit(req);
    };
    let switchSeq = Number.POSITIVE_INFINITY;
    const bots = ['a', 'b', 'c', 'd', 'e'].map(async (id) => {
      const out: Array<'ok' | 'denied' | 'other'> = [];
      for (let i = 0; i < 30; i++) {
        try {
          const lim = dec(last('ACME')).minus(3).toDecimalPlaces(2).toFixed();
          await ws.oms.submit({ accountId: 'paper', symbol: 'ACME', side: 'buy', type: 'limit', tif: 'gtc', qty: '1', limitPrice: lim }, bot(id));
          out.push('ok');
        } catch (err) {
          out.push(err instanceof ApiError && err.code === 'DENIED' ? 'denied' : 'other');
        }
      }
      return out;
    });
    setTimeout(() => {
      switchSeq = seq;
      void ws.risk.engageKillSwitch({ cancelOpen: true, flatten: false }, 'test');
    }, 15);
    const results = (await Promise.all(bots)).flat();
    expect(Number.isFinite(switchSeq)).toBe(true);
    expect(calls.filter((c) => c > switchSeq)).toEqual([]);
    expect(results).toContain('denied');
    expect(results).not.toContain('other');
    // Orders that were on their way when the switch was hit are cancelled as their acknowledgements arrive.
    for (let i = 0; i < 100 && ws.orderRepo.open('paper').length > 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(ws.orderRepo.open('paper')).toEqual([]);
    const denied = ws.orderRepo.list({ scope: 'all', limit: 1000 }).filter((o) => o.status === 'DENIED');
    expect(denied.length).toBe(results.filter((r) => r === 'denied').length);
  });

  it('asks before the same ticket order twice within the window', async () => {
    expect((await buy('ACME', '3')).ok).toBe(true);
    expect(await buy('ACME', '3')).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/^You sent the same order \(buy 3 ACME\) \d+ seconds? ago\. Send it again\?$/) } });
    expect((await buy('ACME', '3', { confirmDuplicate: true })).ok).toBe(true);
    expect((await buy('ACME', '4')).ok).toBe(true);
  });
});

describe('position sizing for the ticket', () => {
  it('sizes by each method from the account equity and the instrument lot, and explains it', async () => {
    const t = tempDir();
    const ws = await createWorkstation({ dataDir: t.dir, paused: true, historyDays: 1, log: () => {} });
    const size = async (method: string, params: Record<string, number>, price?: number) => {
      const r = await ws.invoke('sizing.compute', { symbol: 'ACME', method, params, ...(price ? { price } : {}) }, ctx);
      return r;
    };
    // 100,000 equity, 2% = 2,000 at 40 = 50 shares.
    expect(await size('pct_equity', { pct: 2 }, 40)).toMatchObject({ ok: true, value: { qty: '50', notional: '2000' } });
    // Risk 1% = 1,000 over a 2.50 stop distance = 400 shares.
    expect(await size('risk_per_trade', { riskPct: 1, stopDistance: 2.5 }, 40)).toMatchObject({ ok: true, value: { qty: '400' } });
    // 1,000 notional at 41 = 24.39 -> 24 whole shares (never rounded up).
    expect(await size('fixed_notional', { notional: 1000 }, 41)).toMatchObject({ ok: true, value: { qty: '24' } });
    const atr = await size('volatility_atr', { riskPct: 1, atrMultiple: 2 });
    expect(atr).toMatchObject({ ok: true, value: { explanation: expect.stringMatching(/ATR/) } });
    const kelly = await size('kelly', { winRate: 0.4, payoff: 1, fraction: 0.5, capPct: 20 }, 40);
    expect(kelly).toMatchObject({ ok: true, value: { qty: '0' } });
    expect(await size('risk_per_trade', { riskPct: 1 }, 40)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', fields: { stopDistance: 'Required' } } });
    await ws.close();
    t.cleanup();
  });
});
