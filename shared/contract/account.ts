import { z } from 'zod';
import { event, invoke } from './define';
import { DecimalString, EpochMs } from './common';

export const Position = z.object({
  accountId: z.string(),
  symbol: z.string(),
  /** Signed: negative is short. */
  qty: DecimalString,
  avgPrice: DecimalString,
  marketPrice: DecimalString.nullable(),
  marketValue: DecimalString,
  costBasis: DecimalString,
  unrealizedPnl: DecimalString,
  realizedPnl: DecimalString,
  updatedAt: EpochMs,
});
export type Position = z.infer<typeof Position>;

export const AccountSummary = z.object({
  accountId: z.string(),
  name: z.string(),
  venue: z.string(),
  mode: z.enum(['paper', 'live']),
  currency: z.string(),
  cash: DecimalString,
  equity: DecimalString,
  buyingPower: DecimalString,
  positionsValue: DecimalString,
  realizedPnl: DecimalString,
  unrealizedPnl: DecimalString,
  /** Equity now minus equity at the start of the trading day. */
  dayPnl: DecimalString,
  dayStartEquity: DecimalString,
  updatedAt: EpochMs,
});
export type AccountSummary = z.infer<typeof AccountSummary>;

export const accountChannels = {
  'account.summary': invoke(
    'Cash, equity and P&L of an account (the paper account by default).',
    z.object({ accountId: z.string().max(64).optional() }).strict().default({}),
    AccountSummary,
  ),
  'positions.list': invoke(
    'Open positions with average price and unrealised P&L.',
    z.object({ accountId: z.string().max(64).optional() }).strict().default({}),
    z.array(Position),
  ),
} as const;

export const accountEvents = {
  'account.changed': event(
    'Account summary and positions after a fill or a price move (coalesced).',
    z.object({ account: AccountSummary, positions: z.array(Position) }),
  ),
} as const;
