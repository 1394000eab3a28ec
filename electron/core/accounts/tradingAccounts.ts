import type { TradingAccount, VenueState } from '../../../shared/contract';
import type { BrokerPort, VenueCapabilities, VenueConnection } from '../brokers/port';
import type { ConnectionService } from '../connections/connectionService';
import { Decimal, dec } from '../domain/decimal';
import { rulesOf, type TradingRules } from '../domain/instrument';
import type { Logger } from '../log/logger';
import { PAPER_CAPABILITIES, type OrderManager, type ReconcileResult } from '../oms/orderManager';
import type { AccountRepo } from '../store/repos/accountRepo';

export const PAPER_ACCOUNT_ID = 'paper';

interface Remote {
  id: string;
  venue: VenueConnection | null;
  state: VenueState;
  detail: string | null;
  unsubscribe: (() => void) | null;
  /** Set once the first connect finished; later 'connected' states are reconnects. */
  everConnected: boolean;
}

export interface TradingAccountsOptions {
  oms: OrderManager;
  accounts: AccountRepo;
  connections: ConnectionService;
  paper: {
    broker: BrokerPort;
    rules: (symbol: string) => TradingRules | undefined;
    instrument: (symbol: string) => import('../../../shared/contract').Instrument | undefined;
    lastPrice: (symbol: string) => Decimal | null;
  };
  log: Logger;
  now: () => number;
  /** How often connected venues are reconciled in the background (ms; 0 = never). */
  reconcileEveryMs: number;
  onChange: () => void;
  /** Called after each reconciliation, e.g. to record mismatches for the user. */
  onReconciled: (result: ReconcileResult) => void;
}

/**
 * Every account the OMS can route to: the local paper account and one per broker
 * connection. It opens each connection's venue, keeps its state, attaches it to the OMS
 * once connected, and reconciles at connect, after every reconnect and periodically.
 * A venue that cannot be reached leaves its account listed as down; nothing else stops.
 */
export class TradingAccounts {
  private readonly remotes = new Map<string, Remote>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private closed = false;
  private readonly unsubscribeConnections: () => void;

  constructor(private readonly o: TradingAccountsOptions) {
    o.oms.attach(PAPER_ACCOUNT_ID, o.paper.broker, PAPER_CAPABILITIES);
    this.unsubscribeConnections = o.connections.onChange(() => void this.sync());
  }

