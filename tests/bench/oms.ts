import { rulesOf } from '../../electron/core/domain/instrument';
import type { OrderOwner } from '../../electron/core/domain/ids';
import type { PreTradeCheck } from '../../electron/core/oms/orderManager';
import { openDatabase } from '../../electron/core/store/database';
import { AccountRepo } from '../../electron/core/store/repos/accountRepo';
import { newConnection } from '../integration/alpaca/helpers';
import { startFakeAlpaca, type FakeAlpaca } from '../support/fakeAlpaca';
import { omsCore } from '../support/omsCore';
import { omsHarness } from '../support/omsHarness';
import { tempDir } from '../support/tempDir';
import { percentile, type Figure } from './figures';

const ctx = { owner: { kind: 'manual' } as OrderOwner, actor: 'bench' };
/** The risk hook on the order path: a plain notional cap, as a pre-trade check. */
const notionalCap: PreTradeCheck = (o) => (o.limitPrice && o.qty.times(o.limitPrice).gt(1_000_000) ? 'over the notional cap' : null);
const us = (from: bigint) => Number(process.hrtime.bigint() - from) / 1_000;

/**
 * The OMS order path against the local paper venue, on a temp SQLite file in WAL mode (as
 * the app opens it). All figures use the real OrderManager, repositories and PaperVenue.
 *
 * order_path_p50_us / order_path_p99_us: one OrderManager.submit of a limit order that rests
 * (no fill): validate, the pre-trade (risk) hook, the intent transaction, the paper venue's
 * acknowledgement (its own insert and funds check), the OrderAccepted transaction. The book
 * is held at about 100 resting orders (the oldest is cancelled, outside the timing), since
 * the paper venue's funds check reads the open orders.
 *
 * orders_per_s: sequential awaited submits for ~5 s of wall clock, nothing else in the loop,
 * so the book grows to every order submitted (buys and sells alternate, none fills).
 *
 * reconcile_1000_orders_ms: a restart with 1000 open orders in the OMS, 100 of which filled
 * at the paper venue while the OMS was not listening (missed fills): a fresh OMS and paper
 * venue on the same file, timing OrderManager.reconcile (the paper venue reads SQLite).
 *
 * reconcile_1000_orders_alpaca_ms / _requests: the same restart against the fake Alpaca on
 * 127.0.0.1 through the real SDK (AlpacaConnection, client-side rate limit off): how long
 * reconcile takes and how many REST requests reach the venue meanwhile (the adapter's own
 * catch-up runs alongside, as at any restart). Real Alpaca allows about 200 requests a
 * minute, and the adapter limits itself to 190: divide the requests figure by that.
 */
export async function benchOms(samples = 5_000, sustainMs = 5_000): Promise<Figure[]> {
  return [...(await orderPath(samples)), ...(await sustained(sustainMs)), ...(await reconcilePaper()), ...(await reconcileAlpaca())];
}

async function orderPath(samples: number, warmup = 300, book = 100): Promise<Figure[]> {
  const t = tempDir('tw-bench-oms-');
  const h = omsHarness(`${t.dir}/oms.db`, { cash: '1000000000', checks: [notionalCap] });
  try {
    h.prices.tick('ACME', 50);
    const times: number[] = [];
    const resting: string[] = [];
    for (let i = 0; i < warmup + samples; i++) {
      const buy = i % 2 === 0;
      const t0 = process.hrtime.bigint();
      const o = await h.oms.submit({ symbol: 'ACME', side: buy ? 'buy' : 'sell', type: 'limit', tif: 'gtc', qty: '1', limitPrice: buy ? '40' : '60' }, ctx);
      const took = us(t0);
      if (o.status !== 'ACCEPTED') throw new Error(`bench order is ${o.status}, expected it to rest`);
      if (i >= warmup) times.push(took);
      resting.push(o.id);
      if (resting.length > book) await h.oms.cancel(resting.shift()!, 'bench');
    }
    return [
      { name: 'order_path_p50_us', value: percentile(times, 50), unit: 'us' },
      { name: 'order_path_p99_us', value: percentile(times, 99), unit: 'us' },
    ];
  } finally {
    await h.close();
    t.cleanup();
  }
}

async function sustained(ms: number): Promise<Figure[]> {
  const t = tempDir('tw-bench-oms-');
  const h = omsHarness(`${t.dir}/oms.db`, { cash: '1000000000', checks: [notionalCap] });
  try {
    h.prices.tick('ACME', 50);
    let n = 0;
    const start = process.hrtime.bigint();
    const end = start + BigInt(ms) * 1_000_000n;
    while (process.hrtime.bigint() < end) {
      const buy = n % 2 === 0;
      await h.oms.submit({ symbol: 'ACME', side: buy ? 'buy' : 'sell', type: 'limit', tif: 'gtc', qty: '1', limitPrice: buy ? '40' : '60' }, ctx);
      n++;
    }
    const seconds = us(start) / 1e6;
    return [{ name: 'orders_per_s', value: Math.round(n / seconds), unit: 'orders/s' }];
  } finally {
    await h.close();
    t.cleanup();
  }
}

