import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../api';
import { auditKeys, type AuditFilter } from './auditKeys';

export const AUDIT_LIMIT = 500;

/**
 * The audit log, newest first, filtered by the engine. No event pushes audit entries, so
 * the view reads it when opened, when the filter changes and when the user refreshes.
 */
export const auditEntriesQueryOptions = (filter: AuditFilter) =>
  queryOptions({
    queryKey: auditKeys.list(filter),
    queryFn: () =>
      api.invoke('audit.list', {
        ...(filter.text.trim() ? { text: filter.text.trim() } : {}),
        ...(filter.action ? { action: filter.action } : {}),
        limit: AUDIT_LIMIT,
      }),
    staleTime: 0,
    // Typing in the search keeps the previous rows on screen until the new ones arrive.
    placeholderData: keepPreviousData,
  });

export function useAuditEntries(filter: AuditFilter) {
  return useQuery(auditEntriesQueryOptions(filter));
}
