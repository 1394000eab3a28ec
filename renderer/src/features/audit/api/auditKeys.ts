export interface AuditFilter {
  text: string;
  action: string;
}

/** Every query key of the audit feature comes from here. */
export const auditKeys = {
  all: ['audit'] as const,
  lists: () => [...auditKeys.all, 'list'] as const,
  list: (filter: AuditFilter) => [...auditKeys.lists(), filter] as const,
};
