import { queryOptions, useQuery, type QueryClient } from '@tanstack/react-query';
import type { ConnectionInfo } from '../../../../../shared/contract';
import { api } from '../../../api';
import { connectionKeys } from './connectionKeys';

export const connectionsQueryOptions = () =>
  queryOptions({
    queryKey: connectionKeys.list(),
    queryFn: () => api.invoke('connections.list', {}),
    // Kept current by connections.changed events (the whole masked list); refetched after a reconnect.
    staleTime: Infinity,
  });

export function useConnections() {
  return useQuery(connectionsQueryOptions());
}

/** True while any live account may trade: the top bar's LIVE badge. */
export function useLiveEnabledConnections(): ConnectionInfo[] {
  const { data } = useQuery({ ...connectionsQueryOptions(), select: selectLiveEnabled });
  return data ?? NONE;
}

const NONE: ConnectionInfo[] = [];
const selectLiveEnabled = (list: ConnectionInfo[]) => {
  const live = list.filter((connection) => connection.liveEnabled);
  return live.length ? live : NONE;
};

/** The engine's list as pushed by connections.changed: it replaces the cache. */
export function setConnections(queryClient: QueryClient, connections: ConnectionInfo[]): void {
  queryClient.setQueryData(connectionsQueryOptions().queryKey, connections);
}

/** One connection from a reply (add, rename, enable, disable) folded into the cached list. */
export function upsertConnection(queryClient: QueryClient, connection: ConnectionInfo): void {
  queryClient.setQueryData(connectionsQueryOptions().queryKey, (list) => {
    if (!list) return list;
    const known = list.some((c) => c.id === connection.id);
    return known ? list.map((c) => (c.id === connection.id ? connection : c)) : [...list, connection];
  });
}

export function removeConnection(queryClient: QueryClient, id: string): void {
  queryClient.setQueryData(connectionsQueryOptions().queryKey, (list) => list?.filter((c) => c.id !== id));
}
