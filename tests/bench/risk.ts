import { dec } from '../../electron/core/domain/decimal';
import { createWorkstation } from '../../electron/core/workstation';
import { tempDir } from '../support/tempDir';
import { percentile, type Figure } from './figures';

/**
 * risk_check: one pre-trade evaluation with every check configured, on an account holding
 * 500 positions (the sample market has 6 symbols, so the other 494 positions are written
 * straight into the books under made-up symbols and valued at their average price).
 */
export async function benchRisk(samples = 5_000): Promise<Figure[]> {
  const t = tempDir('tw-bench-risk-');
  const ws = await createWorkstation({ dataDir: t.dir, paused: true, historyDays: 0, log: () => {}, equityObserveMs: 3_600_000 });
  try {
    ws.riskStore.setLimits(
      'account:paper',
      {
        maxOrderQty: '1000000',
        maxOrderNotional: '100000000',
        maxPositionQty: '10000000',
        maxPositionNotional: '1000000000',
        maxPositionPctEquity: '100',
        maxGrossExposure: '100000000000',
        maxNetExposure: '100000000000',
        maxOpenOrders: 100_000,
        maxOrdersPerMinute: 100_000_000,
        priceCollarPct: '50',
        dailyLossLimit: '100000000',
        drawdown: { cautionPct: '50', warningPct: '60', criticalPct: '70', emergencyPct: '90' },
        cautionSizeFactor: '0.5',
        enforceMarketHours: true,
        allowExtendedHours: true,
        duplicateWindowSec: 5,
      },
      Date.now(),
    );
    ws.riskStore.saveGroup({ id: 'g1', name: 'Sample equities', kind: 'sector', symbols: ['ACME', 'BOLT', 'CRUX', 'DYNA'], maxGrossNotional: '100000000000' });
    for (let i = 0; i < 494; i++) {
      ws.accountRepo.savePosition({ accountId: 'paper', symbol: `X${i}`, qty: dec(10 + i), avgPrice: dec(20 + (i % 50)), realizedPnl: dec(0), updatedAt: 0 });
    }
    for (const s of ['ACME', 'BOLT', 'CRUX', 'DYNA', 'ORB/USD', 'VYX/USD']) {
      ws.accountRepo.savePosition({ accountId: 'paper', symbol: s, qty: dec(5), avgPrice: dec(ws.feed.lastPrice(s)!), realizedPnl: dec(0), updatedAt: 0 });
    }
    const last = dec(ws.feed.lastPrice('ACME')!);
    const order = {
      accountId: 'paper',
      owner: 'manual',
      symbol: 'ACME',
      side: 'buy' as const,
      type: 'limit' as const,
      tif: 'day' as const,
      qty: dec(3),
      limitPrice: last.toDecimalPlaces(2),
      stopPrice: null,
      extras: { orderClass: 'simple' as const, trailPrice: null, trailPercent: null, takeProfitPrice: null, stopLossPrice: null, stopLossLimitPrice: null },
    };
    const us: number[] = [];
    for (let i = 0; i < samples; i++) {
      const t0 = process.hrtime.bigint();
      ws.risk.evaluate(order);
      us.push(Number(process.hrtime.bigint() - t0) / 1_000);
    }
    return [
      { name: 'risk_check_p50_us', value: percentile(us, 50), unit: 'us (all checks, 500 positions)' },
      { name: 'risk_check_p99_us', value: percentile(us, 99), unit: 'us (all checks, 500 positions)' },
    ];
  } finally {
    await ws.close();
    t.cleanup();
  }
}
