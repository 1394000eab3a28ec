import { z } from 'zod';
import { invoke } from './define';
import { DecimalString, EpochMs } from './common';

/**
 * Performance metrics. The same module computes them for accounts, bots and backtests.
 * Ratios are floats (analytics, not money); null when undefined for the data (e.g. no
 * trades, or no variance).
 */
export const Metrics = z.object({
  totalReturn: z.number().nullable(),
  /** Annualised from daily returns. */
  sharpe: z.number().nullable(),
  sortino: z.number().nullable(),
  calmar: z.number().nullable(),
  /** As a positive fraction of the peak (0.12 = 12%). */
  maxDrawdown: z.number().nullable(),
  maxDrawdownDurationMs: z.number().nullable(),
  /** Historical one-day Value at Risk at 95%, as a positive fraction of equity. */
  var95: z.number().nullable(),
  tradeCount: z.number().int(),
  winRate: z.number().nullable(),
  profitFactor: z.number().nullable(),
  avgWin: z.number().nullable(),
  avgLoss: z.number().nullable(),
  avgHoldingMs: z.number().nullable(),
  /** Fraction of time with a position open. */
  exposure: z.number().nullable(),
  /** Traded notional divided by average equity. */
  turnover: z.number().nullable(),
});
export type Metrics = z.infer<typeof Metrics>;

export const ExposureRow = z.object({ key: z.string(), long: DecimalString, short: DecimalString, net: DecimalString, gross: DecimalString });
export type ExposureRow = z.infer<typeof ExposureRow>;

export const PortfolioReport = z.object({
  accountId: z.string(),
  scope: z.object({ botId: z.string().nullable(), symbol: z.string().nullable() }),
  currency: z.string(),
  equityCurve: z.object({ t: z.array(EpochMs), equity: z.array(z.number()) }),
  pnl: z.object({ realized: DecimalString, unrealized: DecimalString, today: DecimalString, total: DecimalString, fees: DecimalString }),
  dailyReturns: z.object({ day: z.array(z.string()), ret: z.array(z.number()), cumulative: z.array(z.number()) }),
  metrics: Metrics,
  exposure: z.object({ bySymbol: z.array(ExposureRow), bySector: z.array(ExposureRow), byGroup: z.array(ExposureRow) }),
  correlation: z.object({ symbols: z.array(z.string()), matrix: z.array(z.array(z.number().nullable())) }),
});
export type PortfolioReport = z.infer<typeof PortfolioReport>;

export const portfolioChannels = {
  'portfolio.report': invoke(
    'Equity curve, P&L (realised, unrealised, today, total), metrics, exposure and correlations of an account, a bot or a symbol.',
    z
      .object({
        accountId: z.string().max(64).optional(),
        botId: z.string().max(64).optional(),
        symbol: z.string().max(32).optional(),
        from: EpochMs.optional(),
      })
      .strict()
      .default({}),
    PortfolioReport,
  ),
} as const;
