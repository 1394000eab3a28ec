import { useEffect, useRef } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../api';
import { setAccountSummary } from '../features/account/api/getAccountSummary';
import { setConnections } from '../features/connections/api/listConnections';
import { applyBarUpdatesToInstruments } from '../features/market/api/getInstruments';
import { publishBarUpdates } from '../features/market/api/liveBarFeed';
import { applyAddedFills } from '../features/orders/api/listFills';
import { applyOrderChanges } from '../features/orders/api/listOrders';
import { setPositions } from '../features/positions/api/listPositions';
import { useConnectionStatus } from './useConnectionStatus';

/**
 * The one place where pushed events reach the query cache. It lives in app/ rather than
 * api/ because it composes every feature's cache updaters; api/ knows no feature.
 *
 * After a reconnect, events may have been missed while the link was down, so every query
 * is invalidated and refetched instead of trusting the cache.
 */
export function useLiveEvents(): void {
  const queryClient = useQueryClient();

  useEffect(() => {
    const unsubscribers = [
      api.subscribe('market.barsUpdated', ({ bars }) => {
        publishBarUpdates(bars);
        applyBarUpdatesToInstruments(queryClient, bars);
      }),
      api.subscribe('orders.changed', ({ orders }) => applyOrderChanges(queryClient, orders)),
      api.subscribe('fills.added', ({ fills }) => applyAddedFills(queryClient, fills)),
      api.subscribe('account.changed', ({ account, positions }) => {
        setAccountSummary(queryClient, account);
        setPositions(queryClient, positions);
      }),
      api.subscribe('connections.changed', ({ connections }) => setConnections(queryClient, connections)),
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
