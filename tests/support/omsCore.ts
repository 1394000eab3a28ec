import type { BrokerPort, ExecutionReport, VenueCapabilities } from '../../electron/core/brokers/port';
import type { Decimal } from '../../electron/core/domain/decimal';
import type { TradingRules } from '../../electron/core/domain/instrument';
import type { OrderRequest } from '../../electron/core/domain/orderValidation';
import { createLogger, Redactor } from '../../electron/core/log/logger';
import { OrderManager, type FaultPoint, type PreTradeCheck, type SubmitContext } from '../../electron/core/oms/orderManager';
import type { Db } from '../../electron/core/store/database';
import { AccountRepo } from '../../electron/core/store/repos/accountRepo';
import { AuditRepo } from '../../electron/core/store/repos/auditRepo';
import { FillRepo } from '../../electron/core/store/repos/fillRepo';
import { OrderRepo } from '../../electron/core/store/repos/orderRepo';

export interface OmsCoreOptions {
  accountId: string;
  broker: BrokerPort;
  capabilities: VenueCapabilities;
  rules: (symbol: string) => TradingRules | undefined;
  lastPrice: (symbol: string) => Decimal | null;
  now: () => number;
  checks?: PreTradeCheck[];
  permission?: () => string | null;
  faultPoint?: (name: FaultPoint) => void;
  lookupBackoffMs?: number;
}

/**
 * The real OMS and repositories on a database, with one account attached to one broker,
 * and the OMS seen through that account (what the composition root does for each account).
 */
export function omsCore(db: Db, o: OmsCoreOptions) {
  const orders = new OrderRepo(db);
  const fills = new FillRepo(db);
  const accounts = new AccountRepo(db);
  const audit = new AuditRepo(db);
  const manager = new OrderManager({
    db,
    orders,
    fills,
    accounts,
    audit,
    rules: (a, s) => (a === o.accountId ? o.rules(s) : undefined),
    lastPrice: (a, s) => (a === o.accountId ? o.lastPrice(s) : null),
    permission: () => o.permission?.() ?? null,
    knowsAccount: (a) => a === o.accountId,
    preTradeChecks: o.checks ?? [],
    now: o.now,
    log: createLogger({ redactor: new Redactor() }),
    faultPoint: o.faultPoint,
    lookupBackoffMs: o.lookupBackoffMs,
  });
  manager.attach(o.accountId, o.broker, o.capabilities);
  const oms = {
    manager,
    submit: (req: OrderRequest & { accountId?: string }, ctx: SubmitContext) => manager.submit({ ...req, accountId: req.accountId ?? o.accountId }, ctx),
    cancel: (orderId: string, actor: string) => manager.cancel(orderId, actor),
    modify: (orderId: string, changes: Parameters<OrderManager['modify']>[1], actor: string) => manager.modify(orderId, changes, actor),
    reconcile: () => manager.reconcile(o.accountId),
    onReport: (r: ExecutionReport) => manager.onReport(o.accountId, r),
    subscribe: (l: Parameters<OrderManager['subscribe']>[0]) => manager.subscribe(l),
    close: () => manager.close(),
  };
  return { oms, orders, fills, accounts, audit };
}
