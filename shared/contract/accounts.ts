import { z } from 'zod';
import { event, invoke } from './define';
import { EpochMs } from './common';
import { OrderClass, OrderType, TimeInForce } from './orders';

export const VenueState = z.enum(['connecting', 'connected', 'reconnecting', 'down']);
export type VenueState = z.infer<typeof VenueState>;

/** A trading account the OMS routes to: the local paper account, or one per broker connection. */
export const TradingAccount = z.object({
  accountId: z.string(),
  name: z.string(),
  /** "paper" (local simulator), "alpaca", or a ccxt exchange id. */
  venue: z.string(),
  mode: z.enum(['paper', 'live']),
  state: VenueState,
  /** Why the connection is not connected, in words. */
  stateDetail: z.string().nullable(),
  /** False when orders would be refused (live not enabled, key missing); reason says why. */
  canTrade: z.boolean(),
  reason: z.string().nullable(),
  orderTypes: z.array(OrderType),
  timeInForce: z.array(TimeInForce),
  orderClasses: z.array(OrderClass),
  canModify: z.boolean(),
});
export type TradingAccount = z.infer<typeof TradingAccount>;

export const AuditEntry = z.object({
  seq: z.number().int(),
  at: EpochMs,
  actor: z.string(),
  action: z.string(),
  subject: z.string().nullable(),
  outcome: z.enum(['ok', 'refused', 'error']),
  detail: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const ReconcileIssue = z.object({
  id: z.string(),
  accountId: z.string(),
  kind: z.enum(['position_mismatch', 'unknown_venue_order']),
  symbol: z.string().nullable(),
  /** What our books say and what the venue says, in words or quantities. */
  local: z.string(),
  venue: z.string(),
  detectedAt: EpochMs,
  status: z.enum(['open', 'ignored', 'resolved']),
  resolution: z.string().nullable(),
});
export type ReconcileIssue = z.infer<typeof ReconcileIssue>;

export const ReconcileSummary = z.object({
  accountId: z.string(),
  checked: z.number().int(),
  adopted: z.number().int(),
  fillsApplied: z.number().int(),
  closed: z.number().int(),
  openIssues: z.number().int(),
  at: EpochMs,
});
export type ReconcileSummary = z.infer<typeof ReconcileSummary>;

export const accountsChannels = {
  'accounts.list': invoke(
    'Trading accounts with their connection state and what their venue supports.',
    z.object({}).strict().default({}),
    z.array(TradingAccount),
  ),
  'audit.list': invoke(
    'The audit log, newest first, optionally filtered.',
    z
      .object({
        text: z.string().max(128).optional(),
        action: z.string().max(64).optional(),
        limit: z.number().int().min(1).max(5_000).default(500),
      })
      .strict()
      .default({ limit: 500 }),
    z.array(AuditEntry),
  ),
  'reconcile.run': invoke(
    'Reconcile local books with the venue now.',
    z.object({ accountId: z.string().max(64).optional() }).strict().default({}),
    z.array(ReconcileSummary),
  ),
  'reconcile.issues': invoke(
    'Mismatches the engine could not resolve by itself.',
    z.object({ includeClosed: z.boolean().default(false) }).strict().default({ includeClosed: false }),
    z.array(ReconcileIssue),
  ),
  'reconcile.resolve': invoke(
    'Resolve a mismatch: adopt the venue figure, ignore it, or flatten the position at the venue.',
    z.object({ issueId: z.string().min(1).max(64), action: z.enum(['adopt', 'ignore', 'flatten']) }).strict(),
    ReconcileIssue,
    { rateLimited: true },
  ),
} as const;

export const accountsEvents = {
  'accounts.changed': event('Trading accounts after a connection state change.', z.object({ accounts: z.array(TradingAccount) })),
  'reconcile.changed': event('Reconciliation issues after a run or a resolution.', z.object({ issues: z.array(ReconcileIssue) })),
} as const;