  /** Opens every saved connection (in the background) and starts periodic reconciliation. */
  start(): void {
    void this.sync();
    if (this.o.reconcileEveryMs > 0) {
      this.timer = setInterval(() => void this.reconcileAll(), this.o.reconcileEveryMs);
      this.timer.unref?.();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.unsubscribeConnections();
    for (const id of Array.from(this.remotes.keys())) await this.drop(id);
  }

  knows(accountId: string): boolean {
    return accountId === PAPER_ACCOUNT_ID || this.remotes.has(accountId);
  }

  rules(accountId: string, symbol: string): TradingRules | undefined {
    if (accountId === PAPER_ACCOUNT_ID) return this.o.paper.rules(symbol);
    const instrument = this.remotes.get(accountId)?.venue?.instrument(symbol);
    return instrument ? rulesOf(instrument) : undefined;
  }

  instrument(accountId: string, symbol: string): import('../../../shared/contract').Instrument | undefined {
    if (accountId === PAPER_ACCOUNT_ID) return this.o.paper.instrument(symbol);
    return this.remotes.get(accountId)?.venue?.instrument(symbol);
  }

  lastPrice(accountId: string, symbol: string): Decimal | null {
    // Remote venues get their prices with market data (their own feeds); until then none.
    return accountId === PAPER_ACCOUNT_ID ? this.o.paper.lastPrice(symbol) : null;
  }

  permission(accountId: string): string | null {
    if (accountId === PAPER_ACCOUNT_ID) return null;
    const p = this.o.connections.tradingPermission(accountId);
    return p.allowed ? null : (p.reason ?? 'This account may not trade');
  }

  list(): TradingAccount[] {
    const out: TradingAccount[] = [this.describe(PAPER_ACCOUNT_ID, 'Paper account', 'paper', 'paper', 'connected', null, PAPER_CAPABILITIES)];
    for (const info of this.o.connections.list()) {
      const r = this.remotes.get(info.id);
      const caps = r?.venue?.capabilities;
      out.push(
        this.describe(
          info.id,
          info.name,
          info.exchangeId ?? info.venue,
          info.mode,
          r?.state ?? 'down',
          r?.detail ?? 'Not connected',
          caps ?? { orderTypes: [], timeInForce: [], orderClasses: [], canModify: false, streamsOrderUpdates: false },
        ),
      );
    }
    return out;
  }

  async reconcile(accountId?: string): Promise<ReconcileResult[]> {
    const ids = accountId ? [accountId] : this.o.oms.attachedAccounts();
    const out: ReconcileResult[] = [];
    for (const id of ids) {
      const result = await this.o.oms.reconcile(id);
      await this.refreshCash(id);
      this.o.onReconciled(result);
      out.push(result);
    }
    return out;
  }

  private async reconcileAll(): Promise<void> {
    for (const id of this.o.oms.attachedAccounts()) {
      if (id === PAPER_ACCOUNT_ID) continue;
      try {
        await this.reconcile(id);
      } catch (err) {
        this.o.log.warn('periodic reconciliation failed', { accountId: id, error: String(err) });
      }
    }
  }

  /** Opens new connections and closes deleted ones. */
  private async sync(): Promise<void> {
    if (this.closed) return;
    const saved = new Map(this.o.connections.list().map((c) => [c.id, c]));
    for (const id of Array.from(this.remotes.keys())) if (!saved.has(id)) await this.drop(id);
    for (const [id, info] of saved) {
      if (this.remotes.has(id) || info.status === 'error') continue;
      const remote: Remote = { id, venue: null, state: 'connecting', detail: null, unsubscribe: null, everConnected: false };
      this.remotes.set(id, remote);
      this.o.onChange();
      void this.open(remote, info.name, info.mode);
    }
  }

  private async open(remote: Remote, name: string, mode: 'paper' | 'live'): Promise<void> {
    try {
      const venue = await this.o.connections.openVenue(remote.id);
      if (this.closed || this.remotes.get(remote.id) !== remote) {
        await venue.close();
        return;
      }
      remote.venue = venue;
      remote.unsubscribe = venue.onState((state, detail) => void this.onState(remote, state, detail));
      await venue.connect();
      const info = await venue.accountInfo();
      this.o.accounts.ensure({
        id: remote.id,
        name,
        venue: venue.venue,
        mode,
        currency: info.currency,
        startingCash: info.cash,
        dayStartDate: new Date(this.o.now()).toISOString().slice(0, 10),
        at: this.o.now(),
      });
      this.o.oms.attach(remote.id, venue, venue.capabilities);
      remote.everConnected = true;
      this.setState(remote, 'connected', null);
      await this.reconcile(remote.id);
    } catch (err) {
      this.o.log.warn('could not connect an account', { accountId: remote.id, error: String(err) });
      this.setState(remote, 'down', err instanceof Error ? err.message : String(err));
    }
  }

  private async onState(remote: Remote, state: VenueState, detail?: string): Promise<void> {
    const wasDown = remote.state !== 'connected';
    this.setState(remote, state, detail ?? null);
    // Back after an outage: whatever happened meanwhile is fetched from the venue.
    if (state === 'connected' && wasDown && remote.everConnected) {
      try {
        await this.reconcile(remote.id);
      } catch (err) {
        this.o.log.warn('reconciliation after reconnect failed', { accountId: remote.id, error: String(err) });
      }
    }
  }

  private setState(remote: Remote, state: VenueState, detail: string | null): void {
    if (remote.state === state && remote.detail === detail) return;
    remote.state = state;
    remote.detail = state === 'connected' ? null : detail;
    this.o.onChange();
  }

  private async refreshCash(accountId: string): Promise<void> {
    if (accountId === PAPER_ACCOUNT_ID) return;
    const broker = this.o.oms.broker(accountId);
    if (!broker) return;
    // The venue is the truth for balances; the local figure follows it after each reconcile.
    const cash = await broker.cash();
    const account = this.o.accounts.get(accountId);
    if (account && !account.cash.eq(cash)) this.o.accounts.setCash(accountId, dec(cash), this.o.now());
  }

  private async drop(id: string): Promise<void> {
    const remote = this.remotes.get(id);
    this.remotes.delete(id);
    this.o.oms.detach(id);
    remote?.unsubscribe?.();
    try {
      await remote?.venue?.close();
    } catch (err) {
      this.o.log.warn('closing a venue failed', { accountId: id, error: String(err) });
    }
    this.o.onChange();
  }

  private describe(
    accountId: string,
    name: string,
    venue: string,
    mode: 'paper' | 'live',
    state: VenueState,
    detail: string | null,
    caps: VenueCapabilities,
  ): TradingAccount {
    const reason = this.permission(accountId) ?? (state === 'connected' ? null : `Not connected${detail ? `: ${detail}` : ''}`);
    return {
      accountId,
      name,
      venue,
      mode,
      state,
      stateDetail: detail,
      canTrade: reason === null,
      reason,
      orderTypes: [...caps.orderTypes],
      timeInForce: [...caps.timeInForce],
      orderClasses: [...caps.orderClasses],
      canModify: caps.canModify,
    };
  }
}
