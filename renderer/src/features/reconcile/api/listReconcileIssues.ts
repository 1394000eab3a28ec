import { queryOptions, useQuery, type QueryClient } from '@tanstack/react-query';
import type { ReconcileIssue } from '../../../../../shared/contract';
import { api } from '../../../api';
import { reconcileKeys } from './reconcileKeys';

/** Open mismatches (includeClosed false), or every issue with how it was resolved. */
export const reconcileIssuesQueryOptions = (includeClosed: boolean) =>
  queryOptions({
    queryKey: reconcileKeys.issues(includeClosed),
    queryFn: () => api.invoke('reconcile.issues', { includeClosed }),
    // The open list is kept current by reconcile.changed; refetched after a reconnect.
    staleTime: Infinity,
  });

export function useReconcileIssues(includeClosed: boolean) {
  return useQuery(reconcileIssuesQueryOptions(includeClosed));
}

const countOpen = (issues: ReconcileIssue[]) => issues.filter((issue) => issue.status === 'open').length;

/** How many mismatches wait for the user: the badge on the Reconciliation tab. */
export function useOpenIssueCount(): number {
  return useQuery({ ...reconcileIssuesQueryOptions(false), select: countOpen }).data ?? 0;
}

/**
 * reconcile.changed carries the open issues: they replace the open list; the list with
 * closed issues is read again when someone looks at it.
 */
export function setReconcileIssues(queryClient: QueryClient, issues: ReconcileIssue[]): void {
  queryClient.setQueryData(reconcileIssuesQueryOptions(false).queryKey, issues);
  void queryClient.invalidateQueries({ queryKey: reconcileIssuesQueryOptions(true).queryKey });
}

/**
 * One issue from a reply folded into the cached lists. It stays in the open list, marked
 * resolved (no more buttons, not counted), until reconcile.changed replaces the list: the
 * event handler sees which issues closed and reads those accounts' books again.
 */
export function applyResolvedIssue(queryClient: QueryClient, issue: ReconcileIssue): void {
  queryClient.setQueryData(reconcileIssuesQueryOptions(false).queryKey, (list) =>
    list?.map((known) => (known.id === issue.id ? issue : known)),
  );
  queryClient.setQueryData(reconcileIssuesQueryOptions(true).queryKey, (list) =>
    list?.map((known) => (known.id === issue.id ? issue : known)),
  );
}

/** The open issues as last cached, to tell which ones an event closed. */
export function getOpenReconcileIssues(queryClient: QueryClient): ReconcileIssue[] | undefined {
  return queryClient.getQueryData(reconcileIssuesQueryOptions(false).queryKey);
}
