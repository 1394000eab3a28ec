import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EquityRecorder } from '../../../electron/core/analytics/equitySnapshots';
import { buildPortfolioReport, type PortfolioDeps } from '../../../electron/core/analytics/portfolioReport';
import { Decimal, ZERO, dec } from '../../../electron/core/domain/decimal';
import { PortfolioReport } from '../../../shared/contract/portfolio';
import { omsHarness } from '../../support/omsHarness';
import { tempDir } from '../../support/tempDir';

const manual = { owner: { kind: 'manual' as const }, actor: 'test' };
const alpha = { owner: { kind: 'bot' as const, botId: 'alpha' }, actor: 'bot:alpha' };
const cents = (d: Decimal) => d.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed();

/**
 * The report against books written by the real OMS and paper venue (slippage, fees rounded
 * by the venue, partial closes, a bot flipping through zero while the account stays long):
 * what it derives from fills must agree with what the OMS booked.
 */
describe('portfolio report over the real OMS books', () => {
  let t: ReturnType<typeof tempDir>;
  let h: ReturnType<typeof omsHarness>;
  beforeEach(() => {
    t = tempDir('tw-analytics-oms-');
    h = omsHarness(join(t.dir, 'ws.db'), { slippageBps: 10, feeBps: 5 });
  });
  afterEach(async () => {
    await h.close();
    t.cleanup();
  });

  const deps = (): PortfolioDeps => ({
    fills: h.fills,
    orders: h.orders,
    accounts: { view: h.view, repo: h.accounts },
    equity: new EquityRecorder(h.db),
    mark: (s) => {
      const p = h.prices.lastPrice(s);
      return p === null ? null : dec(p);
    },
    now: () => h.prices.marketTime(),
  });

  it('account total = equity - starting cash; a symbol slice equals its position row; the bot slice is its own fills', async () => {
    h.prices.tick('ACME', 40);
    const trades = [
      [manual, 'buy', '10'],
      [alpha, 'buy', '5'],
      [alpha, 'sell', '8'], // alpha: 5 long closed, 3 short opened; the account is long 7
      [manual, 'sell', '2'],
      [alpha, 'buy', '3'], // alpha flat again
      [alpha, 'buy', '4'],
    ] as const;
    let price = 40;
    for (const [ctx, side, qty] of trades) {
      await h.oms.submit({ symbol: 'ACME', side, type: 'market', tif: 'day', qty }, ctx);
      price += 1.37;
      h.prices.tick('ACME', price); // fills at this price +/- 10 bps, fee 5 bps
    }
    h.prices.tick('ACME', 47.77);
    expect(h.fills.list({ limit: 100 })).toHaveLength(6);

    const account = PortfolioReport.parse(buildPortfolioReport(deps(), { accountId: 'paper' }));
    const summary = h.view.summary('paper');
    expect(account.pnl.total).toBe(cents(new Decimal(summary.equity).minus(100000)));
    expect(account.pnl.unrealized).toBe(summary.unrealizedPnl);
    expect(new Decimal(account.pnl.realized).plus(account.pnl.fees).toFixed(2)).toBe(new Decimal(summary.realizedPnl).toFixed(2));

    const acme = buildPortfolioReport(deps(), { accountId: 'paper', symbol: 'ACME' });
    expect(acme.pnl).toEqual(account.pnl);

    // The bot, by hand from its own fills: cash flow plus its 4 units at the mark.
    const own = new Set(h.orders.list({ scope: 'all', limit: 100 }).filter((o) => o.owner === 'bot:alpha').map((o) => o.id));
    let flow = ZERO;
    let units = ZERO;
    for (const f of h.fills.list({ limit: 100 }).filter((x) => own.has(x.orderId))) {
      const notional = dec(f.qty).times(f.price);
      flow = (f.side === 'buy' ? flow.minus(notional) : flow.plus(notional)).minus(f.fee);
      units = f.side === 'buy' ? units.plus(f.qty) : units.minus(f.qty);
    }
    expect(units.toFixed()).toBe('4');
    const bot = PortfolioReport.parse(buildPortfolioReport(deps(), { accountId: 'paper', botId: 'alpha' }));
    expect(bot.pnl.total).toBe(cents(flow.plus(units.times('47.77'))));
    expect(bot.exposure.bySymbol).toEqual([{ key: 'ACME', long: '191.08', short: '0', net: '191.08', gross: '191.08' }]);
    // alpha's trades: 5 long closed, then 3 short closed.
    expect(bot.metrics.tradeCount).toBe(2);
  });
});