async function reconcilePaper(open = 1_000, missed = 100): Promise<Figure[]> {
  const t = tempDir('tw-bench-oms-');
  const path = `${t.dir}/oms.db`;
  try {
    const before = omsHarness(path, { cash: '1000000000' });
    before.prices.tick('ACME', 50);
    for (let i = 0; i < open; i++) {
      // The first `missed` rest at 45, the others at 30: a trade at 44 fills exactly the first ones.
      await before.oms.submit({ symbol: 'ACME', side: 'buy', type: 'limit', tif: 'gtc', qty: '1', limitPrice: i < missed ? '45' : '30' }, ctx);
    }
    // The OMS stops listening (as if it had died); the venue trades on without it.
    before.oms.close();
    before.prices.tick('ACME', 44);
    await before.close();

    const after = omsHarness(path, { cash: '1000000000' });
    try {
      const t0 = process.hrtime.bigint();
      const summary = await after.oms.reconcile();
      const took = us(t0) / 1_000;
      if (summary.checked !== open || summary.fillsApplied !== missed) throw new Error(`reconcile checked ${summary.checked} and applied ${summary.fillsApplied} fills`);
      return [{ name: 'reconcile_1000_orders_ms', value: Math.round(took * 10) / 10, unit: 'ms' }];
    } finally {
      await after.close();
    }
  } finally {
    t.cleanup();
  }
}

async function reconcileAlpaca(open = 1_000, missed = 100): Promise<Figure[]> {
  const t = tempDir('tw-bench-oms-');
  const path = `${t.dir}/oms.db`;
  const fake = await startFakeAlpaca({ cash: '100000000', prices: { AAPL: '190' } });
  try {
    const ids: string[] = [];
    const before = await alpacaOms(path, fake);
    try {
      for (let i = 0; i < open; i++) {
        const o = await before.oms.submit({ symbol: 'AAPL', side: 'buy', type: 'limit', tif: 'gtc', qty: '1', limitPrice: '150' }, ctx);
        ids.push(o.clientOrderId);
      }
    } finally {
      await before.close();
    }
    // While the engine is down, Alpaca fills some of them.
    for (const id of ids.slice(0, missed)) fake.controls.fill(id);

    const after = await alpacaOms(path, fake);
    try {
      const requestsBefore = fake.controls.requests().length;
      const t0 = process.hrtime.bigint();
      const summary = await after.oms.reconcile();
      const took = us(t0) / 1_000;
      const requests = fake.controls.requests().length - requestsBefore;
      // The adapter's own catch-up runs alongside (as at any restart) and may book some of the missed fills first.
      const booked = after.fills.list({ limit: 10 * missed }).length;
      if (summary.checked !== open || booked !== missed) throw new Error(`alpaca reconcile checked ${summary.checked}; ${booked} fills booked`);
      return [
        { name: 'reconcile_1000_orders_alpaca_ms', value: Math.round(took), unit: 'ms' },
        { name: 'reconcile_1000_orders_alpaca_requests', value: requests, unit: 'requests' },
      ];
    } finally {
      await after.close();
    }
  } finally {
    await fake.close();
    t.cleanup();
  }
}

/** The OMS on a file with an AlpacaConnection to the fake; no client-side rate limit. */
async function alpacaOms(path: string, fake: FakeAlpaca) {
  const db = openDatabase(path);
  const conn = newConnection(fake, { accountId: 'alpaca-paper', rateLimit: false });
  await conn.connect();
  new AccountRepo(db).ensure({
    id: 'alpaca-paper',
    name: 'Alpaca paper',
    venue: 'alpaca',
    mode: 'paper',
    currency: 'USD',
    startingCash: (await conn.accountInfo()).cash,
    dayStartDate: '2026-11-20',
    at: 0,
  });
  const { oms, fills } = omsCore(db, {
    accountId: 'alpaca-paper',
    broker: conn,
    capabilities: conn.capabilities,
    rules: (s) => {
      const i = conn.instrument(s);
      return i ? rulesOf(i) : undefined;
    },
    lastPrice: () => null,
    now: Date.now,
  });
  return {
    oms,
    fills,
    close: async () => {
      oms.close();
      await conn.close();
      db.close();
    },
  };
}
