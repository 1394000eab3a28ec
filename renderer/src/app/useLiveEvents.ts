import { useEffect, useRef } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../api';
import { invalidateAccountSummary, setAccountSummary } from '../features/account/api/getAccountSummary';
import { getTradingAccounts, setTradingAccounts } from '../features/accounts/api/listTradingAccounts';
import { setBots } from '../features/bots/api/listBots';
import { applyDecisions } from '../features/bots/api/listDecisions';
import { setConnections } from '../features/connections/api/listConnections';
import { applyBarUpdatesToInstruments } from '../features/market/api/getInstruments';
import { publishBarUpdates } from '../features/market/api/liveBarFeed';
import { upsertBackfillJob } from '../features/marketdata/api/listBackfills';
import { invalidateSources } from '../features/marketdata/api/listSources';
import { applyLiveBook } from '../features/marketdata/api/liveBook';
import { applyLiveTrades } from '../features/marketdata/api/liveTrades';
import { applyAddedFills } from '../features/orders/api/listFills';
import { applyOrderChanges, invalidateAccountOrders } from '../features/orders/api/listOrders';
import { invalidatePositions, setPositions } from '../features/positions/api/listPositions';
import { getOpenReconcileIssues, setReconcileIssues } from '../features/reconcile/api/listReconcileIssues';
import { setRiskStatus } from '../features/risk/api/getRiskStatus';
import { applyTrainingProgress } from '../features/training/api/liveProgress';
import { useConnectionStatus } from './useConnectionStatus';

/**
 * The one place where pushed events reach the query cache. It lives in app/ rather than
 * api/ because it composes every feature's cache updaters; api/ knows no feature.
 *
 * After a reconnect, events may have been missed while the link was down, so every query
 * is invalidated and refetched instead of trusting the cache. The same goes for one broker
 * account whose venue comes back (or connects for the first time): its books are read again,
 * and the engine's reconciliation then pushes whatever it finds.
 */
export function useLiveEvents(): void {
  const queryClient = useQueryClient();

  useEffect(() => {
    /** Reads one account's summary, positions and orders again. */
    const refreshBooks = (accountId: string) => {
      void invalidateAccountSummary(queryClient, accountId);
      void invalidatePositions(queryClient, accountId);
      void invalidateAccountOrders(queryClient, accountId);
    };
    const unsubscribers = [
      api.subscribe('market.barsUpdated', ({ bars }) => {
        publishBarUpdates(bars);
        applyBarUpdatesToInstruments(queryClient, bars);
      }),
      api.subscribe('market.backfillProgress', ({ job }) => upsertBackfillJob(queryClient, job)),
      api.subscribe('market.trades', (payload) => applyLiveTrades(queryClient, payload)),
      api.subscribe('market.book', (payload) => applyLiveBook(queryClient, payload)),
      // A connection's market data source comes and goes with it.
      api.subscribe('connections.changed', () => void invalidateSources(queryClient)),
      api.subscribe('orders.changed', ({ orders }) => applyOrderChanges(queryClient, orders)),
      api.subscribe('fills.added', ({ fills }) => applyAddedFills(queryClient, fills)),
      // Sent per account: the summary says which one the positions belong to.
      api.subscribe('account.changed', ({ account, positions }) => {
        setAccountSummary(queryClient, account);
        setPositions(queryClient, account.accountId, positions);
      }),
      api.subscribe('connections.changed', ({ connections }) => setConnections(queryClient, connections)),
      api.subscribe('accounts.changed', ({ accounts }) => {
        const before = getTradingAccounts(queryClient);
        setTradingAccounts(queryClient, accounts);
        for (const account of accounts) {
          const previous = before?.find((known) => known.accountId === account.accountId);
          if (account.state !== 'connected' || (previous && previous.state === 'connected')) continue;
          refreshBooks(account.accountId);
        }
      }),
      api.subscribe('reconcile.changed', ({ issues }) => {
        const before = getOpenReconcileIssues(queryClient);
        setReconcileIssues(queryClient, issues);
        // Adopting a venue figure rewrites a position without an account.changed event:
        // the books of every account whose issue closed are read again.
        const stillOpen = new Set(issues.map((issue) => issue.id));
        const touched = new Set((before ?? []).filter((issue) => !stillOpen.has(issue.id)).map((issue) => issue.accountId));
        for (const accountId of touched) refreshBooks(accountId);
      }),
      // Sent per account (state, kill switch, usage, a denial): it replaces that account's status.
      api.subscribe('risk.changed', (status) => setRiskStatus(queryClient, status)),
      // Every bot's summary (status, P&L, positions, last decision); new decisions append to the open logs.
      api.subscribe('bots.changed', ({ bots }) => setBots(queryClient, bots)),
      api.subscribe('bots.decision', ({ decisions }) => applyDecisions(queryClient, decisions)),
      // Per run, at most about 4 a second: progress, the runs list, and (throttled) the run's leaderboard.
      api.subscribe('training.progress', (progress) => applyTrainingProgress(queryClient, progress)),
    ];
    return () => {
      for (const unsubscribe of unsubscribers) unsubscribe();
    };
  }, [queryClient]);

  const { connectedEpoch } = useConnectionStatus();
  const firstEpoch = useRef<number | null>(null);
  useEffect(() => {
    if (connectedEpoch === 0) return;
    if (firstEpoch.current === null) {
      firstEpoch.current = connectedEpoch;
      // Reads that gave up before the engine first answered get another go now.
      void queryClient.refetchQueries({ predicate: (query) => query.state.status === 'error' });
      return;
    }
    if (connectedEpoch > firstEpoch.current) void queryClient.invalidateQueries();
  }, [connectedEpoch, queryClient]);
}
