import { createWorkstation } from '../../electron/core/workstation';
import { tempDir } from '../support/tempDir';
import { percentile, type Figure } from './figures';

/**
 * order_roundtrip_paper: from orders.submit through the core API (parse, validate,
 * persist intent, paper ack) to the paper fill being persisted with its position and
 * cash. The replay is paused and stepped by hand so the figure measures our code, not
 * how long the simulated market takes to print the next trade.
 */
export async function benchOrders(rounds = 2_000): Promise<Figure[]> {
  const t = tempDir('tw-bench-orders-');
  const ws = await createWorkstation({ dataDir: t.dir, paused: true, historyDays: 1, log: () => {}, orderRate: { perSecond: 1e9, burst: 1e9 } });
  try {
    const ctx = { caller: 'bench' };
    // The order path at full speed: the risk engine's order-rate throttle would stop the loop.
    const limits = await ws.invoke('risk.limits.set', { scope: { accountId: 'paper' }, limits: { maxOrdersPerMinute: 100_000, maxOpenOrders: 100_000 } }, ctx);
    if (!limits.ok) throw new Error(limits.error.message);
    const roundtrip: number[] = [];
    const ack: number[] = [];
    const fillOf = ws.db.prepare('SELECT 1 FROM fills WHERE order_id = ?');
    for (let i = 0; i < rounds; i++) {
      const side = i % 2 === 0 ? 'buy' : 'sell';
      const t0 = process.hrtime.bigint();
      const res = await ws.invoke('orders.submit', { symbol: 'ACME', side, type: 'market', qty: '1', confirmDuplicate: true }, ctx);
      const t1 = process.hrtime.bigint();
      if (!res.ok) throw new Error(`bench order refused: ${res.error.message}`);
      const id = (res.value as { id: string }).id;
      // Step the market until the next ACME trade fills it (a few seconds of market time).
      let steps = 0;
      while (!fillOf.get(id)) {
        ws.feed.step(2_000);
        if (++steps > 200) throw new Error('paper order did not fill');
      }
      const t2 = process.hrtime.bigint();
      ack.push(Number(t1 - t0) / 1_000);
      roundtrip.push(Number(t2 - t0) / 1_000);
    }
    return [
      { name: 'order_submit_ack_paper_p50_us', value: percentile(ack, 50), unit: 'us' },
      { name: 'order_roundtrip_paper_p50_us', value: percentile(roundtrip, 50), unit: 'us' },
      { name: 'order_roundtrip_paper_p99_us', value: percentile(roundtrip, 99), unit: 'us' },
    ];
  } finally {
    await ws.close();
    t.cleanup();
  }
}
